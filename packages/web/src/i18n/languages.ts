// Which languages exist and how their texts are fetched — kept free of i18next so the boot module
// (main.tsx) can start downloading the chosen language before the rest of the app has arrived.
import { mergeTexts } from './firstView';
import { mergeLocaleFiles, type Tree } from './resources';

// One loader per file of `locales/<language>/<area>.json`, in two parts: the texts of the first view and
// the rest (firstView.ts; split at build time by scripts/localeParts.ts). The build puts each language's
// parts into two chunks (`locale-<language>` and `locale-<language>-more`, vite.config.ts), so only the
// active language is downloaded, the first view's texts in one request, and a new area file or language
// folder is picked up without code changes.
const firstParts = import.meta.glob<Tree>('./locales/*/*.json', {
  import: 'default',
  query: '?texts=first&lang.json',
});
const restParts = import.meta.glob<Tree>('./locales/*/*.json', {
  import: 'default',
  query: '?texts=rest&lang.json',
});

const languageOf = (file: string) => /locales\/([^/]+)\//.exec(file)?.[1] ?? '';

/** Swedish and English are complete; further languages appear when their folder is added. */
export const LANGS: readonly string[] = [
  'sv',
  'en',
  ...[...new Set(Object.keys(firstParts).map(languageOf))].filter((l) => l !== 'sv' && l !== 'en').sort(),
];

export type TextPart = 'first' | 'rest';

const loading = new Map<string, Promise<Tree>>();

function loadPart(lang: string, part: TextPart): Promise<Tree> {
  const key = `${lang}:${part}`;
  let pending = loading.get(key);
  if (!pending) {
    const own = Object.entries(part === 'first' ? firstParts : restParts).filter(
      ([file]) => languageOf(file) === lang,
    );
    pending = Promise.all(own.map(async ([file, load]) => [file, await load()] as const)).then(
      (loaded) => mergeLocaleFiles(Object.fromEntries(loaded))[lang] ?? {},
    );
    // A failed download (offline, no service worker yet) may be retried by the next call.
    pending.catch(() => loading.delete(key));
    loading.set(key, pending);
  }
  return pending;
}

/** The texts of one language — the first view's part, the rest, or all — merged from its area files;
 *  each part is fetched once (the promise is shared). */
export function loadLanguage(lang: string, part: TextPart | 'all' = 'all'): Promise<Tree> {
  if (part !== 'all') return loadPart(lang, part);
  return Promise.all([loadPart(lang, 'first'), loadPart(lang, 'rest')]).then(([a, b]) => mergeTexts(a, b));
}

const STORAGE_KEY = 'hemma.lang';

export function storedLang(): string | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v !== null && LANGS.includes(v) ? v : null;
  } catch {
    // Private mode or disabled storage: fall back to Swedish, never break the app.
    return null;
  }
}

export function storeLang(lang: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* see storedLang */
  }
}

/** The language the app opens in: the last choice on this device, else Swedish. */
export const initialLang = (): string => storedLang() ?? 'sv';
