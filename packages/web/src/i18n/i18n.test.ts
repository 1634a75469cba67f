import { describe, expect, it } from 'vitest';
import { LANGS, loadLanguage } from './languages';
import { directionOf, flatten, mergeLocaleFiles, type Tree } from './resources';

// Every file, as the build has them; the app itself loads one language at a time (languages.ts).
const translations = mergeLocaleFiles(
  import.meta.glob<Tree>('./locales/*/*.json', { eager: true, import: 'default' }),
);

const svKeys = flatten(translations.sv ?? {});
const enKeys = flatten(translations.en ?? {});

describe('translations', () => {
  it('sv and en have exactly the same keys', () => {
    expect(svKeys.size).toBeGreaterThan(100);
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

  it('merges the files of a language and refuses a key defined twice', () => {
    const merged = mergeLocaleFiles({
      './locales/fi/a.json': { a: { x: 'x' } },
      './locales/fi/b.json': { b: 'y' },
    });
    expect(merged).toEqual({ fi: { a: { x: 'x' }, b: 'y' } });
    expect(() =>
      mergeLocaleFiles({ './locales/fi/a.json': { a: 'x' }, './locales/fi/b.json': { a: 'y' } }),
    ).toThrow(/"a" is defined twice for fi/);
  });

  it('loads one language at a time, the same texts as its files', async () => {
    expect(LANGS.slice(0, 2)).toEqual(['sv', 'en']);
    expect(await loadLanguage('en')).toEqual(translations.en);
    expect(await loadLanguage('sv')).toEqual(translations.sv);
    expect(await loadLanguage('xx')).toEqual({});
  });

  it('writes Arabic right to left', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('sv')).toBe('ltr');
  });
});
