import { performance } from 'node:perf_hooks';
import { uuidv7 } from 'uuidv7';
import type { Database, Queryable } from '../../packages/server/src/db/database';
import { mulberry32 } from '../../packages/server/src/demo/generate';
import { band, kindOfPatient, sample } from './measurements';
import { insertUnnest, type ObservationRow, observationRow } from './rows';

export const STAFF_USER = 'nurse.north';
const DAY = 86_400_000;
// As in the demo seed: alerts from the last 72 h are still open, older ones were handled by the nurse.
const OPEN_ALERT_HOURS = 72;
// Home values are mostly fine: 3 % yellow and 1 % red gives about a thousand open alerts for
// 10,000 patients (weight has no default thresholds, so its patients give none).
const SHARES = { red: 0.01, yellow: 0.03 };
const ROWS_PER_STATEMENT = 20_000;

export interface BenchPatient {
  id: string;
  /** Position in the generated population; decides the measurement kind. */
  n: number;
}

export interface Dataset {
  unitId: string;
  patients: BenchPatient[];
  days: number;
  observations: number;
  alerts: number;
  openAlerts: number;
  loadSeconds: number;
}

/**
 * Adds `patients` patients enrolled at the nurse's unit with `days` days of one daily value each,
 * and an alert for every value outside its limits, straight into the tables (not through the API).
 * Secondary indexes are dropped for the load and rebuilt from their own definitions afterwards,
 * which is several times faster than maintaining them row by row.
 */
export async function loadDataset(
  db: Database,
  opts: { patients: number; days: number; now: Date; log: (msg: string) => void },
): Promise<Dataset> {
  const started = performance.now();
  const { rows: staff } = await db.query<{ account_id: string; care_unit_id: string }>(
    `SELECT m.account_id, m.care_unit_id FROM staff_membership m JOIN account a ON a.id = m.account_id
     WHERE a.username = $1`,
    [STAFF_USER],
  );
  const nurse = staff[0];
  if (!nurse) throw new Error(`${STAFF_USER} is missing: the demo seed must run first`);

  const patients = await insertPatients(db, opts.patients, nurse.care_unit_id, opts.now, opts.days);
  const dropped = await dropSecondaryIndexes(db);
  const rng = mulberry32(9);
  let observations = 0;
  let alerts = 0;
  let openAlerts = 0;
  const perChunk = Math.max(1, Math.floor(ROWS_PER_STATEMENT / opts.days));
  for (let i = 0; i < patients.length; i += perChunk) {
    const rows: ObservationRow[] = [];
    for (const p of patients.slice(i, i + perChunk)) {
      const kind = kindOfPatient(p.n);
      for (let d = 0; d < opts.days; d++) {
        // One value a day, in the morning of each day, the newest about half a day ago.
        const effective = new Date(
          opts.now.getTime() - (opts.days - d - 0.5) * DAY + (rng() - 0.5) * 4 * 3600_000,
        );
        rows.push(
          observationRow(p.id, sample(kind, band(rng(), SHARES), rng), effective, `load-${p.n}-${d}`),
        );
      }
    }
    await insertUnnest(db, rows);
    const flagged = rows.filter((r) => r.sample.severity !== 'green');
    openAlerts += await insertAlerts(db, flagged, nurse.account_id, opts.now);
    observations += rows.length;
    alerts += flagged.length;
    if ((i / perChunk) % 25 === 0) opts.log(`  loaded ${observations.toLocaleString('en')} observations`);
  }
  opts.log(`  rebuilding ${dropped.length} indexes`);
  for (const def of dropped) await db.query(def);
  await db.query('ANALYZE');
  return {
    unitId: nurse.care_unit_id,
    patients,
    days: opts.days,
    observations,
    alerts,
    openAlerts,
    loadSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

async function insertPatients(
  db: Queryable,
  count: number,
  unitId: string,
  now: Date,
  days: number,
): Promise<BenchPatient[]> {
  const patients = Array.from({ length: count }, (_, n) => ({ id: uuidv7(), n }));
  const enrolledAt = new Date(now.getTime() - (days + 1) * DAY);
  for (let i = 0; i < count; i += 5000) {
    const chunk = patients.slice(i, i + 5000);
    await db.query(
      `INSERT INTO patient (id, personnummer, given_name, family_name, birth_date, gender)
       SELECT id, '99' || lpad(n::text, 10, '0'), 'Bench', 'Patient ' || n,
         date '1940-01-01' + (n % 15000), CASE WHEN n % 2 = 0 THEN 'female' ELSE 'male' END
       FROM unnest($1::uuid[], $2::int[]) AS t(id, n)`,
      [chunk.map((p) => p.id), chunk.map((p) => p.n)],
    );
    await db.query(
      `INSERT INTO enrolment (patient_id, id, care_unit_id, condition, kind, started_at)
       SELECT p, i, $3, c, 'prescribed', $4 FROM unnest($1::uuid[], $2::uuid[], $5::text[]) AS t(p, i, c)`,
      [
        chunk.map((p) => p.id),
        chunk.map(() => uuidv7()),
        unitId,
        enrolledAt,
        chunk.map((p) => kindOfPatient(p.n).condition),
      ],
    );
  }
  return patients;
}

/** Inserts one alert per flagged row; returns how many are still open. */
async function insertAlerts(
  db: Queryable,
  rows: ObservationRow[],
  nurseId: string,
  now: Date,
): Promise<number> {
  if (rows.length === 0) return 0;
  const created = rows.map((r) => new Date(r.effectiveAt.getTime() + 60_000));
  const open = created.map((c) => now.getTime() - c.getTime() < OPEN_ALERT_HOURS * 3600_000);
  await db.query(
    `INSERT INTO alert (patient_id, id, observation_id, severity, reasons, status, created_at, acknowledged_at,
       acknowledged_by, ack_note)
     SELECT p, uuid, o, sev, r::jsonb, CASE WHEN op THEN 'open' ELSE 'acknowledged' END, c,
       CASE WHEN op THEN NULL ELSE c + interval '3 hours' END, CASE WHEN op THEN NULL ELSE $8::uuid END,
       CASE WHEN op THEN NULL ELSE 'Bedömt (benchmark data)' END
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[], $7::bool[])
       AS t(p, uuid, o, sev, r, c, op)`,
    [
      rows.map((r) => r.patientId),
      rows.map(() => uuidv7()),
      rows.map((r) => r.id),
      rows.map((r) => r.sample.severity),
      rows.map((r) => JSON.stringify(r.sample.reasons)),
      created,
      open,
      nurseId,
    ],
  );
  return open.filter(Boolean).length;
}

/** Drops the non-primary-key indexes of observation and alert; returns the statements that rebuild them. */
async function dropSecondaryIndexes(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename IN ('observation', 'alert')
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const r of rows) await db.query(`DROP INDEX "${r.name}"`);
  return rows.map((r) => r.def);
}
