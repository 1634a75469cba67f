import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Queryable } from './database';

const names = new Map<string, string>();

/**
 * Runs `text` as a named prepared statement: each connection parses and plans it once, later runs
 * only bind and execute. For the few hot statements whose planning cost more than running them:
 * intake's read and write, and the access check every patient-data route starts with. The name is
 * derived from the text, so a name never meets two texts (pg refuses that). Only texts from a small
 * fixed set may come here (they depend on the actor kind and a patient count up to FEW_PATIENTS, never
 * on values): every text stays prepared on every connection for the connection's life.
 */
export function preparedQuery<R extends pg.QueryResultRow>(
  q: Queryable,
  text: string,
  values: unknown[],
): Promise<pg.QueryResult<R>> {
  let name = names.get(text);
  if (!name) {
    name = `hemma_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  // Both pg.Pool and pg.PoolClient (all a Queryable ever is) take a query config with a name.
  return (q as unknown as { query(config: pg.QueryConfig): Promise<pg.QueryResult<R>> }).query({
    name,
    text,
    values,
  });
}

/** Up to this many patients, a statement takes them as scalar parameters (see patientsFrom). */
export const FEW_PATIENTS = 16;

/**
 * The FROM item `t(pid)` for a set of patient ids, as parameters through `param`: up to FEW_PATIENTS
 * as scalars in a VALUES list, more as one array. With the array, a prepared statement's generic plan
 * expects about ten patients and so hashes whole tables (patient, care plans) on every run, growing
 * with the population; with scalars each lookup is one index probe. One statement text per count.
 */
export function patientsFrom(ids: string[], param: (value: unknown) => string): string {
  return ids.length <= FEW_PATIENTS
    ? `(VALUES ${ids.map((id) => `(${param(id)}::uuid)`).join(', ')}) AS t(pid)`
    : `unnest((SELECT ${param(ids)}::uuid[])) AS t(pid)`;
}
