import {
  measurementForValueCode,
  type PlanActivity,
  proposePersonalLimits,
  RUN_IN,
  type RunInProposal,
  runInValueCodes,
} from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import type { Database, Queryable } from '../db/database';
import { loadHistory } from '../plans/rule-intake';
import { listThresholds } from './repository';

// The run-in job (inkörning), run by the jobs module: when a recommended or prescribed enrolment has passed
// its first RUN_IN.days local days, the readings of that window propose personal yellow limits per value code
// the plan measures (core run-in.ts decides; this module reads, claims and stores). A nurse decides
// (run-in-decisions.ts); until then the patient's one worklist line says limits are proposed.

/**
 * A run-in seen this long after it ended is not evaluated: its readings describe how the patient was, not
 * how the patient is (e.g. enrolments that predate this feature, or a job stopped for weeks).
 */
export const RUN_IN_STALE_DAYS = 28;
/** Enrolments per query; the job loops until none is left, each enrolment in its own transaction. */
const BATCH = 200;
const FALLBACK_ZONE = 'Europe/Stockholm';

export interface RunInResult {
  enrolmentsEvaluated: number;
  tooLate: number;
  /** Proposal ids waiting for a nurse. */
  proposed: string[];
  unchanged: number;
  insufficient: number;
  /** Enrolments whose evaluation failed this run (tried again next run). */
  failed: number;
}

interface DueEnrolment {
  patient_id: string;
  enrolment_id: string;
  started_at: Date;
  run_in_to: Date;
  time_zone: string;
  activities: PlanActivity[] | null;
  protocols: string[];
}

// The run-in ends at local midnight RUN_IN.days calendar days after the local day the enrolment started
// (PostgreSQL does the zone arithmetic, so daylight-saving days are 23 or 25 hours as they should be).
const DUE = `
SELECT e.patient_id, e.id AS enrolment_id, e.started_at, w.run_in_to, w.zone AS time_zone, cp.activities,
  ARRAY(SELECT ep.protocol_id FROM enrolment_protocol ep
        WHERE ep.patient_id = e.patient_id AND ep.enrolment_id = e.id) AS protocols
FROM enrolment e
LEFT JOIN care_plan cp ON cp.patient_id = e.patient_id
CROSS JOIN LATERAL (SELECT COALESCE(cp.time_zone, '${FALLBACK_ZONE}') AS zone) z
CROSS JOIN LATERAL (
  SELECT z.zone, (date_trunc('day', e.started_at AT TIME ZONE z.zone) + make_interval(days => $2)) AT TIME ZONE z.zone
    AS run_in_to
) w
WHERE e.status = 'active' AND e.kind IN ('recommended', 'prescribed')
  AND e.started_at <= $1 AND w.run_in_to <= $1
  AND NOT EXISTS (SELECT 1 FROM run_in r WHERE r.patient_id = e.patient_id AND r.enrolment_id = e.id)
  AND ($3::uuid[] IS NULL OR e.patient_id = ANY($3::uuid[]))
ORDER BY e.started_at, e.id
LIMIT $4`;

/**
 * One run at `now`: evaluates every enrolment whose run-in has ended and was not evaluated yet. Idempotent:
 * an enrolment is claimed (run_in row) in the transaction that stores its proposals, so a second run, or a
 * concurrent one, does nothing for it. `patientIds` limits the run.
 */
export function evaluateRunIns(
  db: Database,
  now: Date,
  options: { patientIds?: string[] } = {},
): Promise<RunInResult> {
  return evaluateDue(
    db,
    async (work) => {
      try {
        await db.tx(work);
        return true;
      } catch {
        // One enrolment that cannot be evaluated (its transaction rolled back) must not hold up the others;
        // it is tried again next run.
        return false;
      }
    },
    now,
    options,
  );
}

/** evaluateRunIns inside the caller's transaction (the demo seed). */
export function evaluateRunInsWithin(
  client: Queryable,
  now: Date,
  options: { patientIds?: string[] } = {},
): Promise<RunInResult> {
  return evaluateDue(
    client,
    async (work) => {
      await work(client);
      return true;
    },
    now,
    options,
  );
}

