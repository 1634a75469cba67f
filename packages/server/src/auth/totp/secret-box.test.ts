import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, parseSecretKey, seal } from './secret-box';

describe('TOTP secrets at rest', () => {
  const key = randomBytes(32);

  it('encrypts with the key and reads back only with the same key', () => {
    const sealed = seal(key, 'JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(seal(key, 'JBSWY3DPEHPK3PXP')).not.toBe(sealed); // a fresh IV each time
    expect(open(key, sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(open(randomBytes(32), sealed)).toBeUndefined();
    expect(open(undefined, sealed)).toBeUndefined();
    // Tampered: one bit of the ciphertext flipped (replacing base64 characters can leave the bytes as they were).
    const [iv, tag, data] = sealed.slice('enc:v1:'.length).split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0]! ^= 1;
    expect(open(key, `enc:v1:${iv}.${tag}.${flipped.toString('base64url')}`)).toBeUndefined();
  });

  it('keeps secrets as they are without a key, and reads those stored before a key was set', () => {
    expect(seal(undefined, 'ABC')).toBe('ABC');
    expect(open(key, 'ABC')).toBe('ABC');
  });

  it('reads the key as hex or base64 and refuses other lengths', () => {
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey(undefined)).toBeUndefined();
    expect(() => parseSecretKey('c2hvcnQ=')).toThrow('HEMMA_SECRET_KEY must be 32 bytes');
  });
});
