import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../../packages/server/src/db/database';
import { mulberry32 } from '../../packages/server/src/demo/generate';
import { OBSERVATION_COLUMNS } from '../../packages/server/src/intake/observation-row';
import type { BenchPatient } from './dataset';
import { BP_LOINC, band, kindOfPatient, type Sample, sample } from './measurements';
import { SEARCH_DAYS } from './profile';
import { COLUMNS, copyText, insertValues, type ObservationRow, observationRow } from './rows';
import { summarize } from './stats';

export const ROWS_PER_STATEMENT = 100;
const ROWS_PER_COPY = 10_000;

/** A way into the database without Hemma in between. */
export interface RawTarget {
  connections: number;
  pool: Queryable;
  /** Runs one COPY … FROM STDIN of the given text-format rows. */
  copy: (text: string) => Promise<void>;
  close: () => Promise<void>;
}

/** PostgreSQL: its own pool of `connections`, COPY through pg-copy-streams. */
export function postgresTarget(url: string, connections: number): RawTarget {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  // An idle connection that PostgreSQL closes at shutdown must not crash the bench.
  pool.on('error', () => {});
  return {
    connections,
    pool,
    copy: async (text) => {
      const client = await pool.connect();
      try {
        await pipeline(
          Readable.from([text]),
          client.query(copyFrom(`COPY observation (${COLUMNS}) FROM STDIN`)),
        );
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The embedded database has one connection; PGlite reads COPY input from a Blob at /dev/blob. */
export function pgliteTarget(pglite: PGlite, pool: Queryable, close: () => Promise<void>): RawTarget {
  return {
    connections: 1,
    pool,
    copy: async (text) => {
      await pglite.query(`COPY observation (${COLUMNS}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
    },
    close,
  };
}

export interface CeilingResult {
  /** The best of the runs below. */
  multiRowInsertPerSecond: number;
  /** Multi-row INSERT rows/s by number of connections (1 and, where possible, 4 as in the reference). */
  multiRowByConnections: Record<string, number>;
  copyPerSecond: number;
  /** Connections of the best multi-row run; COPY used as many. */
  connections: number;
  rowsPerStatement: number;
  rowsPerCopy: number;
  /** The FHIR search's own SQL, run directly: what the index alone costs. */
  sqlSearchP50Ms: number | null;
  sqlSearchP95Ms: number | null;
}

/**
 * The database's own insert ceiling for rows equivalent to what the FHIR intake stores, into the
 * same observation table with the same indexes: `connections` workers, each committing one
 * statement at a time (durable commits), until the time is up.
 */
export async function measureCeiling(
  target: RawTarget,
  patients: BenchPatient[],
  opts: { seconds: number; searchQueries: number; now: Date },
): Promise<CeilingResult> {
  const rows = rowFactory(patients, opts.now);
  const multiRowByConnections: Record<string, number> = {};
  // On two cores, four connections inserting into the same indexes can do less than one, so both are
  // measured and the ceiling is the better.
  for (const connections of new Set([1, target.connections])) {
    multiRowByConnections[connections] = await timedWorkers(connections, opts.seconds, async () => {
      await insertValues(target.pool, rows(ROWS_PER_STATEMENT));
      return ROWS_PER_STATEMENT;
    });
  }
  const [best, multiRow] = Object.entries(multiRowByConnections).sort((a, b) => b[1] - a[1])[0]!;
  const connections = Number(best);
  const copy = await timedWorkers(connections, opts.seconds, async () => {
    await target.copy(copyText(rows(ROWS_PER_COPY)));
    return ROWS_PER_COPY;
  });
  const search = await sqlSearch(target.pool, patients, opts.searchQueries, opts.now);
  return {
    multiRowInsertPerSecond: multiRow,
    multiRowByConnections,
    copyPerSecond: copy,
    connections,
    rowsPerStatement: ROWS_PER_STATEMENT,
    rowsPerCopy: ROWS_PER_COPY,
    sqlSearchP50Ms: search.p50Ms,
    sqlSearchP95Ms: search.p95Ms,
  };
}

/** Rows of the load's mix; values are drawn once up front so the timed loop only makes ids. */
function rowFactory(patients: BenchPatient[], now: Date): (n: number) => ObservationRow[] {
  const rng = mulberry32(17);
  const samples: Sample[] = Array.from({ length: 1000 }, (_, i) =>
    sample(kindOfPatient(patients[i % patients.length]!.n), band(rng(), { red: 0.01, yellow: 0.03 }), rng),
  );
  // Identifiers unique per factory, so the idempotency index never sees a duplicate.
  const run = uuidv7();
  let next = 0;
  return (n) =>
    Array.from({ length: n }, () => {
      const i = next++;
      const patient = patients[i % patients.length]!;
      return observationRow(
        patient.id,
        samples[i % samples.length]!,
        now,
        `ceiling-${run}-${i}`,
        'fhir-client',
      );
    });
}

/** Runs `workers` loops of `step` (which returns rows written) for `seconds`; returns rows per second. */
async function timedWorkers(workers: number, seconds: number, step: () => Promise<number>): Promise<number> {
  const start = performance.now();
  const end = start + seconds * 1000;
  let rows = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) rows += await step();
    }),
  );
  return Math.round((rows * 1000) / (performance.now() - start));
}

/** Same statement as GET /fhir/R4/Observation?patient&code&date=ge&date=le (fhir/routes.ts). */
async function sqlSearch(db: Queryable, patients: BenchPatient[], n: number, now: Date) {
  const bp = patients.filter((p) => kindOfPatient(p.n).loinc === BP_LOINC);
  const from = new Date(now.getTime() - SEARCH_DAYS * 86_400_000);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await db.query(
      `SELECT ${OBSERVATION_COLUMNS} FROM observation o WHERE o.patient_id = $1 AND o.code = ANY($2) AND o.effective_at >= $3::timestamptz
         AND o.effective_at <= $4::timestamptz ORDER BY o.effective_at DESC LIMIT 100`,
      [bp[(i * 7919) % bp.length]!.id, [BP_LOINC], from.toISOString(), now.toISOString()],
    );
    times.push(performance.now() - t0);
  }
  return summarize(times);
}
