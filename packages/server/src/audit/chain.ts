import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../db/database';

export const GENESIS_HASH = '0'.repeat(64);
const BATCH = 5000;

/** One column as the chain serialises it: length-prefixed text, '-' for NULL (as audit_field in SQL). */
function field(value: string | null): string {
  return value === null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

interface ChainRow {
  seq: string;
  id: string;
  at: string;
  patient_id: string | null;
  actor_account_id: string | null;
  actor_client_id: string | null;
  actor_role: string | null;
  actor_unit_id: string | null;
  action: string | null;
  purpose: string | null;
  remote_addr: string | null;
  emergency_access_id: string | null;
  follow_up: string | null;
  prev_hash: string;
  hash: string;
}

/** The hash a row must carry: computed here, independently of the database's trigger. */
export function rowHash(prev: string, r: ChainRow): string {
  const content = [
    r.seq,
    r.id,
    r.at,
    r.patient_id,
    r.actor_account_id,
    r.actor_client_id,
    r.actor_role,
    r.actor_unit_id,
    r.action,
    r.purpose,
    r.remote_addr,
    r.emergency_access_id,
    r.follow_up,
  ]
    .map(field)
    .join('|');
  return createHash('sha256').update(`${prev}|${content}`, 'utf8').digest('hex');
}

export interface ChainProblem {
  seq: string;
  id: string | null;
  problem: 'content-changed' | 'link-broken' | 'row-missing' | 'head-mismatch';
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  problems: ChainProblem[];
}

/**
 * Walks the whole chain in seq order: recomputes each row's hash from its content and the previous
 * row's hash. A changed row fails its own hash; a row re-hashed to hide a change breaks the next
 * row's link; deleted rows leave a gap; rows cut from the end no longer match audit_chain_head.
 */
export async function verifyChain(db: Database): Promise<VerifyResult> {
  const problems: ChainProblem[] = [];
  const purge = await db.query<{ through_seq: string; through_hash: string }>(
    'SELECT p.through_seq::text, p.through_hash FROM audit_purge p ORDER BY p.through_seq DESC LIMIT 1',
  );
  let expectedSeq = BigInt(purge.rows[0]?.through_seq ?? '0') + 1n;
  let prev = purge.rows[0]?.through_hash ?? GENESIS_HASH;
  let rows = 0;
  let after = expectedSeq - 1n;
  for (;;) {
    const batch = await db.query<ChainRow>(
      `SELECT seq::text, id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
         patient_id::text, actor_account_id::text, actor_client_id, actor_role, actor_unit_id::text, action,
         purpose, remote_addr, emergency_access_id::text, follow_up::text, prev_hash, hash
       FROM audit_event e WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`,
      [after.toString(), BATCH],
    );
    for (const r of batch.rows) {
      rows++;
      const seq = BigInt(r.seq);
      if (seq !== expectedSeq)
        problems.push({ seq: expectedSeq.toString(), id: null, problem: 'row-missing' });
      if (r.prev_hash !== prev) problems.push({ seq: r.seq, id: r.id, problem: 'link-broken' });
      if (rowHash(r.prev_hash, r) !== r.hash)
        problems.push({ seq: r.seq, id: r.id, problem: 'content-changed' });
      // Continue from the stored hash, so one changed row is reported once and the rest still checked.
      prev = r.hash;
      expectedSeq = seq + 1n;
    }
    if (batch.rows.length < BATCH) break;
    after = BigInt(batch.rows.at(-1)!.seq);
  }
  const head = await db.query<{ seq: string; hash: string }>(
    'SELECT seq::text, hash FROM audit_chain_head WHERE id = 1',
  );
  const h = head.rows[0];
  if (!h || BigInt(h.seq) !== expectedSeq - 1n || (h.seq !== '0' && h.hash !== prev)) {
    problems.push({ seq: h?.seq ?? '?', id: null, problem: 'head-mismatch' });
  }
  return { ok: problems.length === 0, rows, problems };
}

export interface PurgeResult {
  deleted: number;
  throughSeq: string | null;
}

/**
 * Deletes the oldest part of the log: rows older than `retentionYears` (never below 5), as a prefix
 * of the chain so the rest stays verifiable from the recorded cut. The database refuses, whatever
 * is asked here, to delete any row younger than five years.
 */
export async function purgeAudit(db: Database, retentionYears: number): Promise<PurgeResult> {
  const years = Math.max(5, Math.floor(retentionYears));
  return db.tx(async (client) => {
    await client.query("SELECT set_config('hemma.audit_purge', 'on', true)");
    const cut = await client.query<{ through_seq: string | null; through_hash: string | null; n: string }>(
      `WITH cutoff AS (SELECT now() - make_interval(years => $1) AS t),
       first_kept AS (SELECT min(a.seq) AS seq FROM audit_event a, cutoff WHERE a.at >= cutoff.t),
       last_purged AS (
         SELECT max(a.seq) AS seq FROM audit_event a, cutoff, first_kept f
         WHERE a.at < cutoff.t AND (f.seq IS NULL OR a.seq < f.seq))
       SELECT e.seq::text AS through_seq, e.hash AS through_hash,
         (SELECT count(*) FROM audit_event a, last_purged l WHERE a.seq <= l.seq)::text AS n
       FROM last_purged l LEFT JOIN audit_event e ON e.seq = l.seq`,
      [years],
    );
    const row = cut.rows[0];
    if (!row?.through_seq) return { deleted: 0, throughSeq: null };
    await client.query(
      `INSERT INTO audit_purge (id, before, rows, through_seq, through_hash)
       VALUES ($1, now() - make_interval(years => $2), $3, $4, $5)`,
      [uuidv7(), years, row.n, row.through_seq, row.through_hash],
    );
    const deleted = await client.query('DELETE FROM audit_event WHERE seq <= $1', [row.through_seq]);
    return { deleted: deleted.rowCount ?? 0, throughSeq: row.through_seq };
  });
}
