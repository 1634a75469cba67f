import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { hasScope } from '../../access/scopes';
import { clientOf } from '../../auth/actor';
import type { Database } from '../../db/database';
import { toIso } from '../../db/database';
import { HttpProblem } from '../../http/problem';
import { searchset } from '../bundle';
import { fhirBase } from '../resource-routes';
import { isUuid } from '../search-params';
import { BACKPORT, SECRET_EXTENSION, TOPIC_BASE, TOPICS, type TopicName, topicOf } from './topics';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const invalid = (status: number, field: string, message: string) =>
  new HttpProblem(status, 'Invalid Subscription', `${field}: ${message}`, [
    { field, kind: 'invalid', message: `${field}: ${message}` },
  ]);

interface Row {
  id: string;
  client_id: string;
  topic: TopicName;
  care_unit_id: string | null;
  endpoint: string;
  payload: 'id-only' | 'full-resource';
  status: 'active' | 'error' | 'off';
  reason: string | null;
  events_since_start: number;
  created_at: Date;
}

const COLUMNS =
  'id, client_id, topic, care_unit_id, endpoint, payload, status, reason, events_since_start, created_at';

function toFhir(r: Row) {
  return {
    resourceType: 'Subscription',
    id: r.id,
    meta: { profile: [`${BACKPORT}backport-subscription`], lastUpdated: toIso(r.created_at) },
    status: r.status === 'active' ? 'active' : r.status === 'error' ? 'error' : 'off',
    reason: r.reason ?? TOPICS[r.topic].description,
    criteria: `${TOPIC_BASE}${r.topic}`,
    ...(r.care_unit_id
      ? {
          _criteria: {
            extension: [
              {
                url: `${BACKPORT}backport-filter-criteria`,
                valueString: `${TOPICS[r.topic].resourceType}?organization=Organization/${r.care_unit_id}`,
              },
            ],
          },
        }
      : {}),
    channel: {
      type: 'rest-hook',
      endpoint: r.endpoint,
      payload: 'application/fhir+json',
      _payload: { extension: [{ url: `${BACKPORT}backport-payload-content`, valueCode: r.payload }] },
    },
  };
}

/** A local endpoint (development, tests) may be http; anything else must be https. */
function endpointOf(v: unknown): string {
  let url: URL;
  try {
    url = new URL(String(v));
  } catch {
    throw invalid(400, 'Subscription.channel.endpoint', 'must be an absolute https URL');
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) {
    throw invalid(422, 'Subscription.channel.endpoint', 'must use https (http only for localhost)');
  }
  if (url.username || url.password)
    throw invalid(422, 'Subscription.channel.endpoint', 'must not carry credentials');
  return url.toString();
}

/** The unit of a `backport-filter-criteria` such as `Observation?organization=Organization/<id>`. */
function unitFilter(criteria: Json | undefined): string | null {
  const ext = Array.isArray(criteria?.extension)
    ? (criteria.extension as Json[]).find((e) => e.url === `${BACKPORT}backport-filter-criteria`)
    : undefined;
  if (!ext) return null;
  const m =
    typeof ext.valueString === 'string'
      ? /^(?:[A-Za-z]+\?)?organization=(?:Organization\/)?([0-9a-f-]{36})$/.exec(ext.valueString)
      : null;
  if (!m || !isUuid(m[1]!)) {
    throw invalid(
      400,
      'Subscription.criteria.extension',
      'the only filter is organization=Organization/<care unit id>',
    );
  }
  return m[1]!;
}

async function own(db: Database, req: FastifyRequest, id: string): Promise<Row> {
  const client = clientOf(req);
  const { rows } = isUuid(id)
    ? await db.query<Row>(`SELECT ${COLUMNS} FROM fhir_subscription WHERE id = $1 AND client_id = $2`, [
        id,
        client.clientId,
      ])
    : { rows: [] };
  if (!rows[0])
    throw new HttpProblem(
      404,
      'Not found',
      `Subscription/${id.replace(/[^A-Za-z0-9\-.]/g, '')} was not found.`,
    );
  return rows[0];
}

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;
const read = { access: { scope: 'system/Subscription.read' } } as const;
const write = { access: { scope: 'system/Subscription.write' } } as const;

/**
 * Subscriptions (R4 backport, rest-hook) of the calling client: create, read, search its own,
 * delete (switch off), `$status`, and `$events` — the delivery log. Delivery: ./delivery.ts.
 */
