import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimits } from '../config';
import { HttpProblem } from './problem';

const MINUTE = 60_000;

/** The client address as a limit key; IPv6 by its /64, which one host can fill with addresses. */
export const addressKey = (req: FastifyRequest): string => normalizeIP(req.ip);

export const tooManyRequests = (retryAfterSeconds: number) =>
  new HttpProblem(
    429,
    'Too many requests',
    `Too many requests; try again in ${retryAfterSeconds} seconds.`,
    undefined,
    'throttled',
  );

/**
 * Request rate limits (in-memory, per server process), answered as 429 problem+json or
 * OperationOutcome with Retry-After through the common error handler. Every route gets the default:
 * `limits.api` per client address, or on /fhir `limits.fhir` per authenticated integration client (the
 * FHIR bearer hook has run by then). Routes override it with `config.rateLimit` (login, token, SMS).
 * Must be registered before the routes. Does nothing when `limits.enabled` is false.
 */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits) {
  if (!limits.enabled) return;
  await app.register(rateLimit, {
    global: true,
    timeWindow: MINUTE,
    // The app's own files are public and cheap; a first visit downloads ~50 of them, and many
    // patients may share one address (a care home's network). Only the APIs are limited.
    allowList: (req) => req.method === 'GET' && !isApiPath(req.url),
    keyGenerator: (req) =>
      req.actor?.kind === 'client' && req.url.startsWith('/fhir/')
        ? `client:${req.actor.clientId}`
        : addressKey(req),
    max: (_req, key) => (key.startsWith('client:') ? limits.fhir : limits.api),
    // Only Retry-After and the limit itself: remaining counts help nobody but a prober.
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
    addHeaders: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
      'retry-after': true,
    },
    errorResponseBuilder: (_req, context) => tooManyRequests(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}

const isApiPath = (url: string) =>
  /^\/(api|fhir|oauth2|\.well-known|health|ready|metrics)(\/|\?|$)/.test(url);

/** Route options: `n` requests a minute per key (default: the client address). */
export function routeLimit(
  limits: RateLimits,
  n: number,
  keyGenerator?: (req: FastifyRequest) => string,
  hook?: 'onRequest' | 'preValidation',
) {
  if (!limits.enabled) return {};
  return {
    config: {
      rateLimit: {
        max: n,
        timeWindow: MINUTE,
        ...(keyGenerator ? { keyGenerator } : {}),
        ...(hook ? { hook } : {}),
      },
    },
  };
}

/**
 * A limit checked by hand, for counting only some requests (failed logins, failed bearer tokens):
 * `check` throws 429 once the key has used up its `n` a minute; `hit` counts one.
 */
export function manualLimit(
  app: FastifyInstance,
  limits: RateLimits,
  n: number,
  keyGenerator: (req: FastifyRequest) => string,
) {
  if (!limits.enabled) return { check: async () => {}, hit: async () => {} };
  const limiter = app.createRateLimit({ max: n, timeWindow: MINUTE, keyGenerator });
  const run = async (req: FastifyRequest, reply: FastifyReply, increment: boolean) => {
    const r = await limiter(req, { increment });
    // Reading leaves the count alone, so a key at exactly n is still allowed once more to be hit.
    if (!r.isAllowed && (increment ? r.isExceeded : r.remaining <= 0)) {
      const seconds = Math.max(1, r.ttlInSeconds);
      reply.header('retry-after', String(seconds));
      throw tooManyRequests(seconds);
    }
  };
  return {
    check: (req: FastifyRequest, reply: FastifyReply) => run(req, reply, false),
    hit: (req: FastifyRequest, reply: FastifyReply) => run(req, reply, true),
  };
}
