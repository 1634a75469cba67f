import type { Evaluation, Severity } from '@hemma/core';
import { evaluate } from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import { auditInsertSql, sqlParam } from '../access/patient-access';
import { publishAlertsCreated } from '../alerts/publish';
import type { Database, Queryable } from '../db/database';
import { preparedQuery } from '../db/prepared';
import type { EventBus } from '../events/bus';
import { recordIngest } from '../ops/metrics';
import { judgesQuiet, prepareRuleRuns, type RuleRun } from '../plans/rule-intake';
import { type IntakeContext, loadIntakeContexts } from './context';
import {
  findByKeys,
  type IntakeItem,
  type IntakeLimits,
  type IntakeRequest,
  type IntakeResult,
  ingestWithin,
  retryResult,
  withReasons,
} from './intake';
import { OBSERVATION_COLUMNS, type ObservationRow, rowToObservation } from './observation-row';

/**
 * Stores the measurements of any number of patients (one request per patient): a lone single POST is a
 * batch of one, parallel POSTs of a client a batch of several (intake/coalesce.ts), a FHIR Bundle a
 * batch of many. Statements per call, whatever the number of patients:
 * - one read for every patient's limits and care plan (intake/context.ts; none when the caller read
 *   them with its access check and passes `contexts`), and one for the history of the patients whose
 *   plan has rules that read earlier values;
 * - one write: a data-modifying statement that inserts the observations (ON CONFLICT on the
 *   idempotency key: a retry, or a repeat inside the batch, stores nothing), the alerts of those that
 *   were inserted, and the audit rows — atomic on its own, so no BEGIN/COMMIT round trips;
 * - only for patients whose care plan's rules raise, update or resolve an alert with these values (they
 *   deduplicate finding by finding) or callers with their own audit writer: a transaction around that
 *   same statement and their row-by-row path (ingestWithin), so a transaction Bundle stays all or nothing.
 * Retries answer with the stored original (one more read, only when some row conflicted). Results come
 * back in the order of `requests` and their items. New alerts are published after the commit.
 */
export async function ingestBatch(
  db: Database,
  bus: EventBus,
  requests: IntakeRequest[],
  contexts?: Map<string, IntakeContext>,
): Promise<IntakeResult[][]> {
  const known = contexts ?? (await loadIntakeContexts(db, [...new Set(requests.map((r) => r.patientId))]));
  const limitsOf = (req: IntakeRequest) => {
    const context = known.get(req.patientId);
    if (!context) throw new Error('intake: no context for a patient of the batch');
    return context.limits;
  };
  // Care-plan patients: their rules with the history they read (one query for all), then judged in
  // memory. A request whose every measurement the rules pass quietly (no finding, nothing to resolve:
  // the normal reading) is stored like any other; one that raises, updates or resolves an alert takes
  // the row-by-row path, where each finding deduplicates against the open alerts.
  const now = new Date();
  const planned = requests.filter((req) => limitsOf(req).plan !== null);
  const runs =
    planned.length > 0
      ? await prepareRuleRuns(
          db,
          planned.map((req) => ({
            patientId: req.patientId,
            plan: limitsOf(req).plan!,
            measurementCodes: req.items.map((i) => i.measurement.code),
          })),
          now,
        )
      : new Map<string, RuleRun>();
  const rowByRow = (req: IntakeRequest) => {
    if (req.audit) return true;
    const { plan, thresholdsFor } = limitsOf(req);
    if (plan === null) return false;
    if (req.items.some((i) => i.extraReasons?.length)) return true;
    const run = runs.get(req.patientId)!;
    // With history rules each stored value is history for the next one: judged in order, row by row.
    if (req.items.length > 1 && run.needsHistory) return true;
    return !req.items.every((i) =>
      judgesQuiet(run, { ...i.measurement, effectiveAt: i.effectiveAt }, thresholdsFor, plan.timeZone, now),
    );
  };
  const createdAlerts: string[] = [];
  const out: IntakeResult[][] = requests.map(() => []);
  const byRow = requests.map(rowByRow);
  const fast = requests.flatMap((req, index) => (byRow[index] ? [] : [{ req, index }]));
  const slow = requests.flatMap((req, index) => (byRow[index] ? [{ req, index }] : []));
  const writeFast = async (q: Queryable) => {
    const results = await writeStatement(
      q,
      fast.map((f) => f.req),
      limitsOf,
      createdAlerts,
    );
    fast.forEach((f, i) => {
      out[f.index] = results[i]!;
    });
  };
  if (slow.length === 0) await writeFast(db);
  else
    await db.tx(async (client) => {
      if (fast.length > 0) await writeFast(client);
      for (const { req, index } of slow)
        out[index] = await ingestWithin(
          client,
          req,
          createdAlerts,
          limitsOf(req),
          runs.get(req.patientId) ?? null,
        );
    });
  for (let i = 0; i < requests.length; i++) recordIngest(requests[i]!.source, out[i]!);
  // Only new alerts go to worklists; an updated (persisting) one is already there.
  if (createdAlerts.length > 0) await publishAlertsCreated(db, bus, createdAlerts);
  return out;
}

