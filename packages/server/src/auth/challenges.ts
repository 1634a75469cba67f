import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { hashToken, newToken } from './tokens';

// The state of a login ceremony stays on the server; the browser holds only a random handle.
const COOKIE = 'hemma_login';
const SECONDS = 600;

export type ChallengePurpose = 'passkey-login' | 'passkey-register' | 'oidc';

export interface Challenge {
  purpose: ChallengePurpose;
  challenge: string;
  accountId: string | null;
  provider: string | null;
  nonce: string | null;
  codeVerifier: string | null;
}

export async function saveChallenge(
  db: Database,
  config: Config,
  reply: FastifyReply,
  c: Partial<Challenge> & Pick<Challenge, 'purpose' | 'challenge'>,
): Promise<void> {
  const handle = newToken();
  // Old ceremonies are swept here rather than by a job: the table only ever holds minutes of data.
  await db.query('DELETE FROM auth_challenge WHERE expires_at < now()');
  await db.query(
    `INSERT INTO auth_challenge (handle_hash, purpose, challenge, account_id, provider, nonce, code_verifier, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8))`,
    [
      hashToken(handle),
      c.purpose,
      c.challenge,
      c.accountId ?? null,
      c.provider ?? null,
      c.nonce ?? null,
      c.codeVerifier ?? null,
      SECONDS,
    ],
  );
  // Lax: the OIDC provider redirects back with a top-level GET, which must carry the cookie.
  reply.setCookie(COOKIE, handle, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: SECONDS,
  });
}

/** Takes (and deletes: every challenge is single-use) the ceremony this browser started. */
export async function takeChallenge(
  db: Database,
  req: FastifyRequest,
  reply: FastifyReply,
  purpose: ChallengePurpose,
): Promise<Challenge | undefined> {
  const handle = req.cookies[COOKIE];
  if (!handle) return undefined;
  reply.clearCookie(COOKIE, { path: '/' });
  const { rows } = await db.query<{
    purpose: ChallengePurpose;
    challenge: string;
    account_id: string | null;
    provider: string | null;
    nonce: string | null;
    code_verifier: string | null;
  }>(
    `DELETE FROM auth_challenge WHERE handle_hash = $1 AND expires_at > now()
     RETURNING purpose, challenge, account_id, provider, nonce, code_verifier`,
    [hashToken(handle)],
  );
  const row = rows[0];
  if (!row || row.purpose !== purpose) return undefined;
  return {
    purpose: row.purpose,
    challenge: row.challenge,
    accountId: row.account_id,
    provider: row.provider,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
  };
}
