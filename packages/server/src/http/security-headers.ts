// Security headers on every response (helmet): a strict CSP (everything from this origin, no inline script or
// style), HSTS, no referrer, no framing. The middleware is built once: @fastify/helmet built it anew for each
// request (parsing every option and CSP directive again), a measurable share of a single FHIR POST's server
// time (issue 9). http/web-static.ts drops the document-only ones from scripts and stylesheets.
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

const securityHeaders = helmet({
  // Everything the web app loads comes from this origin; no inline script or style anywhere.
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      manifestSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      objectSrc: ["'none'"],
    },
  },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
});

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) =>
    securityHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)),
  );
}
