import type { FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../access/patient-access';
import type { AccessRule } from '../access/rules';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { HttpProblem } from '../http/problem';
import type { routeLimit } from '../http/rate-limit';
import { type Role, STAFF_ROLES } from './actor';
import { clearFailures } from './lockout';
import { loadMe } from './me';
import {
  createSession,
  deleteSession,
  loadSessionUser,
  type NewSession,
  SESSION_COOKIE,
  type SessionStage,
  setSessionCookie,
} from './sessions';

export type SecondFactor = 'totp' | 'passkey';

/** The second factors an account has set up. */
export async function secondFactors(db: Database, accountId: string): Promise<SecondFactor[]> {
  const { rows } = await db.query<{ totp: boolean; passkeys: number }>(
    `SELECT totp_secret IS NOT NULL AS totp,
       (SELECT count(*) FROM webauthn_credential w WHERE w.account_id = a.id)::int AS passkeys
     FROM account a WHERE id = $1`,
    [accountId],
  );
  const row = rows[0];
  return [...(row?.totp ? (['totp'] as const) : []), ...(row?.passkeys ? (['passkey'] as const) : [])];
}

export const isStaff = (role: Role) => STAFF_ROLES.includes(role);

/** After a right password: a session that is complete, or waits for the second factor, or (staff
 *  outside demo mode without one) waits for its enrolment. Anyone who set up a factor must use it. */
export async function loginAfterPassword(
  db: Database,
  config: Config,
  req: FastifyRequest,
  reply: FastifyReply,
  account: { id: string; role: Role },
) {
  await clearFailures(db, account.id);
  const factors = await secondFactors(db, account.id);
  const stage: SessionStage =
    factors.length > 0 ? 'second-factor' : isStaff(account.role) && !config.demo ? 'enrol' : 'complete';
  if (stage === 'complete')
    return {
      stage,
      ...(await finishLogin(db, config, req, reply, { accountId: account.id, role: account.role })),
    };
  await replaceSession(db, config, req, reply, { accountId: account.id, role: account.role, stage });
  return stage === 'second-factor' ? { stage, methods: factors } : { stage };
}

/** Ends whatever session the browser had and starts `s` (a fresh token on every step, so a token
 *  seen before login is worthless after it). */
async function replaceSession(
  db: Database,
  config: Config,
  req: FastifyRequest,
  reply: FastifyReply,
  s: NewSession,
): Promise<void> {
  const old = req.cookies[SESSION_COOKIE];
  if (old) await deleteSession(db, old);
  const token = await createSession(db, config.identity, s);
  setSessionCookie(reply, config, token);
  req.cookies[SESSION_COOKIE] = token;
}

/** Starts a complete session and answers what GET /api/me would. */
export async function finishLogin(
  db: Database,
  config: Config,
  req: FastifyRequest,
  reply: FastifyReply,
  s: NewSession,
) {
  await replaceSession(db, config, req, reply, { ...s, stage: 'complete' });
  const user = await loadSessionUser(db, req.cookies[SESSION_COOKIE] as string);
  if (!user) throw new HttpProblem(401, 'Login failed', 'The account cannot log in.');
  req.actor = user;
  req.pendingLogin = undefined;
  return loadMe(db, user);
}

/** The account behind a request: a complete session (the account page), or with `enrol` the
 *  login waiting for its first second factor (the enrolment routes). */
export function accountOf(
  req: FastifyRequest,
  enrol: boolean,
): { accountId: string; role: Role; enrolling: boolean } {
  if (enrol) {
    const pending = enrollingLogin(req);
    return { accountId: pending.accountId, role: pending.role, enrolling: true };
  }
  if (req.actor?.kind === 'user')
    return { accountId: req.actor.accountId, role: req.actor.role, enrolling: false };
  throw new HttpProblem(401, 'Not logged in', 'Log in to continue.');
}

/** The login waiting for its second factor. */
export function pendingSecondFactor(req: FastifyRequest) {
  const pending = req.pendingLogin;
  if (pending?.stage !== 'second-factor') {
    throw new HttpProblem(409, 'No login in progress', 'Log in with your password first.');
  }
  return pending;
}

/** Where passkeys are bound (origin and RP ID): HEMMA_PUBLIC_URL, or in demo mode the address
 *  the browser used. */
export function publicOrigin(config: Config, req: FastifyRequest): URL {
  if (config.identity.publicUrl) return new URL(config.identity.publicUrl);
  if (!config.demo) {
    throw new HttpProblem(
      503,
      'Not configured',
      'HEMMA_PUBLIC_URL must be set for passkeys and OpenID Connect.',
    );
  }
  return new URL(`${req.protocol}://${req.host}`);
}

/** A login waiting for its second factor to be set up (the enrolment routes under /api/auth/enrol). */
export function enrollingLogin(req: FastifyRequest) {
  const pending = req.pendingLogin;
  if (pending?.stage !== 'enrol') {
    throw new HttpProblem(409, 'No login in progress', 'Log in with your password first.');
  }
  return pending;
}

/** Route options declaring the route's access rule (access/rules.ts) beside its rate limit. */
export function withAccess(access: AccessRule | undefined, limit: ReturnType<typeof routeLimit> = {}) {
  return { config: { ...('config' in limit ? limit.config : {}), ...(access ? { access } : {}) } };
}

/** The rule of the routes that set up a second factor while a login waits for it. */
export const ENROLMENT_STEP: AccessRule = {
  public: 'enrolment step of a login, bound to the login waiting for it',
};

/** Changes to an account's login security go to the audit log (no patient), like administration. */
export async function auditAccount(db: Database, req: FastifyRequest, action: string): Promise<void> {
  if (req.actor?.kind === 'user') await audit(db, req, null, action);
}
