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

type UnsealedRow = Omit<ChainRow, 'seq' | 'prev_hash' | 'hash'>;

const CONTENT_COLUMNS = `id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  patient_id::text, actor_account_id::text, actor_client_id, actor_role, actor_unit_id::text, action,
  purpose, remote_addr, emergency_access_id::text, follow_up::text`;

export interface SealResult {
  sealed: number;
  /** The chain's head after sealing. */
  headSeq: string;
}

/**
 * Chains the rows inserted since the last run (they arrive with seq, prev_hash and hash NULL), in
 * id order, continuing from audit_chain_head. Each batch is one transaction holding the head row's
 * lock, so concurrent sealers queue and never fork the chain; audited request transactions never
 * take that lock. A row committed late by a slow transaction is simply sealed by a later run: the
 * chain's order is the seal order, which is what the verifier follows.
 */
export async function sealAuditChain(db: Database, options: { batch?: number } = {}): Promise<SealResult> {
  const batch = options.batch ?? BATCH;
  let sealed = 0;
  for (;;) {
    const { n, headSeq } = await db.tx(async (client) => {
      const head = (
        await client.query<{ seq: string; hash: string }>(
          'SELECT seq::text, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE',
        )
      ).rows[0]!;
      const rows = (
        await client.query<UnsealedRow>(
          `SELECT ${CONTENT_COLUMNS} FROM audit_event e WHERE e.seq IS NULL ORDER BY e.id LIMIT $1`,
          [batch],
        )
      ).rows;
      if (rows.length === 0) return { n: 0, headSeq: head.seq };
      let seq = BigInt(head.seq);
      let prev = head.hash;
      const ids: string[] = [];
      const seqs: string[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const r of rows) {
        seq++;
        const hash = rowHash(prev, { ...r, seq: seq.toString(), prev_hash: prev, hash: '' });
        ids.push(r.id);
        seqs.push(seq.toString());
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      const updated = await client.query(
        `UPDATE audit_event e SET seq = s.seq, prev_hash = s.prev_hash, hash = s.hash
         FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[]) AS s (id, seq, prev_hash, hash)
         WHERE e.id = s.id AND e.seq IS NULL`,
        [ids, seqs, prevs, hashes],
      );
      // Under the head lock nothing else seals; anything else would fork the chain, so roll back.
      if (updated.rowCount !== rows.length) throw new Error('audit seal: rows changed while sealing');
      await client.query('UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1', [
        seq.toString(),
        prev,
      ]);
      return { n: rows.length, headSeq: seq.toString() };
    });
    sealed += n;
    if (n < batch) return { sealed, headSeq };
  }
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
  /** Rows not yet sealed into the chain (informational: the sealer runs every minute). */
  unsealed: number;
}

/**
 * Walks the whole sealed chain in seq order (seal first to cover every row): recomputes each row's hash from its content and the previous
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
      `SELECT seq::text, ${CONTENT_COLUMNS}, prev_hash, hash
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
  const unsealed = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM audit_event WHERE seq IS NULL',
  );
  return { ok: problems.length === 0, rows, problems, unsealed: unsealed.rows[0]!.n };
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
  // Only sealed rows can be purged (the cut is a seq); seal first so none old enough is left behind.
  await sealAuditChain(db);
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
