import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config';
import type { Database } from '../../db/database';
import { HttpProblem, notFound } from '../../http/problem';
import { routeLimit } from '../../http/rate-limit';
import { saveChallenge, takeChallenge } from '../challenges';
import { finishLogin, publicOrigin, withAccess } from '../login';
import { accountForIdentity } from './accounts';
import { finishAuthorization, startAuthorization } from './client';

export const CALLBACK_PATH = '/api/auth/oidc/callback';
/** Where the browser lands when a login through a provider is refused; the reason is a code. */
export const REFUSED_PATH = '/login/refused';

/** OpenID Connect login (authorization code with PKCE) at the configured providers. */
export async function oidcRoutes(app: FastifyInstance, opts: { db: Database; config: Config }) {
  const { db, config } = opts;
  const providers = config.identity.oidcProviders;
  // Per address, like the password login's ceiling: a hospital's staff may share one address.
  const limit = routeLimit(config.rateLimit, config.rateLimit.login * 10);

  app.get(
    '/api/auth/oidc/providers',
    {
      ...withAccess({ public: 'login page: which identity providers to offer' }),
      schema: {
        response: {
          200: {
            type: 'object',
            properties: {
              providers: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    name: { type: 'string' },
                    audience: { type: 'string' },
                    startUrl: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
    },
    async () => ({
      providers: providers.map((p) => ({
        id: p.id,
        name: p.name,
        audience: p.audience,
        startUrl: `/api/auth/oidc/${p.id}/start`,
      })),
    }),
  );

  app.get(
    '/api/auth/oidc/:provider/start',
    {
      schema: {
        params: {
          type: 'object',
          required: ['provider'],
          properties: { provider: { type: 'string', maxLength: 40 } },
        },
      },
      ...withAccess({ public: 'starts a login at an identity provider' }, limit),
    },
    async (req, reply) => {
      const p = providers.find((x) => x.id === (req.params as { provider: string }).provider);
      if (!p) throw notFound('Login provider');
      const redirectUri = new URL(CALLBACK_PATH, publicOrigin(config, req)).toString();
      let start: Awaited<ReturnType<typeof startAuthorization>>;
      try {
        start = await startAuthorization(p, redirectUri);
      } catch (err) {
        req.log.warn({ provider: p.id, error: errorCode(err) }, 'oidc discovery failed');
        throw new HttpProblem(
          503,
          'Login provider unavailable',
          'The login provider cannot be reached. Try again later.',
        );
      }
      await saveChallenge(db, config, reply, {
        purpose: 'oidc',
        challenge: start.state,
        provider: p.id,
        nonce: start.nonce,
        codeVerifier: start.codeVerifier,
      });
      reply.header('cache-control', 'no-store');
      return reply.redirect(start.url.toString(), 303);
    },
  );

  app.get(
    CALLBACK_PATH,
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            code: { type: 'string', maxLength: 4000 },
            state: { type: 'string', maxLength: 1000 },
            iss: { type: 'string', maxLength: 1000 },
            error: { type: 'string', maxLength: 200 },
            error_description: { type: 'string', maxLength: 2000 },
            session_state: { type: 'string', maxLength: 1000 },
          },
        },
      },
      ...withAccess(
        { public: 'the identity provider returns here; bound to the login this browser started' },
        limit,
      ),
    },
    async (req, reply) => {
      const refuse = (reason: string) => reply.redirect(`${REFUSED_PATH}?reason=${reason}`, 303);
      const challenge = await takeChallenge(db, req, reply, 'oidc');
      const p = providers.find((x) => x.id === challenge?.provider);
      if (!challenge || !p) return refuse('expired');
      const query = req.query as { error?: string };
      if (query.error) return refuse(query.error === 'access_denied' ? 'cancelled' : 'failed');
      const callbackUrl = callbackUrlOf(config, req);
      let result: Awaited<ReturnType<typeof finishAuthorization>>;
      try {
        result = await finishAuthorization(p, callbackUrl, {
          state: challenge.challenge,
          nonce: challenge.nonce ?? '',
          codeVerifier: challenge.codeVerifier ?? '',
        });
      } catch (err) {
        // The error code says which check failed (issuer, audience, nonce, signature); no claims.
        req.log.warn({ provider: p.id, error: errorCode(err) }, 'oidc login refused');
        return refuse('failed');
      }
      const match = await accountForIdentity(db, p, result.identity);
      if ('refused' in match) {
        req.log.info({ provider: p.id, reason: match.refused }, 'oidc identity without account');
        return refuse(match.refused);
      }
      await finishLogin(db, config, req, reply, {
        accountId: match.accountId,
        role: match.role,
        method: 'oidc',
        oidcProvider: p.id,
        ...(result.idToken ? { oidcIdToken: result.idToken } : {}),
      });
      return reply.redirect('/', 303);
    },
  );
}

function callbackUrlOf(config: Config, req: FastifyRequest): URL {
  const search = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
  return new URL(`${CALLBACK_PATH}${search}`, publicOrigin(config, req));
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; name?: unknown };
    if (typeof e.code === 'string') return e.code;
    if (typeof e.name === 'string') return e.name;
  }
  return 'unknown';
}
