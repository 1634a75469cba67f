import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  DATABASE_KINDS,
  gatewayToken,
  login,
  type TestContext,
} from '../testing/test-context';

// Issue 9 part 6: malformed input on every route never yields a 5xx or takes the server down.
// Every registered route, as each kind of caller, with bodies that are broken JSON, random bytes,
// wrong types, deep nesting and huge strings, and path parameters that are not ids.

const SEED = Number(process.env.HEMMA_FUZZ_SEED ?? 20_261_122);
const RUNS_PER_CALLER = Number(process.env.HEMMA_FUZZ_RUNS ?? 4);

// Streams that stay open (server-sent events) cannot be answered by inject.
const STREAMING = /\/events$/;

const nasty = [
  '{',
  '{"a":',
  'null',
  '[]',
  '"text"',
  '12',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: [{ resource: null, request: 1 }] }),
  JSON.stringify({ measurements: [{ code: '85354-9', value: 'x' }] }),
  JSON.stringify({ username: 'x'.repeat(100_000), password: [] }),
];

const body = fc.oneof(
  fc.constantFrom(...nasty),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.constant('x'.repeat(2_000_000)),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/fhir+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
);
const param = fc.oneof(
  fc.uuid(),
  fc.constantFrom('..', '%00', '%ZZ', 'null', '-1', '0', 'Patient%2F1', "'; DROP TABLE patient;--"),
  fc.string({ maxLength: 80 }).map(encodeURIComponent),
);
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?_count=-1', '?date=notadate', '?from=x&to=y', '?limit=1e309', '?a[b]=c', '?patient=%00'),
  fc
    .dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 40 }), { maxKeys: 4 })
    .map((d) => `?${new URLSearchParams(d).toString()}`),
);

describe.each(DATABASE_KINDS)('HTTP fuzz (%s database)', (kind) => {
  let t: TestContext;
  const callers: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await createTestContext(kind, {
      rateLimit: { enabled: false, login: 1, token: 1, sms: 1, api: 1, fhir: 5_000 },
    });
    callers.anonymous = {};
    callers.nurse = await login(t.app, 'nurse.a');
    callers.patient = await login(t.app, 'patient.a');
    callers.gateway = { authorization: `Bearer ${await gatewayToken(t.app)}` };
  });
  afterAll(() => t.close());

  it('answers every route with a status below 500', async () => {
    // Routes that end sessions go last, so the other routes are reached as every kind of caller.
    const ending = (url: string) => Number(/logout/.test(url));
    const routes = t.app.accessRoutes
      .filter(
        (r) => !['HEAD', 'OPTIONS'].includes(r.method) && !STREAMING.test(r.url) && !r.url.includes('*'),
      )
      .sort((a, b) => ending(a.url) - ending(b.url));
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const [r, route] of routes.entries()) {
      for (const [c, caller] of Object.keys(callers).entries()) {
        await fc.assert(
          fc.asyncProperty(
            fc.array(param, { minLength: 4, maxLength: 4 }),
            query,
            body,
            contentType,
            async (params, q, payload, type) => {
              let n = 0;
              const url = route.url.replace(/:[A-Za-z_]+/g, () => params[n++ % params.length]!) + q;
              const opts: InjectOptions = {
                method: route.method as InjectOptions['method'],
                url,
                headers: { ...callers[caller], 'x-requested-with': 'hemma', 'content-type': type },
                ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload }),
              };
              const res = await t.app.inject(opts);
              statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
              if (res.statusCode >= 500) {
                failures.push(
                  `${route.method} ${url} as ${caller}: ${res.statusCode} ${res.body.slice(0, 200)}`,
                );
              }
              return true;
            },
          ),
          // A seed per route and caller: each gets different inputs, and a run is repeatable.
          { seed: SEED + r * 10 + c, numRuns: RUNS_PER_CALLER },
        );
      }
    }
    console.log(
      `fuzz ${kind}: ${routes.length} routes`,
      Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
    );
    expect(failures).toEqual([]);
    // The inputs reached the routes: validation (400), authorization (401/403) and size (413) all answered.
    for (const status of [400, 401, 403, 413])
      expect(statuses.get(status) ?? 0, String(status)).toBeGreaterThan(0);
    // Still alive and answering.
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  }, 240_000);
});
