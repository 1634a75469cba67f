import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSecurityHeaders } from './security-headers';
import { DOCUMENT_ONLY_HEADERS, IMMUTABLE, REVALIDATE, webStaticOptions } from './web-static';

describe('serving the built web app', () => {
  let root: string;
  let app: FastifyInstance;
  const script = `export const text = "${'hemma '.repeat(400)}";`;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-web-static-'));
    fs.mkdirSync(path.join(root, 'assets'));
    const write = (file: string, data: string) => {
      fs.writeFileSync(path.join(root, file), data);
      fs.writeFileSync(path.join(root, `${file}.br`), brotliCompressSync(data));
      fs.writeFileSync(path.join(root, `${file}.gz`), gzipSync(data));
    };
    write('index.html', `<!doctype html><title>Hemma</title>${'<p>x</p>'.repeat(200)}`);
    write('assets/app-DHq4gsC-.js', script);
    write('assets/app-BlBL3Rx3.css', `.x{color:red}${'.y{margin:0}'.repeat(100)}`);
    fs.writeFileSync(path.join(root, 'sw.js'), 'self.x = 1;');
    fs.writeFileSync(path.join(root, 'assets/parser.worker-C3xq9aBd.js'), 'self.onmessage = () => {};');
    fs.writeFileSync(path.join(root, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = Fastify();
    // As app.ts registers it: every response gets the security headers first.
    addSecurityHeaders(app);
    await app.register(fastifyStatic, webStaticOptions(root));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string, encoding?: string) =>
    app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

  it('sends the Brotli copy to a browser that accepts it, gzip to one that accepts only gzip', async () => {
    const br = await get('/assets/app-DHq4gsC-.js', 'gzip, deflate, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(script.length / 5);
    const gz = await get('/assets/app-DHq4gsC-.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await get('/assets/app-DHq4gsC-.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('lets browsers keep hashed assets for a year, and asks again for everything else', async () => {
    expect((await get('/assets/app-DHq4gsC-.js', 'br')).headers['cache-control']).toBe(IMMUTABLE);
    expect((await get('/assets/app-DHq4gsC-.js')).headers['cache-control']).toBe(IMMUTABLE);
    expect((await get('/', 'br')).headers['cache-control']).toBe(REVALIDATE);
    expect((await get('/index.html')).headers['cache-control']).toBe(REVALIDATE);
    expect((await get('/sw.js')).headers['cache-control']).toBe(REVALIDATE);
  });

  it('sends document-only security headers on documents, workers and images, not on scripts and styles', async () => {
    for (const url of ['/assets/app-DHq4gsC-.js', '/assets/app-BlBL3Rx3.css']) {
      for (const encoding of ['br', undefined]) {
        const h = (await get(url, encoding)).headers;
        expect(h['x-content-type-options']).toBe('nosniff');
        expect(h['cross-origin-resource-policy']).toBe('same-origin');
        expect(h['strict-transport-security']).toBeDefined();
        expect(h['referrer-policy']).toBeDefined();
        for (const name of DOCUMENT_ONLY_HEADERS) expect({ url, [name]: h[name] }).toEqual({ url });
      }
    }
    for (const url of ['/', '/index.html', '/sw.js', '/assets/parser.worker-C3xq9aBd.js', '/icon.svg']) {
      const h = (await get(url, 'br')).headers;
      expect(h['content-security-policy']).toMatch(/default-src 'self'/);
      expect(h['x-frame-options']).toBe('DENY');
      expect(h['cross-origin-opener-policy']).toBe('same-origin');
      expect(h['x-content-type-options']).toBe('nosniff');
    }
  });
});
