import { parseFhirObservation, toFhirObservation } from '@hemma/core';
import type { FastifyInstance } from 'fastify';
import { auditEntry } from '../access/patient-access';
import { bearerClient } from '../auth/oauth';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { HttpProblem } from '../http/problem';
import { addressKey, manualLimit } from '../http/rate-limit';
import { intakeCoalescer } from '../intake/coalesce';
import { questionnaireFhirRoutes } from '../questionnaires/fhir';
import { parseToken } from './bundle';
import { bundleIngestRoutes } from './bundle-ingest';
import { capabilityStatement, type FhirRoute } from './capability';
import { observationVersionRoutes } from './observation-versions';
import { resolveSubjectIdentifier, UNREACHABLE_SUBJECT, unknownSubject } from './patient';
import { planDefinitionVersionRoutes } from './plan-definition-versions';
import { fhirBase, resourceRoutes } from './resource-routes';
import { RESOURCES } from './resources';
import { smartConfiguration } from './smart';
import { subscriptionRoutes } from './subscriptions/routes';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const FAILED_TOKENS_PER_MINUTE = 60;
/** Answered without a token: what the server supports and how to get a token. */
const PUBLIC_PATHS = [
  '/fhir/R4/metadata',
  '/fhir/R4/.well-known/smart-configuration',
  '/.well-known/smart-configuration',
];

function conditionalIdentifier(header: string | string[] | undefined) {
  if (header === undefined) return null;
  const m = typeof header === 'string' ? /^identifier=([^&]{1,500})$/.exec(header) : null;
  const token = m ? parseToken(decodeURIComponent(m[1]!)) : null;
  if (!token?.code) {
    const issue = {
      field: 'If-None-Exist',
      kind: 'invalid' as const,
      message: 'If-None-Exist: only "identifier=system|value" is supported',
    };
    throw new HttpProblem(400, 'Invalid conditional create', issue.message, [issue]);
  }
  return { system: token.system, value: token.code };
}

export async function fhirRoutes(
  app: FastifyInstance,
  opts: { db: Database; bus: EventBus; config: Config },
) {
  const { db, bus, config } = opts;
  // Requests with a valid token are limited per client (see http/rate-limit.ts); failed tokens per
  // address, before the database is asked, so guessing tokens is slow.
  const failedTokens = manualLimit(app, config.rateLimit, FAILED_TOKENS_PER_MINUTE, addressKey);
  const intake = intakeCoalescer(db, bus);

  app.addHook('onRequest', async (req, reply) => {
    if (PUBLIC_PATHS.includes(req.url.split('?')[0]!)) return;
    await failedTokens.check(req, reply);
    try {
      req.actor = await bearerClient(db, req);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 401) await failedTokens.hit(req, reply);
      throw error;
    }
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.includes('/.well-known/')) reply.header('content-type', FHIR_JSON);
    return payload;
  });
  // The CapabilityStatement is built from the routes actually registered here, so it cannot claim
  // an interaction or a search parameter that is not served.
  const routes: FhirRoute[] = [];
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const method of methods) {
      if (method === 'HEAD' || !r.url.startsWith('/fhir/R4')) continue;
      const query = (r.schema?.querystring as { properties?: Record<string, unknown> } | undefined)
        ?.properties;
      const body = r.schema?.body as { properties?: { type?: { enum?: string[] } } } | undefined;
      routes.push({
        method,
        url: r.url,
        searchParams: Object.keys(query ?? {}),
        ...(r.url === '/fhir/R4' && method === 'POST'
          ? { bundleTypes: body?.properties?.type?.enum ?? [] }
          : {}),
        ...(r.config && 'conditionalCreate' in r.config ? { conditionalCreate: true } : {}),
      });
    }
  });

  app.get('/fhir/R4/metadata', { schema: { querystring: { type: 'object' } } }, async (req) =>
    capabilityStatement(routes, RESOURCES, fhirBase(req)),
  );
  for (const url of ['/.well-known/smart-configuration', '/fhir/R4/.well-known/smart-configuration']) {
    app.get(
      url,
      {
        config: { access: { public: 'SMART discovery document, no personal data' } },
        schema: { querystring: { type: 'object' } },
      },
      async (req) => smartConfiguration(req),
    );
  }
  await bundleIngestRoutes(app, { db, bus });
  await questionnaireFhirRoutes(app, { db, bus });

  app.post(
    '/fhir/R4/Observation',
    { config: { conditionalCreate: true }, schema: { body: { type: 'object' } } },
    async (req, reply) => {
      const now = new Date();
      const parsed = parseFhirObservation(await resolveSubjectIdentifier(db, req.actor, req.body), now);
      if (!parsed.ok) {
        // Structure errors are 400; a well-formed resource that breaks our rules (code, unit, range) is 422.
        const structural = parsed.issues.some(
          (i) => i.kind === 'required' || i.kind === 'invalid' || i.kind === 'not-a-number',
        );
        throw new HttpProblem(
          structural ? 400 : 422,
          'Invalid Observation',
          describe(parsed.issues),
          parsed.issues,
        );
      }
      const { normalized, patientId, effectiveAt, identifier, deviceId } = parsed.value;
      const conditional = conditionalIdentifier(req.headers['if-none-exist']);
      // Conditional create (If-None-Exist: identifier=system|value) and the resource's own identifier
      // give the same key, so a resent measurement is answered with the stored one.
      const headerKey = req.headers['idempotency-key'];
      const id = conditional ?? identifier;
      const key = id
        ? `id:${id.system ?? ''}|${id.value}`
        : typeof headerKey === 'string' && headerKey
          ? `hdr:${headerKey}`
          : null;
      // The access decision with the limits in one read, then one write; concurrent POSTs of the same
      // client share both statements (intake/coalesce.ts).
      const stored = await intake.ingest(req, patientId, () => ({
        patientId,
        items: [
          {
            measurement: normalized,
            effectiveAt,
            idempotencyKey: key,
            identifier: identifier ?? null,
            deviceId: deviceId ?? null,
          },
        ],
        source: 'fhir-client',
        enteredBy: null,
        clientId: req.actor?.kind === 'client' ? req.actor.clientId : null,
        auditEntry: auditEntry(req, patientId, 'create'),
      }));
      if (!stored) throw unknownSubject('Observation.subject.reference', UNREACHABLE_SUBJECT);
      const [result] = stored;
      const observation = result!.observation;
      reply.header('location', `${fhirBase(req)}/Observation/${observation.id}/_history/1`);
      reply.header('etag', 'W/"1"');
      const resource = toFhirObservation(observation) as { meta: object };
      return reply
        .code(result!.created ? 201 : 200)
        .send({ ...resource, meta: { ...resource.meta, versionId: '1' } });
    },
  );

  await resourceRoutes(app, { db, defs: RESOURCES });
  await observationVersionRoutes(app, { db, bus });
  await planDefinitionVersionRoutes(app, { db });
  await subscriptionRoutes(app, { db });
}

function describe(issues: { message: string }[]): string {
  return issues.map((i) => i.message).join(' ');
}
