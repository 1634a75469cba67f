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

// Security headers that only mean something on a document (or a worker's own script): the page's CSP,
// framing (X-Frame-Options), COOP, Origin-Agent-Cluster and the legacy browser switches. http/security-headers.ts
// sets them on every response; on the app's scripts and stylesheets under /assets/ they do
// nothing (a script or stylesheet runs under the CSP of the page that loads it) but cost ~0.5 kB each, on
// a slow link before the first view (docs/security.md). nosniff, Cross-Origin-Resource-Policy, HSTS and
// Referrer-Policy (which applies to a module's own imports and a stylesheet's url()s) stay on every file.
// The documents (index.html), the service worker (sw.js, its workbox script, push-sw.js) and images
// (an SVG can be opened as a document) are not under this pattern and keep everything.
// A worker's script runs under its own response's CSP: Vite names worker bundles "*worker*", and they keep it.
const SUBRESOURCE = /^\/assets\/(?![^/]*worker)[^/]+\.(js|css)(\.br|\.gz)?$/i;
export const DOCUMENT_ONLY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'x-frame-options',
  'x-xss-protection',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
] as const;

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
      // helmet's onRequest hook wrote them to the raw response.
      if (SUBRESOURCE.test(url)) for (const name of DOCUMENT_ONLY_HEADERS) reply.raw.removeHeader(name);
    },
  };
}
