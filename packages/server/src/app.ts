import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { registerAuthorization } from './access/authorize';
import { accessRoutes } from './access/routes';
import { adminRoutes } from './admin/routes';
import { auditRoutes } from './audit/routes';
import { oauthRoutes } from './auth/oauth';
import { oidcRoutes } from './auth/oidc/routes';
import { authRoutes } from './auth/routes';
import { sessionHook } from './auth/sessions';
import { totpRoutes } from './auth/totp/routes';
import { webauthnRoutes } from './auth/webauthn/routes';
import { chatRoutes } from './chat/routes';
import type { Config } from './config';
import type { Database } from './db/database';
import { EventBus } from './events/bus';
import { connectPostgresEvents } from './events/pg-notify';
import { fhirRoutes } from './fhir/routes';
import { errorHandler } from './http/errors';
import { refuseNonFiniteNumbers } from './http/finite-numbers';
import { HttpProblem } from './http/problem';
import { registerRateLimits } from './http/rate-limit';
import { addSecurityHeaders } from './http/security-headers';
import { webStaticOptions } from './http/web-static';
import { importRoutes } from './imports/routes';
import { notificationRoutes } from './notifications/routes';
import { Lifecycle } from './ops/lifecycle';
import { logDestination } from './ops/log-destination';
import { opsRoutes } from './ops/routes';
import { patientRoutes } from './patient/routes';
import { planRoutes } from './plans/routes';
import { protocolRoutes } from './protocols/routes';
import { questionnaireRoutes } from './questionnaires/routes';
import { relativeRoutes } from './relatives/routes';
import { smsRoutes } from './sms/routes';
import { staffRoutes } from './staff/routes';
import { runInRoutes } from './thresholds/run-in-routes';

export interface AppContext {
  app: FastifyInstance;
  bus: EventBus;
  lifecycle: Lifecycle;
}

export async function buildApp(
  db: Database,
  config: Config,
  opts: { logger?: boolean; lifecycle?: Lifecycle } = {},
): Promise<AppContext> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            stream: logDestination(),
          },
    // Query strings and URLs are logged without values: patient ids and search terms stay out of logs.
    logController: new LogController({ disableRequestLogging: true }),
    // Only behind a known reverse proxy may X-Forwarded-For set the client address the audit log records.
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    // FHIR clients (e.g. fhir-kit-client) post Bundles to the base URL with a trailing slash.
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  });
  const bus = new EventBus();
  const lifecycle = opts.lifecycle ?? new Lifecycle();
  if (db.kind === 'postgres') {
    // Events reach event-stream clients on every server process sharing this database.
    const disconnect = await connectPostgresEvents(db, bus, app.log);
    app.addHook('onClose', disconnect);
  }

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
  addSecurityHeaders(app);
  await registerRateLimits(app, config.rateLimit);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(swagger, {
    openapi: { info: { title: 'Hemma API', version: '0.1.0' } },
  });
  app.setErrorHandler(errorHandler);
  refuseNonFiniteNumbers(app);
  app.addHook('onRequest', sessionHook(db));
  registerAuthorization(app, db);

  app.get('/health', async (_req, reply) => {
    try {
      await db.query('SELECT 1');
      return { status: 'ok', database: { status: 'ok', kind: db.kind }, version: '0.1.0' };
    } catch {
      return reply.code(503).send({ status: 'error', database: { status: 'error', kind: db.kind } });
    }
  });
  await app.register(opsRoutes, { db, bus, lifecycle, metricsToken: config.metricsToken });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authRoutes, { db, config });
  await app.register(oauthRoutes, { db, config });
  await app.register(totpRoutes, { db, config });
  await app.register(webauthnRoutes, { db, config });
  await app.register(oidcRoutes, { db, config });
  await app.register(adminRoutes, { db, config });
  await app.register(patientRoutes, { db, bus });
  await app.register(importRoutes, { db, bus });
  await app.register(protocolRoutes, { db });
  await app.register(planRoutes, { db });
  await app.register(staffRoutes, { db, bus });
  await app.register(runInRoutes, { db });
  await app.register(fhirRoutes, { db, bus, config });
  await app.register(questionnaireRoutes, { db, bus });
  await app.register(smsRoutes, { db, bus, config });
  await app.register(accessRoutes, { db, config });
  await app.register(auditRoutes, { db });
  await app.register(relativeRoutes, { db, config });
  await app.register(chatRoutes, { db, bus, notifications: config.notifications });
  await app.register(notificationRoutes, { db, config: config.notifications });

  const index = path.join(config.webDist, 'index.html');
  if (fs.existsSync(index)) {
    // Pre-compressed files, long caching of hashed assets: http/web-static.ts.
    await app.register(fastifyStatic, webStaticOptions(config.webDist));
  }
  app.setNotFoundHandler((req, reply) => {
    const isApi = /^\/(api|fhir|oauth2|health|ready|metrics|assets)(\/|$)/.test(req.url);
    if (!isApi && req.method === 'GET' && fs.existsSync(index)) return reply.sendFile('index.html');
    throw new HttpProblem(404, 'Not found', 'No such route.');
  });
  return { app, bus, lifecycle };
}
