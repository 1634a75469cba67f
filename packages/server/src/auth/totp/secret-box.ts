import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// TOTP secrets must be readable by the server (unlike passwords), so they are encrypted rather than
// hashed: AES-256-GCM with HEMMA_SECRET_KEY, so a copy of the database alone does not give the codes.
const PREFIX = 'enc:v1:';

/** Reads HEMMA_SECRET_KEY: 32 bytes, base64 or hex. */
export function parseSecretKey(text: string | undefined): Buffer | undefined {
  if (!text?.trim()) return undefined;
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('HEMMA_SECRET_KEY must be 32 bytes (64 hex digits or base64)');
  return key;
}

export function seal(key: Buffer | undefined, secret: string): string {
  if (!key) return secret;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${PREFIX}${[iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.')}`;
}

/** The secret, or undefined when it cannot be read (no or another key): the code is then refused. */
export function open(key: Buffer | undefined, stored: string): string | undefined {
  if (!stored.startsWith(PREFIX)) return stored;
  if (!key) return undefined;
  const [iv, tag, data] = stored
    .slice(PREFIX.length)
    .split('.')
    .map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !data) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
