import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { type Config, loadConfig, type RateLimits } from '../config';
import {
  createTestContext,
  DATABASE_KINDS,
  gatewayToken,
  json,
  type TestContext,
  testConfig,
} from '../testing/test-context';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join(';');

function expectSecurityHeaders(res: LightMyRequestResponse) {
  const h = res.headers;
  expect(h['content-security-policy']).toBe(CSP);
  expect(String(h['content-security-policy'])).not.toMatch(/unsafe-inline|unsafe-eval/);
  const hsts = String(h['strict-transport-security']);
  expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
  expect(hsts).toContain('includeSubDomains');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('no-referrer');
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['x-powered-by']).toBeUndefined();
}

function expectTooMany(res: LightMyRequestResponse, format: 'problem' | 'fhir') {
  expect(res.statusCode).toBe(429);
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(3600);
  if (format === 'problem') {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res)).toMatchObject({ type: 'about:blank', status: 429 });
  } else {
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(json(res)).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'throttled' }],
    });
  }
  expectSecurityHeaders(res);
}

const limits = (overrides: Partial<RateLimits>): RateLimits => ({
  ...loadConfig({}).rateLimit,
  ...overrides,
});

describe('rate limit configuration', () => {
  it('has generous defaults and reads the environment', () => {
    expect(loadConfig({}).rateLimit).toEqual({
      enabled: true,
      login: 10,
      token: 20,
      sms: 120,
      api: 600,
      fhir: 10_000,
    });
    expect(loadConfig({ HEMMA_RATE_LIMIT: '0' }).rateLimit.enabled).toBe(false);
    const env = loadConfig({
      HEMMA_RATE_LIMIT_LOGIN: '5',
      HEMMA_RATE_LIMIT_TOKEN: '7',
      HEMMA_RATE_LIMIT_SMS: '9',
      HEMMA_RATE_LIMIT_API: '1000',
      HEMMA_RATE_LIMIT_FHIR: '50000',
    }).rateLimit;
    expect(env).toEqual({ enabled: true, login: 5, token: 7, sms: 9, api: 1000, fhir: 50_000 });
  });

  it('never throttles FHIR clients below 5,000 a minute, and ignores nonsense', () => {
    expect(loadConfig({ HEMMA_RATE_LIMIT_FHIR: '100' }).rateLimit.fhir).toBe(5000);
    expect(loadConfig({ HEMMA_RATE_LIMIT_LOGIN: 'lots' }).rateLimit.login).toBe(10);
    expect(loadConfig({ HEMMA_RATE_LIMIT_API: '-1' }).rateLimit.api).toBe(600);
  });
});

