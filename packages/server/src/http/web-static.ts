// How the built web app (packages/web/dist) is served: files are looked up per request (wildcard), so a
// rebuilt app is served without a restart; the build writes Brotli/gzip copies beside each text file
// (packages/web/scripts/precompress.ts), sent as they are with Content-Encoding and Vary: Accept-Encoding.
import type { FastifyStaticOptions } from '@fastify/static';

// Vite names every file under /assets/ by a hash of its content: a changed file gets a new name, so a
// browser may keep one for a year without asking again. Everything else (index.html, the service worker,
// the manifest, icons) is asked for again each time, so a new version reaches users at once.
const HASHED = /^\/assets\/[^/]+-[\w-]{8}\.\w+(\.br|\.gz)?$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

export function webStaticOptions(root: string): FastifyStaticOptions {
  return {
    root,
    wildcard: true,
    preCompressed: true,
    setHeaders: (reply, file) => {
      const url = `/${file
        .slice(root.length)
        .replace(/^[\\/]+/, '')
        .replaceAll('\\', '/')}`;
      reply.header('cache-control', HASHED.test(url) ? IMMUTABLE : REVALIDATE);
    },
  };
}
