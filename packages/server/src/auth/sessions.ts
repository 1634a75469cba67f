import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { HttpProblem } from '../http/problem';
import type { Role, UserActor } from './actor';
import type { IdentityConfig } from './identity-config';
import { hashToken, newToken } from './tokens';

export const SESSION_COOKIE = 'hemma_session';

/** complete: a usable session. second-factor / enrol: the password was right, and the account must
 *  still prove (or first set up) a second factor; such a session reaches only those routes. */
export type SessionStage = 'complete' | 'second-factor' | 'enrol';

/** A login half-way through (see SessionStage). */
export interface PendingLogin {
  accountId: string;
  role: Role;
  stage: Exclude<SessionStage, 'complete'>;
}

declare module 'fastify' {
  interface FastifyRequest {
    pendingLogin?: PendingLogin;
  }
}

// Ten minutes to type a code or touch a key; after that the password is asked for again.
const PENDING_SECONDS = 600;

export interface NewSession {
  accountId: string;
  role: Role;
  stage?: SessionStage;
  /** 'password', 'passkey' or 'oidc'. */
  method?: string;
  oidcProvider?: string;
  /** Kept for RP-initiated logout (id_token_hint); never sent to the browser. */
  oidcIdToken?: string;
}

export async function createSession(db: Database, identity: IdentityConfig, s: NewSession): Promise<string> {
  const token = newToken();
  const stage = s.stage ?? 'complete';
  const life = s.role === 'patient' ? identity.patientSession : identity.staffSession;
  const [absolute, idle] =
    stage === 'complete' ? [life.absoluteSeconds, life.idleSeconds] : [PENDING_SECONDS, PENDING_SECONDS];
  await db.query(
    `INSERT INTO session (token_hash, account_id, expires_at, idle_seconds, stage, method, oidc_provider, oidc_id_token)
     VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5, $6, $7, $8)`,
    [
      hashToken(token),
      s.accountId,
      absolute,
      Math.round(idle),
      stage,
      s.method ?? 'password',
      s.oidcProvider ?? null,
      s.oidcIdToken ?? null,
    ],
  );
  return token;
}

/** Ends one session; answers how it was logged in (for logout at the identity provider). */
export async function deleteSession(
  db: Database,
  token: string,
): Promise<{ oidc_provider: string | null; oidc_id_token: string | null } | undefined> {
  const { rows } = await db.query<{ oidc_provider: string | null; oidc_id_token: string | null }>(
    'DELETE FROM session WHERE token_hash = $1 RETURNING oidc_provider, oidc_id_token',
    [hashToken(token)],
  );
  return rows[0];
}

/** "Log out everywhere": every session of the account, on every device, ends now. */
export async function deleteAllSessions(db: Database, accountId: string): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM session WHERE account_id = $1', [accountId]);
  return rowCount ?? 0;
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

interface SessionRow {
  account_id: string;
  role: Role;
  stage: SessionStage;
  display_name: string;
  locale: 'sv' | 'en';
  patient_id: string | null;
  unit_ids: string[];
}

type Loaded = { user: UserActor } | { pending: PendingLogin } | undefined;

/** Resolves a session token, sliding the idle timeout. Expired sessions are removed. */
async function loadSession(db: Database, token: string): Promise<Loaded> {
  const { rows } = await db.query<SessionRow>(
    // The idle clock is moved at most once a minute, so reads stay reads.
    `WITH s AS (
       SELECT account_id, stage FROM session
       WHERE token_hash = $1 AND expires_at > now()
         AND last_seen_at > now() - make_interval(secs => idle_seconds)),
     touch AS (
       UPDATE session SET last_seen_at = now()
       WHERE token_hash = $1 AND last_seen_at < now() - interval '60 seconds' AND EXISTS (SELECT 1 FROM s))
     SELECT a.id AS account_id, a.role, s.stage, a.display_name, a.locale, p.id AS patient_id,
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
  if (row.stage !== 'complete') {
    return { pending: { accountId: row.account_id, role: row.role, stage: row.stage } };
  }
  return {
    user: {
      kind: 'user',
      accountId: row.account_id,
      role: row.role,
      displayName: row.display_name,
      locale: row.locale,
      unitIds: row.unit_ids,
      ...(row.patient_id ? { patientId: row.patient_id } : {}),
    },
  };
}

/** The user of a complete session, or undefined. */
export async function loadSessionUser(db: Database, token: string): Promise<UserActor | undefined> {
  const loaded = await loadSession(db, token);
  return loaded && 'user' in loaded ? loaded.user : undefined;
}

/** onRequest hook: attaches the session user (or the half-finished login), and guards
 *  cookie-authenticated changes against CSRF. */
export function sessionHook(db: Database) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const loaded = await loadSession(db, token);
    if (!loaded) return;
    // A cross-site form post cannot set a custom header; requiring one stops CSRF on cookie sessions.
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && req.headers['x-requested-with'] !== 'hemma') {
      throw new HttpProblem(
        403,
        'Missing CSRF header',
        'Changing requests must carry X-Requested-With: hemma.',
      );
    }
    if ('user' in loaded) req.actor = loaded.user;
    else req.pendingLogin = loaded.pending;
  };
}
