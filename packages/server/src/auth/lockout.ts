import type { FastifyReply } from 'fastify';
import type { Queryable } from '../db/database';
import { HttpProblem } from '../http/problem';

/** Failed passwords and second-factor codes count together: a stolen password does not buy
 *  unlimited guesses at the six digits. */
export const MAX_FAILURES = 5;

/** Answers 429 with Retry-After while the account is locked. */
export async function assertNotLocked(db: Queryable, accountId: string, reply: FastifyReply): Promise<void> {
  const { rows } = await db.query<{ locked_seconds: number | null }>(
    `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS locked_seconds
     FROM account WHERE id = $1 AND locked_until > now()`,
    [accountId],
  );
  if (rows[0]) {
    reply.header('retry-after', String(Math.max(1, rows[0].locked_seconds ?? 60)));
    throw new HttpProblem(
      429,
      'Too many attempts',
      'Too many failed attempts. Wait a few minutes and try again.',
    );
  }
}

/** Back-off doubles from one minute after MAX_FAILURES, capped at an hour. */
export async function recordFailure(db: Queryable, accountId: string): Promise<void> {
  await db.query(
    `UPDATE account SET failed_logins = failed_logins + 1,
       locked_until = CASE WHEN failed_logins + 1 >= $2
         THEN now() + make_interval(mins => least(60, power(2, failed_logins + 1 - $2)::int)) END
     WHERE id = $1`,
    [accountId, MAX_FAILURES],
  );
}

export async function clearFailures(db: Queryable, accountId: string): Promise<void> {
  await db.query('UPDATE account SET failed_logins = 0, locked_until = NULL WHERE id = $1', [accountId]);
}
