import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config';
import type { Database } from '../../db/database';
import { HttpProblem, notFound } from '../../http/problem';
import { routeLimit } from '../../http/rate-limit';
import { saveChallenge, takeChallenge } from '../challenges';
import {
  accountOf,
  auditAccount,
  ENROLMENT_STEP,
  finishLogin,
  isStaff,
  publicOrigin,
  withAccess,
} from '../login';
import { loadMe } from '../me';
import { loginResultSchema } from '../routes';
import { assertKeepsSecondFactor } from '../totp/routes';

// The browser's JSON of a credential is checked by @simplewebauthn/server; here only its envelope.
const credentialJson = {
  type: 'object',
  required: ['id', 'rawId', 'response', 'type'],
  properties: {
    id: { type: 'string', maxLength: 1400 },
    rawId: { type: 'string', maxLength: 1400 },
    type: { type: 'string', const: 'public-key' },
    response: { type: 'object' },
  },
} as const;

const optionsSchema = { response: { 200: { type: 'object', additionalProperties: true } } } as const;

interface StoredCredential {
  id: string;
  account_id: string;
  role: string;
  public_key: Buffer;
  counter: number;
  transports: string[];
}

/** Passkeys (WebAuthn): log in without a password (user verification makes it two factors), or
 *  serve as the second factor after one. Registration from the account page or at enrolment. */
