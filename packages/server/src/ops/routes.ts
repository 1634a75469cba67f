import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { HttpProblem } from '../http/problem';
import type { Lifecycle } from './lifecycle';
import { alertLatency, httpDuration, httpRequests, registry } from './metrics';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * /ready for load balancers (503 while starting or stopping, or when the database does not answer),
 * /metrics for Prometheus, and the request/alert measurements behind it.
 * /metrics is readable with `Authorization: Bearer <HEMMA_METRICS_TOKEN>`, or without a configured
 * token only from the same host (a local Prometheus agent or sidecar).
 */
export async function opsRoutes(
  app: FastifyInstance,
  opts: { db: Database; bus: EventBus; lifecycle: Lifecycle; metricsToken: string | undefined },
) {
  const { db, bus, lifecycle, metricsToken } = opts;

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  const unsubscribe = bus.subscribe('alert-created', (item) => {
    const ms = Date.now() - Date.parse(item.createdAt);
    if (Number.isFinite(ms)) alertLatency.observe(Math.max(0, ms) / 1000);
  });
  app.addHook('onClose', async () => unsubscribe());

  app.get(
    '/ready',
    {
      schema: {
        hide: true,
        response: {
          200: { type: 'object', properties: { status: { type: 'string' } } },
          503: { type: 'object', properties: { status: { type: 'string' } } },
        },
      },
    },
    async (_req, reply) => {
      if (!lifecycle.ready) return reply.code(503).send({ status: 'stopping' });
      try {
        await db.query('SELECT 1');
      } catch {
        return reply.code(503).send({ status: 'database-unavailable' });
      }
      return { status: 'ready' };
    },
  );

  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!metricsAllowed(req, metricsToken)) {
      throw new HttpProblem(
        403,
        'Forbidden',
        'Metrics are readable with the metrics token or from this host.',
      );
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

function metricsAllowed(req: FastifyRequest, token: string | undefined): boolean {
  // A reverse proxy on this host connects from loopback too; what it forwards is not local.
  if (!token) return LOOPBACK.has(req.socket.remoteAddress ?? '') && !req.headers['x-forwarded-for'];
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

// Not encapsulated: the request hook must see every route of the app, not only this plugin's.
(opsRoutes as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