interface Pending {
  request: number;
  item: IntakeItem;
  patientId: string;
  id: string;
  evaluation: Evaluation;
  severity: Severity;
  /** The alert's id when this measurement raises one (no care plan: every deviation is an alert). */
  alertId: string | null;
}

/** The one write statement for requests without rule-engine work; results per request and item. */
async function writeStatement(
  q: Queryable,
  requests: IntakeRequest[],
  limitsOf: (req: IntakeRequest) => IntakeLimits,
  createdAlerts: string[],
): Promise<IntakeResult[][]> {
  const pending: Pending[] = [];
  requests.forEach((req, request) => {
    const limits = limitsOf(req);
    for (const item of req.items) {
      const evaluation = withReasons(
        evaluate(item.measurement, limits.thresholdsFor, limits.adviceFor),
        item.extraReasons,
      );
      pending.push({
        request,
        item,
        patientId: req.patientId,
        id: uuidv7(),
        evaluation,
        severity: evaluation.severity,
        // With a care plan its rules decide (and none applies here); without one every deviation alerts.
        alertId: limits.plan === null && evaluation.severity !== 'green' ? uuidv7() : null,
      });
    }
  });
  const audits = requests.flatMap((r) => (r.auditEntry ? [r.auditEntry] : []));
  if (pending.length === 0 && audits.length === 0) return requests.map(() => []);

  // Rows go in (patient, key) order, so two concurrent batches sharing keys wait on each other's
  // unique-index entries in the same order instead of deadlocking.
  const rows = [...pending].sort((a, b) =>
    a.patientId === b.patientId
      ? (a.item.idempotencyKey ?? '').localeCompare(b.item.idempotencyKey ?? '')
      : a.patientId < b.patientId
        ? -1
        : 1,
  );
  const alerts = rows.filter((p) => p.alertId !== null);
  const params: unknown[] = [];
  const p = sqlParam(params);
  const col = (list: Pending[], f: (x: Pending) => unknown) => p(list.map(f));
  const req = (x: Pending) => requests[x.request]!;
  // Arrays of arrays cannot go through unnest (it flattens them): original values and units travel as
  // array literals in text, cast per row (cheaper for the server than JSON taken apart by a subquery).
  // The alerts join the inserted rows: a conflicting (retried) observation gets none.
  const { rows: stored } = await preparedQuery<
    ObservationRow & { idempotency_key: string | null; alert_id: string | null }
  >(
    q,
    `WITH obs AS (
       INSERT INTO observation AS o (patient_id, id, code, effective_at, value, value2, unit, original_values,
         original_units, source, entered_by, client_id, device_id, identifier_system, identifier_value,
         idempotency_key, severity)
       SELECT t.patient_id, t.id, t.code, t.effective_at, t.value, t.value2, t.unit,
         t.ov::double precision[], t.ou::text[],
         t.source, t.entered_by, t.client_id, t.device_id, t.identifier_system, t.identifier_value,
         t.idempotency_key, t.severity
       FROM unnest(${col(rows, (x) => x.patientId)}::uuid[], ${col(rows, (x) => x.id)}::uuid[],
         ${col(rows, (x) => x.item.measurement.code)}::text[], ${col(rows, (x) => x.item.effectiveAt)}::timestamptz[],
         ${col(rows, (x) => x.item.measurement.values[0])}::float8[],
         ${col(rows, (x) => x.item.measurement.values[1] ?? null)}::float8[],
         ${col(rows, (x) => x.item.measurement.unit)}::text[],
         ${col(rows, (x) => arrayLiteral(x.item.measurement.originalValues))}::text[],
         ${col(rows, (x) => arrayLiteral(x.item.measurement.originalUnits))}::text[],
         ${col(rows, (x) => req(x).source)}::text[], ${col(rows, (x) => req(x).enteredBy)}::uuid[],
         ${col(rows, (x) => req(x).clientId)}::text[], ${col(rows, (x) => x.item.deviceId ?? null)}::text[],
         ${col(rows, (x) => x.item.identifier?.system ?? null)}::text[],
         ${col(rows, (x) => x.item.identifier?.value ?? null)}::text[],
         ${col(rows, (x) => x.item.idempotencyKey)}::text[], ${col(rows, (x) => x.severity)}::text[])
         AS t(patient_id, id, code, effective_at, value, value2, unit, ov, ou, source, entered_by, client_id,
              device_id, identifier_system, identifier_value, idempotency_key, severity)
       ON CONFLICT (patient_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING ${OBSERVATION_COLUMNS}, o.idempotency_key
     ), alerts AS (
       INSERT INTO alert (patient_id, id, observation_id, severity, reasons)
       SELECT a.patient_id, a.id, a.observation_id, a.severity, a.reasons
       FROM unnest(${col(alerts, (x) => x.patientId)}::uuid[], ${col(alerts, (x) => x.alertId)}::uuid[],
         ${col(alerts, (x) => x.id)}::uuid[], ${col(alerts, (x) => x.severity)}::text[],
         ${col(alerts, (x) => JSON.stringify(x.evaluation.reasons))}::jsonb[])
         AS a(patient_id, id, observation_id, severity, reasons)
       JOIN obs ON obs.patient_id = a.patient_id AND obs.id = a.observation_id
       RETURNING id, observation_id
     ), audit AS (
       ${auditInsertSql(audits, p)}
     )
     SELECT o.*, a.id AS alert_id FROM obs o LEFT JOIN alerts a ON a.observation_id = o.id`,
    params,
  );
  const inserted = new Map(stored.map((r) => [r.id, r]));
  for (const r of stored) if (r.alert_id) createdAlerts.push(r.alert_id);

  // A row that inserted nothing met its key: stored earlier (a retry), by a concurrent request (its
  // row committed while this statement waited, but this statement's snapshot predates it), or by an
  // earlier row of this batch (this statement cannot see its own rows). The first two are read by a
  // new statement, whose snapshot sees them; the last is in `stored`.
  const byKey = new Map(stored.map((r) => [`${r.patient_id}|${r.idempotency_key}`, r]));
  const missing = pending.filter(
    (x) => !inserted.has(x.id) && !byKey.has(`${x.patientId}|${x.item.idempotencyKey}`),
  );
  const earlier =
    missing.length > 0
      ? await findByKeys(
          q,
          missing.map((x) => ({ patientId: x.patientId, key: x.item.idempotencyKey! })),
        )
      : new Map();

  const out: IntakeResult[][] = requests.map(() => []);
  for (const x of pending) {
    const row = inserted.get(x.id);
    if (row) {
      out[x.request]!.push({
        observation: rowToObservation(row),
        evaluation: x.evaluation,
        alertId: row.alert_id,
        created: true,
      });
      continue;
    }
    const key = `${x.patientId}|${x.item.idempotencyKey}`;
    const sibling = byKey.get(key);
    const original = sibling
      ? { observation: rowToObservation(sibling), alertId: sibling.alert_id }
      : earlier.get(key);
    // Without an idempotency key nothing can conflict, so every keyless row was inserted.
    if (!original) throw new Error('conflicting observation not found');
    out[x.request]!.push(retryResult(original, x.item, limitsOf(req(x))));
  }
  return out;
}

/** A PostgreSQL array literal of numbers or strings, e.g. {120,80} or {"mm[Hg]","kg"}. */
function arrayLiteral(values: readonly (number | string)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}