export async function subscriptionRoutes(app: FastifyInstance, opts: { db: Database }) {
  const { db } = opts;

  app.post(
    '/fhir/R4/Subscription',
    { config: write, schema: { body: { type: 'object' } } },
    async (req, reply) => {
      const client = clientOf(req);
      const body = req.body as Json;
      if (body.resourceType !== 'Subscription')
        throw invalid(400, 'Subscription.resourceType', 'must be "Subscription"');
      const topic = topicOf(body.criteria);
      if (!topic) {
        const known = Object.keys(TOPICS)
          .map((t) => `${TOPIC_BASE}${t}`)
          .join(', ');
        throw invalid(
          body.criteria === undefined ? 400 : 422,
          'Subscription.criteria',
          `must be one of the topics ${known}`,
        );
      }
      if (!hasScope(client.scopes, `system/${topic.resourceType}.read`)) {
        throw new HttpProblem(
          403,
          'Forbidden',
          `Subscribing to ${topic.name} needs the scope system/${topic.resourceType}.read.`,
        );
      }
      const channel = isObject(body.channel) ? body.channel : {};
      if (channel.type !== 'rest-hook')
        throw invalid(422, 'Subscription.channel.type', 'only rest-hook is supported');
      const endpoint = endpointOf(channel.endpoint);
      if (
        channel.payload !== undefined &&
        !['application/fhir+json', 'application/json'].includes(String(channel.payload))
      ) {
        throw invalid(422, 'Subscription.channel.payload', 'must be application/fhir+json');
      }
      const contentExt =
        isObject(channel._payload) && Array.isArray(channel._payload.extension)
          ? (channel._payload.extension as Json[]).find(
              (e) => e.url === `${BACKPORT}backport-payload-content`,
            )
          : undefined;
      const payload = contentExt?.valueCode ?? 'id-only';
      if (payload !== 'id-only' && payload !== 'full-resource') {
        throw invalid(
          422,
          'Subscription.channel.payload.extension',
          'payload content must be id-only or full-resource',
        );
      }
      const unit = unitFilter(isObject(body._criteria) ? body._criteria : undefined);
      if (unit) {
        const { rows } = await db.query(
          `SELECT 1 FROM care_unit u WHERE u.id = $1 AND (NOT EXISTS (SELECT 1 FROM api_client_unit WHERE client_id = $2)
           OR EXISTS (SELECT 1 FROM api_client_unit WHERE client_id = $2 AND care_unit_id = $1))`,
          [unit, client.clientId],
        );
        if (!rows[0])
          throw invalid(
            422,
            'Subscription.criteria.extension',
            'the care unit does not exist or is not reachable with this client',
          );
      }
      const id = uuidv7();
      const secret = randomBytes(32).toString('base64url');
      const { rows } = await db.query<Row>(
        `INSERT INTO fhir_subscription (id, client_id, topic, care_unit_id, endpoint, payload, secret)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [id, client.clientId, topic.name, unit, endpoint, payload, secret],
      );
      reply.header('location', `${fhirBase(req)}/Subscription/${id}`);
      // The secret is shown once, here; notifications carry X-Hemma-Signature made with it.
      return reply
        .code(201)
        .send({ ...toFhir(rows[0]!), extension: [{ url: SECRET_EXTENSION, valueString: secret }] });
    },
  );

  app.get('/fhir/R4/Subscription/:id', { config: read, schema: { params: idParams } }, async (req) =>
    toFhir(await own(db, req, (req.params as { id: string }).id)),
  );

  app.get(
    '/fhir/R4/Subscription',
    {
      config: read,
      schema: { querystring: { type: 'object', properties: { status: { type: 'string', maxLength: 20 } } } },
    },
    async (req) => {
      const client = clientOf(req);
      const status = (req.query as { status?: string }).status;
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM fhir_subscription WHERE client_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY id`,
        [client.clientId, status ?? null],
      );
      return searchset(fhirBase(req), `${fhirBase(req)}/Subscription`, rows.map(toFhir));
    },
  );

  app.delete(
    '/fhir/R4/Subscription/:id',
    { config: write, schema: { params: idParams } },
    async (req, reply) => {
      const sub = await own(db, req, (req.params as { id: string }).id);
      await db.query(
        `UPDATE fhir_subscription SET status = 'off', reason = 'deleted by the client' WHERE id = $1`,
        [sub.id],
      );
      return reply.code(204).send();
    },
  );

  app.get(
    '/fhir/R4/Subscription/:id/$status',
    { config: read, schema: { params: idParams } },
    async (req) => {
      const sub = await own(db, req, (req.params as { id: string }).id);
      return {
        resourceType: 'Parameters',
        parameter: [
          { name: 'subscription', valueReference: { reference: `Subscription/${sub.id}` } },
          { name: 'topic', valueCanonical: `${TOPIC_BASE}${sub.topic}` },
          { name: 'status', valueCode: sub.status === 'active' ? 'active' : sub.status },
          { name: 'type', valueCode: 'query-status' },
          { name: 'events-since-subscription-start', valueString: String(sub.events_since_start) },
        ],
      };
    },
  );

  // The delivery log: every attempt, newest first (event number, attempt, when, HTTP status, outcome).
  app.get(
    '/fhir/R4/Subscription/:id/$events',
    {
      config: read,
      schema: {
        params: idParams,
        querystring: {
          type: 'object',
          properties: { _count: { type: 'integer', minimum: 1, maximum: 1000 } },
        },
      },
    },
    async (req) => {
      const sub = await own(db, req, (req.params as { id: string }).id);
      const limit = (req.query as { _count?: number })._count ?? 100;
      const { rows } = await db.query<{
        seq: number;
        attempt: number;
        at: Date;
        http_status: number | null;
        ok: boolean;
        detail: string;
        status: string;
      }>(
        `SELECT d.seq, d.attempt, d.at, d.http_status, d.ok, d.detail, e.status FROM fhir_subscription_delivery d
         JOIN fhir_subscription_event e ON e.subscription_id = d.subscription_id AND e.seq = d.seq
         WHERE d.subscription_id = $1 ORDER BY d.at DESC, d.seq DESC, d.attempt DESC LIMIT $2`,
        [sub.id, limit],
      );
      return {
        resourceType: 'Parameters',
        parameter: [
          { name: 'subscription', valueReference: { reference: `Subscription/${sub.id}` } },
          ...rows.map((r) => ({
            name: 'delivery',
            part: [
              { name: 'event-number', valueString: String(r.seq) },
              { name: 'attempt', valueInteger: r.attempt },
              { name: 'timestamp', valueInstant: toIso(r.at) },
              ...(r.http_status === null ? [] : [{ name: 'http-status', valueInteger: r.http_status }]),
              {
                name: 'outcome',
                valueCode: r.ok ? 'delivered' : r.status === 'failed' ? 'failed' : 'retrying',
              },
              { name: 'detail', valueString: r.detail },
            ],
          })),
        ],
      };
    },
  );
}