describe.each(DATABASE_KINDS)('hardening (%s database)', (kind) => {
  let t: TestContext;
  let webDist: string;
  const apps: FastifyInstance[] = [];

  /** Another app on the same database, with its own (fresh) rate-limit counters. */
  async function appWith(overrides: Partial<Config>): Promise<FastifyInstance> {
    const { app } = await buildApp(t.db, testConfig(overrides), { logger: false });
    await app.ready();
    apps.push(app);
    return app;
  }

  const loginAttempt = (app: FastifyInstance, username: string, remoteAddress = '127.0.0.1') =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      headers: { 'x-requested-with': 'hemma' },
      payload: { username, password: 'wrong-password' },
    });

  beforeAll(async () => {
    t = await createTestContext(kind);
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-web-'));
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Hemma</title>');
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await t.close();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  describe('security headers', () => {
    it('are on every kind of response: JSON, problem, FHIR, OperationOutcome, the web app', async () => {
      const web = await appWith({ webDist });
      const token = await gatewayToken(t.app);
      const responses = [
        await t.app.inject({ method: 'GET', url: '/health' }),
        await t.app.inject({ method: 'GET', url: '/api/me' }),
        await t.app.inject({ method: 'GET', url: '/api/nothing-here' }),
        await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' }),
        await t.app.inject({ method: 'GET', url: '/fhir/R4/Patient' }),
        await t.app.inject({
          method: 'GET',
          url: '/fhir/R4/Patient?_count=1',
          headers: { authorization: `Bearer ${token}` },
        }),
        await t.app.inject({ method: 'POST', url: '/oauth2/token', payload: {} }),
        await web.inject({ method: 'GET', url: '/' }),
        await web.inject({ method: 'GET', url: '/patient/some/deep/link' }),
      ];
      expect(responses.map((r) => r.statusCode)).toEqual([200, 401, 404, 200, 401, 200, 400, 200, 200]);
      for (const res of responses) expectSecurityHeaders(res);
    });
  });

  describe('request size', () => {
    const big = JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) });

    it('rejects a 2 MiB body with 413 problem+json', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'hemma' },
        payload: big,
      });
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(json(res)).toMatchObject({ status: 413, title: 'Body too large' });
      expect(res.body.length).toBeLessThan(500);
    });

    it('rejects a 2 MiB FHIR body with 413 OperationOutcome', async () => {
      const token = await gatewayToken(t.app);
      const res = await t.app.inject({
        method: 'POST',
        url: '/fhir/R4/Observation',
        headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${token}` },
        payload: JSON.stringify({ resourceType: 'Observation', note: [{ text: 'z'.repeat(2 << 20) }] }),
      });
      expect(res.statusCode).toBe(413);
      expect(json(res)).toMatchObject({ resourceType: 'OperationOutcome' });
    });
  });

  describe('rate limits', () => {
    it('limit logins per address and username, and per address over all usernames', async () => {
      const app = await appWith({ rateLimit: limits({ login: 3 }) });
      for (let i = 0; i < 3; i++) expect((await loginAttempt(app, 'nurse.a')).statusCode).toBe(401);
      const limited = await loginAttempt(app, 'Nurse.A ');
      expectTooMany(limited, 'problem');
      expect(json(limited)).toMatchObject({ title: 'Too many requests' });
      // Another user from the same address, and the same user from another address, may still try.
      expect((await loginAttempt(app, 'patient.a')).statusCode).toBe(401);
      expect((await loginAttempt(app, 'nurse.a', '10.0.0.7')).statusCode).toBe(401);
      // At most 10 × the limit per address, whatever the usernames: 4 attempts got through so far.
      for (let i = 0; i < 26; i++) expect((await loginAttempt(app, `user${i}`)).statusCode).toBe(401);
      expectTooMany(await loginAttempt(app, 'someone-else'), 'problem');
      expect((await loginAttempt(app, 'someone-else', '10.0.0.8')).statusCode).toBe(401);
    });

    it('answers a locked account with Retry-After', async () => {
      const app = await appWith({});
      for (let i = 0; i < 5; i++) await loginAttempt(app, 'nurse.b');
      expectTooMany(await loginAttempt(app, 'nurse.b'), 'problem');
    });

    it('limit token requests per address', async () => {
      const app = await appWith({ rateLimit: limits({ token: 2 }) });
      expect(await gatewayToken(app)).toMatch(/\S{20,}/);
      expect(await gatewayToken(app)).toMatch(/\S{20,}/);
      const res = await app.inject({
        method: 'POST',
        url: '/oauth2/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=client_credentials&client_id=test-gateway&client_secret=test-gateway-secret',
      });
      expectTooMany(res, 'problem');
    });

    it('limit the SMS webhook per address', async () => {
      const app = await appWith({ rateLimit: limits({ sms: 2 }) });
      const send = (i: number) =>
        app.inject({
          method: 'POST',
          url: '/api/sms/inbound',
          headers: { 'x-hemma-sms-secret': 'demo-sms-secret' },
          payload: { from: '+46701740699', text: 'BT 120/80', messageId: `rl-${kind}-${i}` },
        });
      expect((await send(1)).statusCode).toBe(200);
      expect((await send(2)).statusCode).toBe(200);
      expectTooMany(await send(3), 'problem');
    });

    it('limit every other route per address by default', async () => {
      const app = await appWith({ rateLimit: limits({ api: 3 }) });
      for (let i = 0; i < 3; i++) expect((await app.inject('/health')).statusCode).toBe(200);
      expectTooMany(await app.inject('/health'), 'problem');
      expectTooMany(await app.inject('/api/me'), 'problem');
      expect((await app.inject({ url: '/health', remoteAddress: '10.0.0.9' })).statusCode).toBe(200);
    });

    it("never limit the web app's own files, which a first visit loads by the dozen", async () => {
      const app = await appWith({ rateLimit: limits({ api: 2 }), webDist });
      for (let i = 0; i < 5; i++) expect((await app.inject('/patient/history')).statusCode).toBe(200);
      for (let i = 0; i < 2; i++) await app.inject('/api/me');
      expectTooMany(await app.inject('/api/me'), 'problem');
    });

    it('limit FHIR per integration client, apart from the per-address limit', async () => {
      const app = await appWith({ rateLimit: limits({ api: 2, fhir: 4 }) });
      const token = await gatewayToken(app);
      const read = () =>
        app.inject({
          url: '/fhir/R4/Patient?_count=1',
          headers: { authorization: `Bearer ${token}` },
        });
      // More than the per-address limit: authenticated FHIR traffic counts per client.
      for (let i = 0; i < 4; i++) expect((await read()).statusCode).toBe(200);
      expectTooMany(await read(), 'fhir');
      // Unauthenticated FHIR requests count against the address.
      expect((await app.inject('/fhir/R4/metadata')).statusCode).toBe(200);
      expect((await app.inject('/fhir/R4/metadata')).statusCode).toBe(200);
      expectTooMany(await app.inject('/fhir/R4/metadata'), 'fhir');
    });

    it('slow down guessing bearer tokens per address', async () => {
      const app = await appWith({});
      const guess = (i: number, remoteAddress = '127.0.0.1') =>
        app.inject({
          url: '/fhir/R4/Patient',
          remoteAddress,
          headers: { authorization: `Bearer guess-${i}` },
        });
      for (let i = 0; i < 60; i++) expect((await guess(i)).statusCode).toBe(401);
      expectTooMany(await guess(60), 'fhir');
      expect((await guess(61, '10.0.0.10')).statusCode).toBe(401);
      // A valid token from the throttled address is refused too until the minute is over.
      const token = await gatewayToken(app);
      const res = await app.inject({
        url: '/fhir/R4/Patient',
        headers: { authorization: `Bearer ${token}` },
      });
      expectTooMany(res, 'fhir');
    });

    it('are all off with HEMMA_RATE_LIMIT=0', async () => {
      const app = await appWith({ rateLimit: limits({ enabled: false, api: 1, login: 1 }) });
      for (let i = 0; i < 5; i++) expect((await app.inject('/health')).statusCode).toBe(200);
      for (let i = 0; i < 3; i++) expect((await loginAttempt(app, 'patient.b')).statusCode).toBe(401);
    });
  });
});
