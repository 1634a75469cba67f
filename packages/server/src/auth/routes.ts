import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { HttpProblem } from '../http/problem';
import { addressKey, manualLimit, routeLimit } from '../http/rate-limit';
import { type UserActor, userOf } from './actor';
import { verifyPassword } from './passwords';
import { createSession, deleteSession, loadSessionUser, SESSION_COOKIE } from './sessions';

const MAX_FAILURES = 5;

const meSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    role: { type: 'string' },
    displayName: { type: 'string' },
    locale: { type: 'string' },
    units: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
    },
    patientId: { type: 'string' },
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

  async function me(user: UserActor) {
    const { rows } = await db.query<{ id: string; name: string }>(
      'SELECT id, name FROM care_unit WHERE id = ANY($1::uuid[]) ORDER BY name',
      [user.unitIds],
    );
    return {
      id: user.accountId,
      role: user.role,
      displayName: user.displayName,
      locale: user.locale,
      units: rows,
      ...(user.patientId ? { patientId: user.patientId } : {}),
    };
  }

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
        response: { 200: meSchema },
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
      const { rows } = await db.query<{
        id: string;
        role: UserActor['role'];
        password_hash: string | null;
        locked: boolean;
        locked_seconds: number | null;
        failed_logins: number;
      }>(
        `SELECT id, role, password_hash, failed_logins, coalesce(locked_until > now(), false) AS locked,
           ceil(extract(epoch FROM locked_until - now()))::int AS locked_seconds
         FROM account WHERE username = $1 AND NOT disabled`,
        [username.trim().toLowerCase()],
      );
      const account = rows[0];
      if (account?.locked) {
        reply.header('retry-after', String(Math.max(1, account.locked_seconds ?? 60)));
        throw new HttpProblem(
          429,
          'Too many attempts',
          'Too many failed logins. Wait a few minutes and try again.',
        );
      }
      const ok = await verifyPassword(account?.password_hash ?? null, password);
      if (!account || !ok) {
        if (account) {
          // Back-off doubles from one minute after MAX_FAILURES, capped at an hour.
          await db.query(
            `UPDATE account SET failed_logins = failed_logins + 1,
               locked_until = CASE WHEN failed_logins + 1 >= $2
                 THEN now() + make_interval(mins => least(60, power(2, failed_logins + 1 - $2)::int)) END
             WHERE id = $1`,
            [account.id, MAX_FAILURES],
          );
        }
        throw new HttpProblem(401, 'Login failed', 'Wrong username or password.');
      }
      await db.query('UPDATE account SET failed_logins = 0, locked_until = NULL WHERE id = $1', [account.id]);
      const token = await createSession(db, account.id, account.role);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
      });
      const user = await loadSessionUser(db, token);
      return me(user!);
    },
  );

  app.post('/api/auth/logout', { schema: { response: { 204: { type: 'null' } } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/me', { schema: { response: { 200: meSchema } } }, async (req) => me(userOf(req)));

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
