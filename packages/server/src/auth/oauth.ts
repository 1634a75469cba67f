import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { HttpProblem } from '../http/problem';
import { routeLimit } from '../http/rate-limit';
import { verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';

const TOKEN_SECONDS = 3600;

/** OAuth 2.0 client credentials for integration clients (device gateways, records). */
export async function oauthRoutes(app: FastifyInstance, opts: { db: Database; config: Config }) {
  const { db, config } = opts;
  app.post(
    '/oauth2/token',
    {
      schema: {
        body: {
          type: 'object',
          required: ['grant_type', 'client_id', 'client_secret'],
          properties: {
            grant_type: { type: 'string' },
            client_id: { type: 'string', maxLength: 200 },
            client_secret: { type: 'string', maxLength: 500 },
            scope: { type: 'string', maxLength: 2000 },
          },
        },
      },
      ...routeLimit(config.rateLimit, config.rateLimit.token),
    },
    async (req, reply) => {
      const body = req.body as { grant_type: string; client_id: string; client_secret: string };
      reply.header('cache-control', 'no-store');
      if (body.grant_type !== 'client_credentials') {
        return reply.code(400).send({
          error: 'unsupported_grant_type',
          error_description: 'Only client_credentials is supported.',
        });
      }
      const { rows } = await db.query<{ secret_hash: string; scopes: string[]; demo: boolean }>(
        'SELECT secret_hash, scopes, demo FROM api_client WHERE client_id = $1 AND NOT disabled',
        [body.client_id],
      );
      const client = rows[0];
      const usable = client && (!client.demo || config.demo);
      if (!(await verifyPassword(usable ? client.secret_hash : null, body.client_secret)) || !client) {
        return reply
          .code(401)
          .send({ error: 'invalid_client', error_description: 'Unknown client or wrong secret.' });
      }
      const token = newToken();
      await db.query(
        `INSERT INTO access_token (token_hash, client_id, scopes, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
        [hashToken(token), body.client_id, client.scopes, TOKEN_SECONDS],
      );
      return {
        access_token: token,
        token_type: 'Bearer',
        expires_in: TOKEN_SECONDS,
        scope: client.scopes.join(' '),
      };
    },
  );
}

// Gateways send many requests per token; a short cache saves a database round trip on each.
const TOKEN_CACHE_MS = 30_000;
const TOKEN_CACHE_MAX = 10_000;
const tokenCache = new Map<string, { clientId: string; scopes: string[]; until: number }>();

/** Resolves `Authorization: Bearer …` to an integration client. Throws 401 when missing or invalid. */
export async function bearerClient(db: Database, req: FastifyRequest) {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1])
    throw new HttpProblem(
      401,
      'Unauthorized',
      'A bearer token is required (POST /oauth2/token).',
      undefined,
      'login',
    );
  const hash = hashToken(match[1]);
  const cached = tokenCache.get(hash);
  if (cached && cached.until > Date.now()) {
    return { kind: 'client' as const, clientId: cached.clientId, scopes: cached.scopes };
  }
  const { rows } = await db.query<{ client_id: string; scopes: string[]; expires_at: Date }>(
    `SELECT t.client_id, t.scopes, t.expires_at FROM access_token t
     JOIN api_client c ON c.client_id = t.client_id AND NOT c.disabled
     WHERE t.token_hash = $1 AND t.expires_at > now()`,
    [hash],
  );
  const row = rows[0];
  if (!row) {
    throw new HttpProblem(401, 'Unauthorized', 'The bearer token is unknown or expired.', undefined, 'login');
  }
  if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
  const until = Math.min(Date.now() + TOKEN_CACHE_MS, new Date(row.expires_at).getTime());
  tokenCache.set(hash, { clientId: row.client_id, scopes: row.scopes, until });
  return { kind: 'client' as const, clientId: row.client_id, scopes: row.scopes };
}
