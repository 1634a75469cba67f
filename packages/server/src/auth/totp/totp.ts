import { generateSecret, generateURI, verify } from 'otplib';

// RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30 s. One step either
// side absorbs clock drift between phone and server.
const TOLERANCE_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

/** otpauth:// URI for the authenticator app (shown as text to type and as a link; no QR library). */
export function totpUri(secret: string, label: string): string {
  return generateURI({ issuer: 'Hemma', label, secret });
}

/** The accepted time step, or null. Steps at or before `lastStep` are refused, so a code seen
 *  over someone's shoulder cannot be used again. */
export async function checkTotp(
  secret: string,
  code: string,
  lastStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: TOLERANCE_SECONDS,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  }).catch(() => undefined);
  return result?.valid && 'timeStep' in result ? result.timeStep : null;
}
