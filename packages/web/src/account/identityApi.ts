// Identity API (docs/identity.md): second factors, passkeys, providers, the account's security.
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { request } from '../api';
import type { LoginResult } from '../apiTypes';

export interface OidcProvider {
  id: string;
  name: string;
  audience: 'patient' | 'staff';
  startUrl: string;
}

export interface Security {
  totp: boolean;
  secondFactorRequired: boolean;
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
}

export interface TotpSetup {
  secret: string;
  uri: string;
}

/** Setting up a factor works the same from the account page and while a login waits for it. */
const base = (enrolling: boolean) => (enrolling ? '/api/auth/enrol' : '/api/account');

export const identityApi = {
  providers: (signal?: AbortSignal) =>
    request<{ providers: OidcProvider[] }>('GET', '/api/auth/oidc/providers', { signal }),
  totpLogin: (code: string) => request<LoginResult>('POST', '/api/auth/totp', { body: { code } }),
  passkeyLoginOptions: () =>
    request<PublicKeyCredentialRequestOptionsJSON>('POST', '/api/auth/passkey/options'),
  passkeyLogin: (credential: unknown) =>
    request<LoginResult>('POST', '/api/auth/passkey', { body: credential }),

  totpSetup: (enrolling: boolean) => request<TotpSetup>('POST', `${base(enrolling)}/totp/setup`),
  totpConfirm: (enrolling: boolean, code: string) =>
    request<LoginResult>('POST', `${base(enrolling)}/totp/confirm`, { body: { code } }),
  passkeyRegisterOptions: (enrolling: boolean) =>
    request<PublicKeyCredentialCreationOptionsJSON>(
      'POST',
      enrolling ? '/api/auth/enrol/passkey/options' : '/api/account/passkeys/options',
    ),
  passkeyRegister: (enrolling: boolean, credential: unknown, name: string) =>
    request<LoginResult>('POST', enrolling ? '/api/auth/enrol/passkey' : '/api/account/passkeys', {
      body: { credential, name },
    }),

  security: (signal?: AbortSignal) => request<Security>('GET', '/api/account/security', { signal }),
  removeTotp: () => request<void>('DELETE', '/api/account/totp'),
  removePasskey: (id: string) => request<void>('DELETE', `/api/account/passkeys/${encodeURIComponent(id)}`),
  logoutEverywhere: () => request<{ ended: number }>('POST', '/api/account/logout-everywhere'),
};
