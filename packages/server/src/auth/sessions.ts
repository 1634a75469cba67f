import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database';
import { HttpProblem } from '../http/problem';
import type { Role, UserActor } from './actor';
import { hashToken, newToken } from './tokens';

export const SESSION_COOKIE = 'hemma_session';

// Staff sessions follow the law's expectation of short idle times on shared workstations;
// patients use their own phone, where being logged out every half hour would drive them away.
const LIFETIMES: Record<'staff' | 'patient', { idleSeconds: number; absoluteSeconds: number }> = {
  staff: { idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600 },
  patient: { idleSeconds: 7 * 24 * 3600, absoluteSeconds: 30 * 24 * 3600 },
};

export async function createSession(db: Database, accountId: string, role: Role): Promise<string> {
  const token = newToken();
  const life = LIFETIMES[role === 'patient' ? 'patient' : 'staff'];
  await db.query(
    `INSERT INTO session (token_hash, account_id, expires_at, idle_seconds)
     VALUES ($1, $2, now() + make_interval(secs => $3), $4)`,
    [hashToken(token), accountId, life.absoluteSeconds, life.idleSeconds],
  );
  return token;
}

export async function deleteSession(db: Database, token: string): Promise<void> {
  await db.query('DELETE FROM session WHERE token_hash = $1', [hashToken(token)]);
}

interface SessionRow {
  account_id: string;
  role: Role;
  display_name: string;
  locale: 'sv' | 'en';
  patient_id: string | null;
  unit_ids: string[];
}

/** Resolves a session token to the user, sliding the idle timeout. Expired sessions are removed. */
export async function loadSessionUser(db: Database, token: string): Promise<UserActor | undefined> {
  const { rows } = await db.query<SessionRow>(
    // The idle clock is moved at most once a minute, so reads stay reads.
    `WITH s AS (
       SELECT account_id FROM session
       WHERE token_hash = $1 AND expires_at > now()
         AND last_seen_at > now() - make_interval(secs => idle_seconds)),
     touch AS (
       UPDATE session SET last_seen_at = now()
       WHERE token_hash = $1 AND last_seen_at < now() - interval '60 seconds' AND EXISTS (SELECT 1 FROM s))
     SELECT a.id AS account_id, a.role, a.display_name, a.locale, p.id AS patient_id,
       CASE WHEN a.role = 'patient' THEN
         ARRAY(SELECT DISTINCT e.care_unit_id::text FROM enrolment e WHERE e.patient_id = p.id AND e.status = 'active')
       ELSE ARRAY(SELECT m.care_unit_id::text FROM staff_membership m WHERE m.account_id = a.id) END AS unit_ids
     FROM s JOIN account a ON a.id = s.account_id AND NOT a.disabled
     LEFT JOIN patient p ON p.account_id = a.id`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) {
    await db.query('DELETE FROM session WHERE token_hash = $1', [hashToken(token)]);
    return undefined;
  }
  return {
    kind: 'user',
    accountId: row.account_id,
    role: row.role,
    displayName: row.display_name,
    locale: row.locale,
    unitIds: row.unit_ids,
    ...(row.patient_id ? { patientId: row.patient_id } : {}),
  };
}

/** onRequest hook: attaches the session user, if any, and guards cookie-authenticated changes against CSRF. */
export function sessionHook(db: Database) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const user = await loadSessionUser(db, token);
    if (!user) return;
    // A cross-site form post cannot set a custom header; requiring one stops CSRF on cookie sessions.
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && req.headers['x-requested-with'] !== 'hemma') {
      throw new HttpProblem(
        403,
        'Missing CSRF header',
        'Changing requests must carry X-Requested-With: hemma.',
      );
    }
    req.actor = user;
  };
}
