import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Queryable } from '../db/database';

const names = new Map<string, string>();

/**
 * Runs `text` as a named prepared statement: each connection parses and plans it once, later runs
 * only bind and execute. Intake's statements are few, large and hot (an access decision, limits and
 * care plan in one read; observations, alerts and audit rows in one write): planning them on every
 * request cost more server time than executing them. The name is derived from the text, so a name
 * never meets two texts (pg refuses that) and the set of prepared statements stays small (one per
 * distinct text: the text depends only on the actor kind and, for a read of up to 16 patients, their
 * count — never on values).
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
