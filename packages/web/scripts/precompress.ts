// Vite plugin: writes Brotli (.br) and gzip (.gz) copies of the built text files, so the server sends them
// compressed without compressing on every request (@fastify/static `preCompressed`). On a slow mobile link
// this is most of the first-view time (bench/web-budget.ts).
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const TEXT = /\.(js|css|html|svg|webmanifest|json)$/;

export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'hemma-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // After every other plugin (the service worker is generated in closeBundle too).
    closeBundle: {
      order: 'post',
      handler() {
        const walk = (dir: string): string[] =>
          fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
            const p = path.join(dir, e.name);
            return e.isDirectory() ? walk(p) : [p];
          });
        for (const file of walk(outDir).filter((f) => TEXT.test(f))) {
          const data = fs.readFileSync(file);
          if (data.length < 1024) continue;
          fs.writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
          fs.writeFileSync(
            `${file}.br`,
            brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
          );
        }
      },
    },
  };
}
