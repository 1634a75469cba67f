import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config';
import type { Database } from '../../db/database';
import { HttpProblem } from '../../http/problem';
import { routeLimit } from '../../http/rate-limit';
import type { Role } from '../actor';
import { assertNotLocked, recordFailure } from '../lockout';
import {
  accountOf,
  auditAccount,
  ENROLMENT_STEP,
  finishLogin,
  isStaff,
  pendingSecondFactor,
  secondFactors,
  withAccess,
} from '../login';
import { loadMe } from '../me';
import { loginResultSchema } from '../routes';
import { open, seal } from './secret-box';
import { checkTotp, newTotpSecret, totpUri } from './totp';

const codeBody = {
  type: 'object',
  required: ['code'],
  additionalProperties: false,
  properties: { code: { type: 'string', minLength: 1, maxLength: 20 } },
} as const;

const normalise = (code: string) => code.replace(/\s+/g, '');

/** TOTP as second factor: the login step and its enrolment (docs/identity.md). */
export async function totpRoutes(app: FastifyInstance, opts: { db: Database; config: Config }) {
  const { db, config } = opts;
  const key = config.identity.secretKey;
  const limit = routeLimit(config.rateLimit, config.rateLimit.login);

  app.post(
    '/api/auth/totp',
    { schema: { body: codeBody, response: { 200: loginResultSchema } }, ...limit },
    async (req, reply) => {
      const pending = pendingSecondFactor(req);
      await assertNotLocked(db, pending.accountId, reply);
      const { rows } = await db.query<{ totp_secret: string | null; totp_last_step: number | null }>(
        'SELECT totp_secret, totp_last_step FROM account WHERE id = $1',
        [pending.accountId],
      );
      const row = rows[0];
      const secret = row?.totp_secret ? open(key, row.totp_secret) : undefined;
      const step = secret
        ? await checkTotp(secret, normalise((req.body as { code: string }).code), row?.totp_last_step ?? null)
        : null;
      if (step === null) {
        await recordFailure(db, pending.accountId);
        throw new HttpProblem(401, 'Wrong code', 'The code is wrong or has already been used.');
      }
      await db.query(
        'UPDATE account SET totp_last_step = $2, failed_logins = 0, locked_until = NULL WHERE id = $1',
        [pending.accountId, step],
      );
      return {
        stage: 'complete',
        ...(await finishLogin(db, config, req, reply, { accountId: pending.accountId, role: pending.role })),
      };
    },
  );

  // The same two steps from the account page and while a login waits for its enrolment.
  for (const [prefix, enrol] of [
    ['/api/account/totp', false],
    ['/api/auth/enrol/totp', true],
  ] as const) {
    app.post(
      `${prefix}/setup`,
      {
        ...withAccess(enrol ? ENROLMENT_STEP : undefined, enrol ? limit : {}),
        schema: {
          response: {
            200: {
              type: 'object',
              properties: { secret: { type: 'string' }, uri: { type: 'string' } },
            },
          },
        },
      },
      async (req, reply) => {
        const { accountId } = accountOf(req, enrol);
        const secret = newTotpSecret();
        const { rows } = await db.query<{ username: string }>(
          'UPDATE account SET totp_pending_secret = $2 WHERE id = $1 RETURNING username',
          [accountId, seal(key, secret)],
        );
        reply.header('cache-control', 'no-store');
        return { secret, uri: totpUri(secret, rows[0]?.username ?? 'hemma') };
      },
    );

    app.post(
      `${prefix}/confirm`,
      {
        schema: { body: codeBody, response: { 200: loginResultSchema } },
        ...withAccess(enrol ? ENROLMENT_STEP : undefined, limit),
      },
      async (req, reply) => {
        const { accountId, role, enrolling } = accountOf(req, enrol);
        await assertNotLocked(db, accountId, reply);
        const { rows } = await db.query<{ totp_pending_secret: string | null }>(
          'SELECT totp_pending_secret FROM account WHERE id = $1',
          [accountId],
        );
        const pendingSecret = rows[0]?.totp_pending_secret;
        const secret = pendingSecret ? open(key, pendingSecret) : undefined;
        if (!secret)
          throw new HttpProblem(409, 'No set-up started', 'Start setting up the authenticator app first.');
        const step = await checkTotp(secret, normalise((req.body as { code: string }).code), null);
        if (step === null) {
          await recordFailure(db, accountId);
          // 400, not 401: a mistyped code does not end the session on the account page.
          throw new HttpProblem(
            400,
            'Wrong code',
            'The code does not match. Check the time on your phone and try again.',
          );
        }
        await db.query(
          `UPDATE account SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $2,
           failed_logins = 0, locked_until = NULL WHERE id = $1`,
          [accountId, step],
        );
        const me = enrolling
          ? await finishLogin(db, config, req, reply, { accountId, role })
          : req.actor?.kind === 'user'
            ? await loadMe(db, req.actor)
            : undefined;
        if (!me) throw new HttpProblem(401, 'Not logged in', 'Log in to continue.');
        await auditAccount(db, req, 'account.totp.enable');
        return { stage: 'complete', ...me };
      },
    );
  }

  app.delete('/api/account/totp', { schema: { response: { 204: { type: 'null' } } } }, async (req, reply) => {
    const { accountId, role } = accountOf(req, false);
    await assertKeepsSecondFactor(db, config, accountId, role, 'totp');
    await db.query('UPDATE account SET totp_secret = NULL, totp_pending_secret = NULL WHERE id = $1', [
      accountId,
    ]);
    await auditAccount(db, req, 'account.totp.disable');
    return reply.code(204).send();
  });
}

/** Staff outside demo mode may not remove their last second factor. */
export async function assertKeepsSecondFactor(
  db: Database,
  config: Config,
  accountId: string,
  role: Role,
  removing: 'totp' | 'passkey',
  remainingPasskeys?: number,
): Promise<void> {
  if (config.demo || !isStaff(role)) return;
  const factors = await secondFactors(db, accountId);
  const left =
    removing === 'totp'
      ? factors.filter((f) => f !== 'totp')
      : factors.filter((f) => f !== 'passkey' || (remainingPasskeys ?? 0) > 0);
  if (left.length === 0) {
    throw new HttpProblem(
      409,
      'Second factor required',
      'Staff must keep at least one second factor. Add another first.',
    );
  }
}
