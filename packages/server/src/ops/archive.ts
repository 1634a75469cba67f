import type { Database } from '../db/database';

export interface ArchiveResult {
  observations: number;
  alerts: number;
  /** Observations older than the cut-off kept because an alert on them is still open. */
  keptOpen: number;
}

/**
 * Moves observations taken before `before` (and their alerts) from the hot tables to
 * observation_archive / alert_archive, in batches of `batchSize`, each its own short transaction so
 * ingest is never blocked for long. An observation whose alert is still open stays: someone has to
 * act on it first. `dryRun` only counts.
 */
export async function archiveObservations(
  db: Database,
  before: Date,
  opts: { batchSize?: number; dryRun?: boolean } = {},
): Promise<ArchiveResult> {
  const openAlert = `EXISTS (SELECT 1 FROM alert a WHERE a.patient_id = o.patient_id AND a.observation_id = o.id AND a.status = 'open')`;
  const { rows: kept } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM observation o WHERE o.effective_at < $1 AND ${openAlert}`,
    [before],
  );
  const result: ArchiveResult = { observations: 0, alerts: 0, keptOpen: kept[0]!.n };
  if (opts.dryRun) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM observation o WHERE o.effective_at < $1 AND NOT ${openAlert}`,
      [before],
    );
    result.observations = rows[0]!.n;
    return result;
  }
  for (;;) {
    // One statement: the alerts and their observations leave together (the foreign key is checked
    // at the end of the statement), and rows a concurrent transaction holds are left for next time.
    const { rows } = await db.query<{ observations: number; alerts: number }>(
      `WITH batch AS (
         SELECT o.patient_id, o.id FROM observation o
         WHERE o.effective_at < $1 AND NOT ${openAlert}
         LIMIT $2 FOR UPDATE SKIP LOCKED
       ), moved_alerts AS (
         DELETE FROM alert a USING batch b WHERE a.patient_id = b.patient_id AND a.observation_id = b.id
         RETURNING a.*
       ), archived_alerts AS (
         INSERT INTO alert_archive (patient_id, id, data)
         SELECT m.patient_id, m.id, to_jsonb(m) FROM moved_alerts m RETURNING 1
       ), moved AS (
         DELETE FROM observation o USING batch b WHERE o.patient_id = b.patient_id AND o.id = b.id
         RETURNING o.*
       ), archived AS (
         INSERT INTO observation_archive (patient_id, id, effective_at, data)
         SELECT m.patient_id, m.id, m.effective_at, to_jsonb(m) FROM moved m RETURNING 1
       )
       SELECT (SELECT count(*) FROM archived)::int AS observations, (SELECT count(*) FROM archived_alerts)::int AS alerts`,
      [before, opts.batchSize ?? 5_000],
    );
    const { observations, alerts } = rows[0]!;
    result.observations += observations;
    result.alerts += alerts;
    if (observations === 0) return result;
  }
}
