import pg from 'pg';

/**
 * Counts the statements the app sends to the database while `fn` runs — every round trip, BEGIN and
 * COMMIT included (both databases talk through pg.Client) — and how many of them open a transaction.
 */
export async function countStatements(fn: () => Promise<unknown>) {
  const query = pg.Client.prototype.query;
  const texts: string[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    texts.push(typeof config === 'string' ? config : (config.text ?? ''));
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = query;
  }
  return { statements: texts.length, transactions: texts.filter((x) => /^\s*BEGIN/i.test(x)).length };
}
