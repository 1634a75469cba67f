import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';

// Timestamps come back as ISO strings (mapped in one place, see toIso) and bigint counts as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** What both a pool and a transaction's client offer: parameterised queries. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

/** One pg-based code path for both the embedded database (PGlite) and PostgreSQL. */
export interface Database extends Queryable {
  kind: 'embedded' | 'postgres';
  pool: pg.Pool;
  /** Runs fn in a transaction; commits when it returns, rolls back when it throws. */
  tx<T>(fn: (client: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** True when the embedded data directory did not exist before this open. */
  created: boolean;
}

export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir?: string;
  pglite?: PGlite;
  poolSize?: number;
}): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 20 });
    // An idle connection can be closed by the server (restart, failover, admin); the pool replaces it.
    // Without a listener that error would crash the process.
    pool.on('error', () => {});
    return wrap('postgres', pool, false, async () => pool.end());
  }
  let created = false;
  let pglite = opts.pglite;
  const ownsPglite = !pglite;
  if (!pglite) {
    const dir = opts.dataDir ?? './data';
    created = !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
    fs.mkdirSync(dir, { recursive: true });
    pglite = await PGlite.create(dir);
  }
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const instance = pglite;
  return wrap('embedded', pool, created, async () => {
    await pool.end();
    if (ownsPglite) await instance.close();
  });
}

function wrap(kind: Database['kind'], pool: pg.Pool, created: boolean, close: () => Promise<void>): Database {
  return {
    kind,
    pool,
    created,
    query: (text, values) => pool.query(text, values),
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close,
  };
}

export function toIso(value: Date | string | null | undefined): string | null {
  if (value == null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
