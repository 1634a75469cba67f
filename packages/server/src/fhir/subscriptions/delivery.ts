import { createHmac } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { accessBasis } from '../../access/patient-access';
import type { Database, Queryable } from '../../db/database';
import { toIso } from '../../db/database';
import { readResource } from '../resource-routes';
import { RESOURCES } from '../resources';
import { logicalIds } from '../resources/observation';
import { TOPIC_BASE, TOPICS, type TopicName } from './topics';

/** Rows younger than this are left for the next run, so a transaction that commits late is not skipped. */
const SETTLE_MS = 5_000;
const MAX_ATTEMPTS = 12;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;
const TIMEOUT_MS = 10_000;
const BATCH = 200;

export interface DeliveryResult {
  found: number;
  delivered: number;
  retried: number;
  failed: number;
}

/** When attempt `n` (1-based) failed, the next is tried after 30 s, 1 min, 2 min, … at most an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS);
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<body>">`: receivers check it and the age of t. */
export function signature(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const mac = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${mac}`;
}

interface SubscriptionRow {
  id: string;
  client_id: string;
  topic: TopicName;
  care_unit_id: string | null;
  cursor_at: Date;
  events_since_start: number;
}

/** Finds new events of every active subscription and numbers them (event-number = seq). */
async function collect(db: Database, now: Date): Promise<number> {
  const bound = new Date(now.getTime() - SETTLE_MS);
  const { rows: subs } = await db.query<SubscriptionRow>(
    `SELECT id, client_id, topic, care_unit_id, cursor_at, events_since_start FROM fhir_subscription
     WHERE status = 'active' AND cursor_at < $1`,
    [bound],
  );
  let found = 0;
  for (const sub of subs) {
    const topic = TOPICS[sub.topic];
    const { rows } = await db.query<{ id: string; patient_id: string; at: Date }>(topic.events, [
      sub.cursor_at,
      bound,
      sub.care_unit_id,
    ]);
    // A client limited to units is told only about patients it may reach.
    const client = { kind: 'client' as const, clientId: sub.client_id, scopes: [] };
    const reachable: typeof rows = [];
    for (const r of rows) if (await accessBasis(db, client, r.patient_id)) reachable.push(r);
    const cursor = rows.length === 1000 ? rows[rows.length - 1]!.at : bound;
    await db.tx(async (c) => {
      let seq = Number(sub.events_since_start);
      for (const r of reachable) {
        const inserted = await c.query(
          `INSERT INTO fhir_subscription_event (subscription_id, seq, resource_type, resource_id, patient_id, occurred_at, next_attempt_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [sub.id, seq + 1, topic.resourceType, r.id, r.patient_id, r.at, now],
        );
        if (inserted.rowCount) seq++;
      }
      await c.query('UPDATE fhir_subscription SET cursor_at = $2, events_since_start = $3 WHERE id = $1', [
        sub.id,
        cursor,
        seq,
      ]);
      found += seq - Number(sub.events_since_start);
    });
  }
  return found;
}

interface DueEvent {
  subscription_id: string;
  seq: number;
  resource_type: string;
  resource_id: string;
  patient_id: string;
  occurred_at: Date;
  attempts: number;
  endpoint: string;
  secret: string;
  payload: 'id-only' | 'full-resource';
  topic: TopicName;
  client_id: string;
}

/** The logical id the client knows (a corrected Observation keeps its first row's id). */
async function focusId(db: Queryable, e: DueEvent): Promise<string> {
  if (e.resource_type !== 'Observation') return e.resource_id;
  const { rows } = await db.query<{ replaces_id: string | null }>(
    'SELECT replaces_id FROM observation WHERE patient_id = $1 AND id = $2',
    [e.patient_id, e.resource_id],
  );
  const l = await logicalIds(db, [
    { id: e.resource_id, patient_id: e.patient_id, replaces_id: rows[0]?.replaces_id ?? null },
  ]);
  return l.get(e.resource_id)?.root ?? e.resource_id;
}

