import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { localeParts } from '../../scripts/localeParts';
import { isFirstViewText, mergeTexts, splitTexts } from './firstView';
import { flatten, mergeLocaleFiles, type Tree } from './resources';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const translations = mergeLocaleFiles(
  import.meta.glob<Tree>('./locales/*/*.json', { eager: true, import: 'default' }),
);

const exists = (f: string) => {
  try {
    return statSync(f).isFile();
  } catch {
    return false;
  }
};

/** The app's modules the first view is made of: what src/start.tsx imports statically, transitively, and
 *  the login page, loaded on its own but without waiting for the rest of the texts (lazyPages.ts). Other
 *  pages behind `import()` load later, with the rest of the texts. */
function firstViewModules(): string[] {
  const seen = new Set<string>();
  const todo = [resolve(src, 'start.tsx'), resolve(src, 'shared/LoginPage.tsx')];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)) {
      const base = resolve(dirname(file), m[1] as string);
      const found = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find(exists);
      if (found) todo.push(found);
    }
  }
  return [...seen];
}

describe('first view texts', () => {
  it('lists every text the first view names, in every language', () => {
    const modules = firstViewModules();
    expect(modules.some((m) => m.endsWith('shared/Layout.tsx'))).toBe(true);
    expect(modules.some((m) => m.endsWith('account/SecondFactorStep.tsx'))).toBe(true);
    expect(modules.some((m) => m.endsWith('staff/WorklistPage.tsx'))).toBe(false);
    const used = modules.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*['"`]([^'"`$]+)(\$\{)?/g)].map((m) => ({
        key: m[1] as string,
        prefix: m[2] !== undefined,
      })),
    );
    expect(used.length).toBeGreaterThan(40);
    for (const [lang, tree] of Object.entries(translations)) {
      const first = flatten(splitTexts(tree, 'first'));
      const all = [...flatten(tree).keys()];
      const missing = used.filter(({ key, prefix }) =>
        prefix
          ? all.some((k) => k.startsWith(key) && !first.has(k))
          : !first.has(key) && !all.some((k) => k.startsWith(`${key}_`) && first.has(k)),
      );
      expect({ lang, missing }).toEqual({ lang, missing: [] });
    }
  });

  it('splits a language into two disjoint parts that together are the language', () => {
    for (const tree of Object.values(translations)) {
      const first = splitTexts(tree, 'first');
      const rest = splitTexts(tree, 'rest');
      const firstKeys = [...flatten(first).keys()];
      expect(firstKeys.length).toBeGreaterThan(50);
      expect(firstKeys.every(isFirstViewText)).toBe(true);
      expect([...flatten(rest).keys()].some(isFirstViewText)).toBe(false);
      expect(mergeTexts(first, rest)).toEqual(tree);
    }
  });

  it('takes a listed path with its subtree and plural forms, nothing that only starts alike', () => {
    expect(isFirstViewText('offline.waiting_other')).toBe(true);
    expect(isFirstViewText('chat.unreadThreads_one')).toBe(true);
    expect(isFirstViewText('relatives.banner.label')).toBe(true);
    expect(isFirstViewText('chat.navigation')).toBe(false);
    expect(isFirstViewText('chat.title')).toBe(false);
    expect(splitTexts({ a: { nav: 'x', b: 'y' }, nav: { z: 'z' } }, 'first')).toEqual({ nav: { z: 'z' } });
  });

  it('is split at build time: an area file asked for with ?texts=first or ?texts=rest', () => {
    const transform = localeParts().transform as (code: string, id: string) => { code: string } | null;
    const file = '/app/src/i18n/locales/sv/chat.json';
    const code = JSON.stringify({ chat: { nav: 'Meddelanden', title: 'Dina meddelanden' } });
    expect(JSON.parse(transform(code, `${file}?texts=first&lang.json`)?.code ?? '')).toEqual({
      chat: { nav: 'Meddelanden' },
    });
    expect(JSON.parse(transform(code, `${file}?texts=rest&lang.json`)?.code ?? '')).toEqual({
      chat: { title: 'Dina meddelanden' },
    });
    expect(transform(code, file)).toBeNull();
    expect(transform(code, '/app/src/other/data.json?texts=first&lang.json')).toBeNull();
  });
});
