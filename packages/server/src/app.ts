import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { oauthRoutes } from './auth/oauth';
import { authRoutes } from './auth/routes';
import { sessionHook } from './auth/sessions';
import type { Config } from './config';
import type { Database } from './db/database';
import { EventBus } from './events/bus';
import { fhirRoutes } from './fhir/routes';
import { errorHandler } from './http/errors';
import { HttpProblem } from './http/problem';
import { registerRateLimits } from './http/rate-limit';
import { patientRoutes } from './patient/routes';
import { smsRoutes } from './sms/routes';
import { staffRoutes } from './staff/routes';

export interface AppContext {
  app: FastifyInstance;
  bus: EventBus;
}

export async function buildApp(
  db: Database,
  config: Config,
  opts: { logger?: boolean } = {},
): Promise<AppContext> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    // Query strings and URLs are logged without values: patient ids and search terms stay out of logs.
    logController: new LogController({ disableRequestLogging: true }),
    // Only behind a known reverse proxy may X-Forwarded-For set the client address the audit log records.
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  });
  const bus = new EventBus();

  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        route: req.routeOptions.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  app.addContentTypeParser(
    ['application/fhir+json', 'application/json+fhir'],
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  await app.register(helmet, {
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
  await registerRateLimits(app, config.rateLimit);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(swagger, {
    openapi: { info: { title: 'Hemma API', version: '0.1.0' } },
  });
  app.setErrorHandler(errorHandler);
  app.addHook('onRequest', sessionHook(db));

  app.get('/health', async (_req, reply) => {
    try {
      await db.query('SELECT 1');
      return { status: 'ok', database: { status: 'ok', kind: db.kind }, version: '0.1.0' };
    } catch {
      return reply.code(503).send({ status: 'error', database: { status: 'error', kind: db.kind } });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authRoutes, { db, config });
  await app.register(oauthRoutes, { db, config });
  await app.register(patientRoutes, { db, bus });
  await app.register(staffRoutes, { db, bus });
  await app.register(fhirRoutes, { db, bus, config });
  await app.register(smsRoutes, { db, bus, config });

  const index = path.join(config.webDist, 'index.html');
  if (fs.existsSync(index)) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: config.webDist, wildcard: true });
  }
  app.setNotFoundHandler((req, reply) => {
    const isApi = /^\/(api|fhir|oauth2|health|assets)(\/|$)/.test(req.url);
    if (!isApi && req.method === 'GET' && fs.existsSync(index)) return reply.sendFile('index.html');
    throw new HttpProblem(404, 'Not found', 'No such route.');
  });
  return { app, bus };
}
