import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a64, sourceKey } from './sourceKey';

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64-bit test vectors', () => {
    // http://www.isthe.com/chongo/src/fnv/test_fnv.c: "" and "a", "foobar"
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('is 16 hex digits for any text', () => {
    fc.assert(fc.property(fc.string(), (s) => /^[0-9a-f]{16}$/.test(fnv1a64(s))));
  });
});

describe('sourceKey', () => {
  it('is stable and tells apart parts that only differ in where they split', () => {
    expect(sourceKey('x', ['a', 1])).toBe(sourceKey('x', ['a', '1']));
    expect(sourceKey('x', ['ab', 'c'])).not.toBe(sourceKey('x', ['a', 'bc']));
    expect(sourceKey('apple', ['a'])).toMatch(/^apple:[0-9a-f]{16}$/);
  });
});
