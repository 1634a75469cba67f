// A real OpenID Connect provider (oidc-provider) for the tests: its own login page accepts any
// user name; accounts carry the claims Hemma maps. `tamper` re-signs the next ID tokens with a
// wrong issuer, audience or nonce, to show that Hemma refuses them.
import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export type Tamper = 'issuer' | 'audience' | 'nonce' | null;

export interface TestProvider {
  issuer: string;
  /** Changes every ID token issued from now on. */
  tamper(kind: Tamper): void;
  close(): Promise<void>;
}

export async function startTestProvider(opts: {
  port?: number;
  /** Hemma's public URL: the redirect and post-logout URIs are registered for it. */
  hemmaUrl: string;
  clientId?: string;
  clientSecret?: string;
  /** Claims per login name typed on the provider's login page. */
  accounts: Record<string, Record<string, string>>;
}): Promise<TestProvider> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId ?? 'hemma',
        client_secret: opts.clientSecret ?? 'hemma-test-secret',
        redirect_uris: [`${opts.hemmaUrl}/api/auth/oidc/callback`],
        post_logout_redirect_uris: [`${opts.hemmaUrl}/login`],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [jwk as never] },
    claims: { openid: ['sub', 'personnummer', 'hsa_id'], profile: ['name'] },
    // Identity claims in the ID token itself, as SITHS and BankID brokers put them.
    conformIdTokenClaims: false,
    cookies: { keys: ['test-cookie-key'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx, id) {
      const claims = opts.accounts[id];
      return {
        accountId: id,
        claims: async () => ({ sub: id, ...(claims ?? {}) }),
      };
    },
  });
  let tamper: Tamper = null;
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (tamper && ctx.path === '/token' && body?.id_token) {
      ctx.body = {
        ...body,
        id_token: retamper(body.id_token, tamper, createPrivateKey({ key: jwk, format: 'jwk' })),
      };
    }
  });
  server.on('request', provider.callback());
  return {
    issuer,
    tamper: (kind) => {
      tamper = kind;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The same token, correctly signed by the provider's key, with one claim wrong. */
function retamper(token: string, kind: Exclude<Tamper, null>, key: KeyObject): string {
  const [header, payload] = token.split('.') as [string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  if (kind === 'issuer') claims.iss = 'http://127.0.0.1:1/evil';
  if (kind === 'audience') claims.aud = 'someone-else';
  if (kind === 'nonce') claims.nonce = 'replayed-nonce';
  const body = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${sign('sha256', Buffer.from(body), key).toString('base64url')}`;
}
