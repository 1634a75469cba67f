import { describe, expect, it } from 'vitest';
import en from './en.json';
import sv from './sv.json';

type Tree = { [key: string]: string | Tree };

/** Flattens nested translations to "a.b.c" → value. */
function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of flatten(value, path)) out.set(k, v);
    } else out.set(path, value);
  }
  return out;
}

const svKeys = flatten(sv as Tree);
const enKeys = flatten(en as Tree);

describe('translations', () => {
  it('sv and en have exactly the same keys', () => {
    expect([...enKeys.keys()].sort()).toEqual([...svKeys.keys()].sort());
  });

  it.each([
    ['sv', svKeys],
    ['en', enKeys],
  ] as const)('%s has no empty or non-string values', (_lang, keys) => {
    const bad = [...keys].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (v: unknown) => [...String(v).matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    const mismatched = [...svKeys.keys()].filter(
      (k) => JSON.stringify(placeholders(svKeys.get(k))) !== JSON.stringify(placeholders(enKeys.get(k))),
    );
    expect(mismatched).toEqual([]);
  });
});
