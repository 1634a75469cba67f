import { evaluate, type Severity } from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import { publishAlertsCreated } from '../alerts/publish';
import type { Database, Queryable } from '../db/database';
import type { EventBus } from '../events/bus';
import { recordIngest } from '../ops/metrics';
import { type IntakeRequest, type IntakeResult, ingestWithin, loadLimits } from './intake';
import { OBSERVATION_COLUMNS, type ObservationRow, rowToObservation } from './observation-row';

/**
 * `ingest()` for many patients' measurements at once (FHIR batch and transaction Bundles): the same
 * evaluation, idempotency and alerting, in one transaction, with the observations and alerts written
 * by one multi-row statement each instead of one INSERT per row. Results come back in the order of
 * `requests` and their items.
 */
export async function ingestBatch(
  db: Database,
  bus: EventBus,
  requests: IntakeRequest[],
): Promise<IntakeResult[][]> {
  const createdAlerts: string[] = [];
  const results = await db.tx((client) => writeBatch(client, requests, createdAlerts));
  for (let i = 0; i < requests.length; i++) recordIngest(requests[i]!.source, results[i]!);
  if (createdAlerts.length > 0) await publishAlertsCreated(db, bus, createdAlerts);
  return results;
}

interface Pending {
  req: IntakeRequest;
  itemIndex: number;
  id: string;
  evaluation: IntakeResult['evaluation'];
  severity: Severity;
}

async function writeBatch(
  client: Queryable,
  requests: IntakeRequest[],
  createdAlerts: string[],
): Promise<IntakeResult[][]> {
  const out: IntakeResult[][] = requests.map(() => []);
  const fast: IntakeRequest[] = [];
  const pending: Pending[] = [];
  for (const [index, req] of requests.entries()) {
    // A care plan's rules (deduplicating, auto-resolving alerts) and rule-given reasons go through
    // the single path, row by row; everyone else is evaluated here exactly as ingest() does without
    // a plan: personal thresholds, else the catalogue's.
    const limits = await loadLimits(client, req.patientId);
    if (limits.plan || req.items.some((i) => i.extraReasons?.length)) {
      out[index] = await ingestWithin(client, req, createdAlerts, limits);
      continue;
    }
    fast.push(req);
    const { thresholdsFor, adviceFor } = limits;
    req.items.forEach((item, itemIndex) => {
      const evaluation = evaluate(item.measurement, thresholdsFor, adviceFor);
      pending.push({ req, itemIndex, id: uuidv7(), evaluation, severity: evaluation.severity });
    });
  }
  if (pending.length === 0) return out;
  const col = <T>(f: (p: Pending) => T) => pending.map(f);
  const item = (p: Pending) => p.req.items[p.itemIndex]!;
  // Arrays of arrays cannot go through unnest (it flattens them); original values/units travel as JSON.
  const { rows } = await client.query<ObservationRow>(
    `INSERT INTO observation AS o (patient_id, id, code, effective_at, value, value2, unit, original_values,
       original_units, source, entered_by, client_id, device_id, identifier_system, identifier_value,
       idempotency_key, severity)
     SELECT t.patient_id, t.id, t.code, t.effective_at, t.value, t.value2, t.unit,
       ARRAY(SELECT jsonb_array_elements_text(t.ov)::double precision),
       ARRAY(SELECT jsonb_array_elements_text(t.ou)),
       t.source, t.entered_by, t.client_id, t.device_id, t.identifier_system, t.identifier_value,
       t.idempotency_key, t.severity
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::float8[], $6::float8[], $7::text[],
       $8::jsonb[], $9::jsonb[], $10::text[], $11::uuid[], $12::text[], $13::text[], $14::text[], $15::text[],
       $16::text[], $17::text[])
       AS t(patient_id, id, code, effective_at, value, value2, unit, ov, ou, source, entered_by, client_id,
            device_id, identifier_system, identifier_value, idempotency_key, severity)
     ON CONFLICT (patient_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING ${OBSERVATION_COLUMNS}`,
    [
      col((p) => p.req.patientId),
      col((p) => p.id),
      col((p) => item(p).measurement.code),
      col((p) => item(p).effectiveAt),
      col((p) => item(p).measurement.values[0]),
      col((p) => item(p).measurement.values[1] ?? null),
      col((p) => item(p).measurement.unit),
      col((p) => JSON.stringify(item(p).measurement.originalValues)),
      col((p) => JSON.stringify(item(p).measurement.originalUnits)),
      col((p) => p.req.source),
      col((p) => p.req.enteredBy),
      col((p) => p.req.clientId),
      col((p) => item(p).deviceId ?? null),
      col((p) => item(p).identifier?.system ?? null),
      col((p) => item(p).identifier?.value ?? null),
      col((p) => item(p).idempotencyKey),
      col((p) => p.severity),
    ],
  );
  const inserted = new Map(rows.map((r) => [r.id, rowToObservation(r)]));

  // Retries (and repeats inside this batch) answer with the stored original and its alert.
  const missing = pending.filter((p) => !inserted.has(p.id));
  const existing = new Map<string, { observation: IntakeResult['observation']; alertId: string | null }>();
  if (missing.length > 0) {
    const found = await client.query<ObservationRow & { idempotency_key: string; alert_id: string | null }>(
      `SELECT ${OBSERVATION_COLUMNS}, o.idempotency_key,
         (SELECT a.id FROM alert a WHERE a.patient_id = o.patient_id AND a.observation_id = o.id) AS alert_id
       FROM observation o JOIN unnest($1::uuid[], $2::text[]) AS k(patient_id, key)
         ON o.patient_id = k.patient_id AND o.idempotency_key = k.key`,
      [missing.map((p) => p.req.patientId), missing.map((p) => item(p).idempotencyKey)],
    );
    for (const r of found.rows) {
      existing.set(`${r.patient_id}|${r.idempotency_key}`, {
        observation: rowToObservation(r),
        alertId: r.alert_id,
      });
    }
  }

  const alerts = pending.filter((p) => inserted.has(p.id) && p.severity !== 'green');
  const alertIds = new Map(alerts.map((p) => [p.id, uuidv7()]));
  createdAlerts.push(...alertIds.values());
  if (alerts.length > 0) {
    await client.query(
      `INSERT INTO alert (patient_id, id, observation_id, severity, reasons)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[])`,
      [
        alerts.map((p) => p.req.patientId),
        alerts.map((p) => alertIds.get(p.id)),
        alerts.map((p) => p.id),
        alerts.map((p) => p.severity),
        alerts.map((p) => JSON.stringify(p.evaluation.reasons)),
      ],
    );
  }

  // Last, just before the commit: the audit log's hash chain locks its head row until the
  // transaction ends, so every ingest holding it serialises behind this one.
  for (const req of fast) await req.audit?.(client);

  let r = 0;
  for (const p of pending) {
    const created = inserted.get(p.id);
    const index = requests.indexOf(p.req, r);
    r = index;
    if (created) {
      out[index]!.push({
        observation: created,
        evaluation: p.evaluation,
        alertId: alertIds.get(p.id) ?? null,
        created: true,
      });
    } else {
      const prior = existing.get(`${p.req.patientId}|${item(p).idempotencyKey}`);
      // Without an idempotency key nothing can conflict, so every keyless row was inserted.
      if (!prior) throw new Error('conflicting observation not found');
      // The evaluation is of the resent values: for a true retry, the stored ones.
      out[index]!.push({ ...prior, evaluation: p.evaluation, created: false });
    }
  }
  return out;
}