export async function webauthnRoutes(app: FastifyInstance, opts: { db: Database; config: Config }) {
  const { db, config } = opts;
  const limit = routeLimit(config.rateLimit, config.rateLimit.login);

  app.post('/api/auth/passkey/options', { schema: optionsSchema, ...limit }, async (req, reply) => {
    const origin = publicOrigin(config, req);
    // After a password, only that account's keys are offered; otherwise the browser lists the
    // discoverable passkeys it holds for this site.
    const accountId = req.pendingLogin?.stage === 'second-factor' ? req.pendingLogin.accountId : null;
    const allow = accountId
      ? (
          await db.query<{ id: string; transports: string[] }>(
            'SELECT id, transports FROM webauthn_credential WHERE account_id = $1',
            [accountId],
          )
        ).rows
      : [];
    const options = await generateAuthenticationOptions({
      rpID: origin.hostname,
      userVerification: 'required',
      ...(accountId ? { allowCredentials: allow } : {}),
    });
    await saveChallenge(db, config, reply, {
      purpose: 'passkey-login',
      challenge: options.challenge,
      accountId,
    });
    reply.header('cache-control', 'no-store');
    return options;
  });

  app.post(
    '/api/auth/passkey',
    { schema: { body: credentialJson, response: { 200: loginResultSchema } }, ...limit },
    async (req, reply) => {
      const origin = publicOrigin(config, req);
      const response = req.body as AuthenticationResponseJSON;
      const challenge = await takeChallenge(db, req, reply, 'passkey-login');
      const refused = new HttpProblem(401, 'Login failed', 'The passkey was not accepted. Try again.');
      if (!challenge) throw refused;
      const { rows } = await db.query<StoredCredential>(
        `SELECT w.id, w.account_id, a.role, w.public_key, w.counter, w.transports
         FROM webauthn_credential w JOIN account a ON a.id = w.account_id AND NOT a.disabled WHERE w.id = $1`,
        [response.id],
      );
      const cred = rows[0];
      if (!cred || (challenge.accountId && challenge.accountId !== cred.account_id)) throw refused;
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge.challenge,
        expectedOrigin: origin.origin,
        expectedRPID: origin.hostname,
        requireUserVerification: true,
        credential: {
          id: cred.id,
          publicKey: new Uint8Array(cred.public_key),
          counter: Number(cred.counter),
          transports: cred.transports as never,
        },
      }).catch(() => undefined);
      if (!result?.verified) throw refused;
      await db.query('UPDATE webauthn_credential SET counter = $2, last_used_at = now() WHERE id = $1', [
        cred.id,
        result.authenticationInfo.newCounter,
      ]);
      await db.query('UPDATE account SET failed_logins = 0, locked_until = NULL WHERE id = $1', [
        cred.account_id,
      ]);
      return {
        stage: 'complete',
        ...(await finishLogin(db, config, req, reply, {
          accountId: cred.account_id,
          role: cred.role as never,
          method: 'passkey',
        })),
      };
    },
  );

  // Adding a passkey: from the account page, and while a login waits for its enrolment.
  for (const [optionsUrl, registerUrl, enrol] of [
    ['/api/account/passkeys/options', '/api/account/passkeys', false],
    ['/api/auth/enrol/passkey/options', '/api/auth/enrol/passkey', true],
  ] as const) {
    app.post(
      optionsUrl,
      { schema: optionsSchema, ...withAccess(enrol ? ENROLMENT_STEP : undefined, enrol ? limit : {}) },
      async (req, reply) => {
        const { accountId } = accountOf(req, enrol);
        const origin = publicOrigin(config, req);
        const { rows } = await db.query<{ username: string; display_name: string }>(
          'SELECT username, display_name FROM account WHERE id = $1',
          [accountId],
        );
        const existing = await db.query<{ id: string; transports: string[] }>(
          'SELECT id, transports FROM webauthn_credential WHERE account_id = $1',
          [accountId],
        );
        const options = await generateRegistrationOptions({
          rpName: 'Hemma',
          rpID: origin.hostname,
          userName: rows[0]?.username ?? accountId,
          userDisplayName: rows[0]?.display_name ?? '',
          userID: Buffer.from(accountId.replace(/-/g, ''), 'hex'),
          attestationType: 'none',
          excludeCredentials: existing.rows,
          authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
        });
        await saveChallenge(db, config, reply, {
          purpose: 'passkey-register',
          challenge: options.challenge,
          accountId,
        });
        reply.header('cache-control', 'no-store');
        return options;
      },
    );

    app.post(
      registerUrl,
      {
        ...withAccess(enrol ? ENROLMENT_STEP : undefined, enrol ? limit : {}),
        schema: {
          body: {
            type: 'object',
            required: ['credential', 'name'],
            additionalProperties: false,
            properties: {
              credential: credentialJson,
              name: { type: 'string', minLength: 1, maxLength: 100 },
            },
          },
          response: { 200: loginResultSchema },
        },
      },
      async (req, reply) => {
        const { accountId, role, enrolling } = accountOf(req, enrol);
        const origin = publicOrigin(config, req);
        const body = req.body as { credential: RegistrationResponseJSON; name: string };
        const challenge = await takeChallenge(db, req, reply, 'passkey-register');
        if (!challenge || challenge.accountId !== accountId) {
          throw new HttpProblem(400, 'Registration failed', 'Start adding the passkey again.');
        }
        const result = await verifyRegistrationResponse({
          response: body.credential,
          expectedChallenge: challenge.challenge,
          expectedOrigin: origin.origin,
          expectedRPID: origin.hostname,
          requireUserVerification: true,
        }).catch(() => undefined);
        if (!result?.verified)
          throw new HttpProblem(400, 'Registration failed', 'The passkey could not be verified.');
        const { credential } = result.registrationInfo;
        await db.query(
          `INSERT INTO webauthn_credential (id, account_id, public_key, counter, transports, name)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          [
            credential.id,
            accountId,
            Buffer.from(credential.publicKey),
            credential.counter,
            credential.transports ?? [],
            body.name.trim(),
          ],
        );
        const me = enrolling
          ? await finishLogin(db, config, req, reply, { accountId, role, method: 'passkey' })
          : req.actor?.kind === 'user'
            ? await loadMe(db, req.actor)
            : undefined;
        if (!me) throw new HttpProblem(401, 'Not logged in', 'Log in to continue.');
        await auditAccount(db, req, 'account.passkey.add');
        return { stage: 'complete', ...me };
      },
    );
  }

  app.delete(
    '/api/account/passkeys/:id',
    {
      schema: {
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', minLength: 1, maxLength: 1400 } },
        },
        response: { 204: { type: 'null' } },
      },
    },
    async (req, reply) => {
      const { accountId, role } = accountOf(req, false);
      const { id } = req.params as { id: string };
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM webauthn_credential WHERE account_id = $1 AND id <> $2',
        [accountId, id],
      );
      await assertKeepsSecondFactor(db, config, accountId, role, 'passkey', rows[0]?.n ?? 0);
      const deleted = await db.query('DELETE FROM webauthn_credential WHERE id = $1 AND account_id = $2', [
        id,
        accountId,
      ]);
      if (!deleted.rowCount) throw notFound('Passkey');
      await auditAccount(db, req, 'account.passkey.remove');
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/account/security',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: {
              totp: { type: 'boolean' },
              secondFactorRequired: { type: 'boolean' },
              passkeys: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    name: { type: 'string' },
                    createdAt: { type: 'string' },
                    lastUsedAt: { type: ['string', 'null'] },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (req) => {
      const { accountId, role } = accountOf(req, false);
      const totp = await db.query<{ on: boolean }>(
        'SELECT totp_secret IS NOT NULL AS on FROM account WHERE id = $1',
        [accountId],
      );
      const keys = await db.query<{ id: string; name: string; created_at: Date; last_used_at: Date | null }>(
        'SELECT id, name, created_at, last_used_at FROM webauthn_credential WHERE account_id = $1 ORDER BY created_at',
        [accountId],
      );
      return {
        totp: totp.rows[0]?.on ?? false,
        secondFactorRequired: !config.demo && isStaff(role),
        passkeys: keys.rows.map((k) => ({
          id: k.id,
          name: k.name,
          createdAt: new Date(k.created_at).toISOString(),
          lastUsedAt: k.last_used_at ? new Date(k.last_used_at).toISOString() : null,
        })),
      };
    },
  );
}