/** The R4 backport notification: a history Bundle whose first entry is the status (Parameters). */
async function notification(db: Database, e: DueEvent, now: Date) {
  const focus = `${e.resource_type}/${await focusId(db, e)}`;
  const status = {
    resourceType: 'Parameters',
    id: uuidv7(),
    parameter: [
      { name: 'subscription', valueReference: { reference: `Subscription/${e.subscription_id}` } },
      { name: 'topic', valueCanonical: `${TOPIC_BASE}${e.topic}` },
      { name: 'status', valueCode: 'active' },
      { name: 'type', valueCode: 'event-notification' },
      { name: 'events-since-subscription-start', valueString: String(e.seq) },
      {
        name: 'notification-event',
        part: [
          { name: 'event-number', valueString: String(e.seq) },
          { name: 'timestamp', valueInstant: toIso(e.occurred_at) },
          { name: 'focus', valueReference: { reference: focus } },
        ],
      },
    ],
  };
  const entries: object[] = [
    {
      fullUrl: `urn:uuid:${status.id}`,
      resource: status,
      request: { method: 'GET', url: `Subscription/${e.subscription_id}/$status` },
      response: { status: '200' },
    },
  ];
  if (e.payload === 'full-resource') {
    const def = RESOURCES.find((d) => d.type === e.resource_type)!;
    const found = await readResource(db, def, focus.split('/')[1]!);
    if (found && found.resource !== 'gone') {
      entries.push({
        fullUrl: focus,
        resource: found.resource,
        request: { method: 'PUT', url: focus },
        response: { status: '200' },
      });
    }
  }
  return {
    resourceType: 'Bundle',
    id: uuidv7(),
    type: 'history',
    timestamp: now.toISOString(),
    entry: entries,
  };
}

/** The notification left Hemma with patient data (at least that there is news about the patient). */
async function auditNotification(db: Queryable, e: DueEvent) {
  await db.query(
    `INSERT INTO audit_event (id, patient_id, actor_client_id, actor_role, action, purpose)
     VALUES ($1, $2, $3, 'integration-client', 'notify /fhir/R4/Subscription/:id', 'integration')`,
    [uuidv7(), e.patient_id, e.client_id],
  );
}

async function attempt(
  db: Database,
  e: DueEvent,
  now: Date,
  send: typeof fetch,
): Promise<'delivered' | 'retried' | 'failed'> {
  const body = JSON.stringify(await notification(db, e, now));
  let httpStatus: number | null = null;
  let detail: string;
  try {
    const res = await send(e.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/fhir+json',
        'x-hemma-signature': signature(e.secret, body, now),
        'x-hemma-subscription': e.subscription_id,
        'x-hemma-event-number': String(e.seq),
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    httpStatus = res.status;
    await res.body?.cancel();
    detail = `HTTP ${res.status}`;
  } catch (error) {
    // Only the kind of failure: messages can echo the endpoint's answer.
    detail =
      (error as Error).name === 'TimeoutError' ? 'timeout' : `network error (${(error as Error).name})`;
  }
  const ok = httpStatus !== null && httpStatus >= 200 && httpStatus < 300;
  const attempts = e.attempts + 1;
  const outcome = ok ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'retried';
  await db.tx(async (c) => {
    await c.query(
      `INSERT INTO fhir_subscription_delivery (subscription_id, seq, attempt, at, http_status, ok, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [e.subscription_id, e.seq, attempts, now, httpStatus, ok, detail],
    );
    await c.query(
      `UPDATE fhir_subscription_event SET attempts = $3, status = $4, next_attempt_at = $5,
         delivered_at = CASE WHEN $4 = 'delivered' THEN $6::timestamptz END
       WHERE subscription_id = $1 AND seq = $2`,
      [
        e.subscription_id,
        e.seq,
        attempts,
        outcome === 'retried' ? 'pending' : outcome,
        new Date(now.getTime() + retryDelayMs(attempts)),
        now,
      ],
    );
    if (ok) await auditNotification(c, e);
  });
  return outcome;
}

/**
 * The subscription job: collects new events, then posts every due notification once. A failed post
 * is retried with back-off (30 s doubling to an hour, 12 attempts); each attempt is logged.
 * Registered in jobs/periodic.ts; `send` is replaceable for tests that need no network.
 */
export async function deliverSubscriptions(
  db: Database,
  now: Date,
  send: typeof fetch = fetch,
): Promise<DeliveryResult> {
  const result: DeliveryResult = { found: await collect(db, now), delivered: 0, retried: 0, failed: 0 };
  const { rows } = await db.query<DueEvent>(
    `SELECT e.subscription_id, e.seq, e.resource_type, e.resource_id, e.patient_id, e.occurred_at, e.attempts,
       s.endpoint, s.secret, s.payload, s.topic, s.client_id
     FROM fhir_subscription_event e JOIN fhir_subscription s ON s.id = e.subscription_id
     WHERE e.status = 'pending' AND e.next_attempt_at <= $1 AND s.status = 'active'
     ORDER BY e.next_attempt_at, e.subscription_id, e.seq LIMIT ${BATCH}`,
    [now],
  );
  for (const e of rows) result[await attempt(db, { ...e, seq: Number(e.seq) }, now, send)]++;
  return result;
}