async function evaluateDue(
  q: Queryable,
  /** Runs one enrolment's work in a transaction; false when it failed (and was rolled back). */
  inTx: (work: (client: Queryable) => Promise<void>) => Promise<boolean>,
  now: Date,
  options: { patientIds?: string[] },
): Promise<RunInResult> {
  const result: RunInResult = {
    enrolmentsEvaluated: 0,
    tooLate: 0,
    proposed: [],
    unchanged: 0,
    insufficient: 0,
    failed: 0,
  };
  for (;;) {
    const { rows } = await q.query<DueEnrolment>(DUE, [now, RUN_IN.days, options.patientIds ?? null, BATCH]);
    let progressed = 0;
    for (const e of rows) {
      if (await inTx((client) => evaluateEnrolment(client, e, now, result))) progressed++;
      else result.failed++;
    }
    if (rows.length < BATCH || progressed === 0) return result;
  }
}

/**
 * Value codes the enrolment's protocols measure in the plan, of those a run-in proposes limits for; never those
 * of an activity the protocol keeps out of the run-in (`runIn: false`, e.g. BP in pregnancy).
 */
export function runInCodes(activities: PlanActivity[] | null, protocols: string[]): string[] {
  return runInValueCodes((activities ?? []).filter((a) => a.sources.some((s) => protocols.includes(s))));
}

async function evaluateEnrolment(client: Queryable, e: DueEnrolment, now: Date, result: RunInResult) {
  const tooLate = now.getTime() - new Date(e.run_in_to).getTime() > RUN_IN_STALE_DAYS * 86_400_000;
  const claimed = await client.query(
    `INSERT INTO run_in (patient_id, enrolment_id, run_in_from, run_in_to, outcome, evaluated_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
    [e.patient_id, e.enrolment_id, e.started_at, e.run_in_to, tooLate ? 'too-late' : 'evaluated', now],
  );
  if (claimed.rows.length === 0) return; // another run got there first
  if (tooLate) {
    result.tooLate++;
    return;
  }
  result.enrolmentsEvaluated++;
  const codes = runInCodes(e.activities, e.protocols);
  if (codes.length === 0) return;
  const stored = [...new Set(codes.map((c) => measurementForValueCode(c)?.loinc ?? c))];
  // Readings of the run-in only: from the enrolment's start to the end of its last local day.
  const history = await loadHistory(
    client,
    e.patient_id,
    stored,
    new Date(e.started_at),
    new Date(new Date(e.run_in_to).getTime() - 1),
  );
  // The limits in force now: personal, else the plan's, else the catalogue's.
  const limits = new Map((await listThresholds(client, e.patient_id)).map((t) => [t.code, t.thresholds]));
  for (const code of codes) {
    const p = proposePersonalLimits(code, limits.get(code) ?? {}, history[code] ?? [], {
      timeZone: e.time_zone,
    });
    const id = await storeProposal(client, e, p, now);
    if (!id) continue;
    if (id.status === 'pending') result.proposed.push(id.id);
    else if (id.status === 'unchanged') result.unchanged++;
    else result.insufficient++;
  }
}

async function storeProposal(
  client: Queryable,
  e: DueEnrolment,
  p: RunInProposal,
  now: Date,
): Promise<{ id: string; status: string } | null> {
  if (p.status === 'not-applicable') return null;
  const full = p.status === 'proposed' || p.status === 'unchanged' ? p : null;
  // A usual value beyond a red limit needs a clinician even when the yellow limits cannot move.
  const status =
    p.status === 'insufficient'
      ? 'insufficient'
      : p.status === 'proposed' || full?.usualBeyondRed
        ? 'pending'
        : 'unchanged';
  if (status === 'pending')
    // A newer run-in (a later enrolment) replaces an undecided older proposal for the same value.
    await client.query(
      `UPDATE run_in_proposal SET status = 'superseded' WHERE patient_id = $1 AND code = $2 AND status = 'pending'`,
      [e.patient_id, p.code],
    );
  const id = uuidv7();
  await client.query(
    `INSERT INTO run_in_proposal (patient_id, id, enrolment_id, code, status, current_limits, proposed_limits,
       usual, spread, readings_used, days_used, usual_beyond_red, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      e.patient_id,
      id,
      e.enrolment_id,
      p.code,
      status,
      full ? JSON.stringify(full.current) : null,
      full ? JSON.stringify(full.proposed) : null,
      full?.usual ?? null,
      full?.spread ?? null,
      p.readingsUsed,
      p.daysUsed,
      full?.usualBeyondRed ?? false,
      now,
    ],
  );
  return { id, status };
}
