import * as oidc from 'openid-client';
import type { OidcProviderConfig } from '../identity-config';

// Discovery is done at first use, not at start: an identity provider that is down must not keep
// Hemma (and its password and passkey logins) from starting. A failure is not cached.
const configurations = new Map<string, Promise<oidc.Configuration>>();

/** Plain http is accepted only for a provider on this machine (development, tests). */
function isLocal(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export function providerConfiguration(p: OidcProviderConfig): Promise<oidc.Configuration> {
  const key = `${p.id} ${p.issuer} ${p.clientId}`;
  let pending = configurations.get(key);
  if (!pending) {
    const issuer = new URL(p.issuer);
    pending = oidc
      .discovery(
        issuer,
        p.clientId,
        p.clientSecret,
        p.clientSecret ? oidc.ClientSecretPost(p.clientSecret) : oidc.None(),
        isLocal(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        configurations.delete(key);
        throw err;
      });
    configurations.set(key, pending);
  }
  return pending;
}

export interface AuthorizationStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function startAuthorization(
  p: OidcProviderConfig,
  redirectUri: string,
): Promise<AuthorizationStart> {
  const config = await providerConfiguration(p);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: p.scope,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, state, nonce, codeVerifier };
}

/** Exchanges the code and validates the ID token (signature, issuer, audience, expiry, nonce);
 *  answers the configured identity claim, from the ID token or else from userinfo. */
export async function finishAuthorization(
  p: OidcProviderConfig,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<{ identity: unknown; idToken: string | undefined }> {
  const config = await providerConfiguration(p);
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('no ID token');
  let identity: unknown = claims[p.claim];
  if (identity === undefined && config.serverMetadata().userinfo_endpoint) {
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    identity = info[p.claim];
  }
  return { identity, idToken: tokens.id_token };
}

/** RP-initiated logout at the provider, when it offers one. */
export async function endSessionUrl(
  p: OidcProviderConfig,
  idToken: string | null,
  postLogoutRedirectUri: string,
): Promise<string | undefined> {
  const config = await providerConfiguration(p).catch(() => undefined);
  if (!config?.serverMetadata().end_session_endpoint) return undefined;
  return oidc
    .buildEndSessionUrl(config, {
      post_logout_redirect_uri: postLogoutRedirectUri,
      ...(idToken ? { id_token_hint: idToken } : { client_id: p.clientId }),
    })
    .toString();
}
