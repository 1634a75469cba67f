import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { HttpProblem } from '../http/problem';
import { addressKey, manualLimit, routeLimit } from '../http/rate-limit';
import { type UserActor, userOf } from './actor';
import { assertNotLocked, recordFailure } from './lockout';
import { accountOf, auditAccount, loginAfterPassword, publicOrigin } from './login';
import { loadMe, meProperties, meSchema } from './me';
import { endSessionUrl } from './oidc/client';
import { verifyPassword } from './passwords';
import { clearSessionCookie, deleteAllSessions, deleteSession, SESSION_COOKIE } from './sessions';

/** The answer to a login step: complete (with what GET /api/me answers), or the step that follows. */
export const loginResultSchema = {
  type: 'object',
  required: ['stage'],
  properties: {
    stage: { type: 'string', enum: ['complete', 'second-factor', 'enrol'] },
    methods: { type: 'array', items: { type: 'string', enum: ['totp', 'passkey'] } },
    ...meProperties,
  },
} as const;

export async function authRoutes(app: FastifyInstance, opts: { db: Database; config: Config }) {
  const { db, config } = opts;
  // Per address and username (so many people behind one NAT, or the test suites, can log in), and
  // a ceiling per address against trying many usernames; the account lockout below comes on top.
  const loginKey = (req: FastifyRequest) => {
    const username = (req.body as { username?: unknown } | undefined)?.username;
    return `${addressKey(req)}|${typeof username === 'string' ? username.trim().toLowerCase() : ''}`;
  };
  const loginsPerAddress = manualLimit(app, config.rateLimit, config.rateLimit.login * 10, addressKey);

  app.post(
    '/api/auth/login',
    {
      schema: {
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', minLength: 1, maxLength: 1000 },
          },
        },
        response: { 200: loginResultSchema },
      },
      // preValidation: the username is in the parsed body.
      ...routeLimit(config.rateLimit, config.rateLimit.login, loginKey, 'preValidation'),
    },
    async (req, reply) => {
      await loginsPerAddress.hit(req, reply);
      if (req.headers['x-requested-with'] !== 'hemma') {
        throw new HttpProblem(
          403,
          'Missing CSRF header',
          'Changing requests must carry X-Requested-With: hemma.',
        );
      }
      const { username, password } = req.body as { username: string; password: string };
      const { rows } = await db.query<{ id: string; role: UserActor['role']; password_hash: string | null }>(
        'SELECT id, role, password_hash FROM account WHERE username = $1 AND NOT disabled',
        [username.trim().toLowerCase()],
      );
      const account = rows[0];
      if (account) await assertNotLocked(db, account.id, reply);
      const ok = await verifyPassword(account?.password_hash ?? null, password);
      if (!account || !ok) {
        if (account) await recordFailure(db, account.id);
        throw new HttpProblem(401, 'Login failed', 'Wrong username or password.');
      }
      return loginAfterPassword(db, config, req, reply, account);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        response: {
          200: { type: 'object', properties: { logoutUrl: { type: 'string' } } },
          204: { type: 'null' },
        },
      },
    },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      let logoutUrl: string | undefined;
      if (token) {
        const ended = await deleteSession(db, token);
        // Logged in through a provider: end the session there too (RP-initiated logout).
        const provider = config.identity.oidcProviders.find((p) => p.id === ended?.oidc_provider);
        if (provider) {
          const back = new URL('/login', publicOrigin(config, req)).toString();
          logoutUrl = await endSessionUrl(provider, ended?.oidc_id_token ?? null, back);
        }
      }
      clearSessionCookie(reply);
      return logoutUrl ? { logoutUrl } : reply.code(204).send();
    },
  );

  app.post(
    '/api/account/logout-everywhere',
    { schema: { response: { 200: { type: 'object', properties: { ended: { type: 'integer' } } } } } },
    async (req, reply) => {
      const { accountId } = accountOf(req, false);
      await auditAccount(db, req, 'account.logout-everywhere');
      const ended = await deleteAllSessions(db, accountId);
      clearSessionCookie(reply);
      return { ended };
    },
  );

  app.get('/api/me', { schema: { response: { 200: meSchema } } }, async (req) => loadMe(db, userOf(req)));

  app.put(
    '/api/me/locale',
    {
      schema: {
        body: {
          type: 'object',
          required: ['locale'],
          additionalProperties: false,
          properties: { locale: { type: 'string', enum: ['sv', 'en'] } },
        },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      await db.query('UPDATE account SET locale = $2 WHERE id = $1', [
        user.accountId,
        (req.body as { locale: string }).locale,
      ]);
      return reply.code(204).send();
    },
  );
}
