import type { LoginResult } from '../apiTypes';
import { identityApi } from './identityApi';

// The WebAuthn client library is fetched when a passkey is used, not with the login page.
const webauthn = () => import('@simplewebauthn/browser');

/** The check @simplewebauthn/browser's browserSupportsWebAuthn makes, without loading the library. */
export const passkeysSupported = (): boolean => typeof window.PublicKeyCredential === 'function';

/** Logs in with a passkey: discoverable (no username) or, after a password, as second factor. */
export async function loginWithPasskey(): Promise<LoginResult> {
  const optionsJSON = await identityApi.passkeyLoginOptions();
  const { startAuthentication } = await webauthn();
  const credential = await startAuthentication({ optionsJSON });
  return identityApi.passkeyLogin(credential);
}

/** Creates a passkey on this device and registers it with the account. */
export async function addPasskey(enrolling: boolean, name: string): Promise<LoginResult> {
  const optionsJSON = await identityApi.passkeyRegisterOptions(enrolling);
  const { startRegistration } = await webauthn();
  const credential = await startRegistration({ optionsJSON });
  return identityApi.passkeyRegister(enrolling, credential, name);
}

/** The user closed the browser's passkey dialog (or it timed out): not an error to shout about. */
export const isCancelled = (e: unknown): boolean =>
  e instanceof Error && (e.name === 'NotAllowedError' || e.name === 'AbortError');

/** A default name for a new passkey, from the browser's platform; the user can change it. */
export function deviceName(): string {
  const ua = navigator.userAgent;
  const platform = /iPhone|iPad/.test(ua)
    ? 'iPhone/iPad'
    : /Android/.test(ua)
      ? 'Android'
      : /Mac/.test(ua)
        ? 'Mac'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return platform ? `Passkey (${platform})` : 'Passkey';
}
