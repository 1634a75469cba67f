// Which languages exist and how their texts are fetched — kept free of i18next so the boot module
// (main.tsx) can start downloading the chosen language before the rest of the app has arrived.
import { mergeLocaleFiles, type Tree } from './resources';

// One loader per file of `locales/<language>/<area>.json`. The build puts each language's files into one
// chunk (`locale-<language>`, vite.config.ts), so only the active language is downloaded, in one request,
// and a new area file or language folder is picked up without code changes.
const files = import.meta.glob<Tree>('./locales/*/*.json', { import: 'default' });

const languageOf = (file: string) => /locales\/([^/]+)\//.exec(file)?.[1] ?? '';

/** Swedish and English are complete; further languages appear when their folder is added. */
export const LANGS: readonly string[] = [
  'sv',
  'en',
  ...[...new Set(Object.keys(files).map(languageOf))].filter((l) => l !== 'sv' && l !== 'en').sort(),
];

const loading = new Map<string, Promise<Tree>>();

/** Every text of one language, merged from its area files; fetched once (the promise is shared). */
export function loadLanguage(lang: string): Promise<Tree> {
  let pending = loading.get(lang);
  if (!pending) {
    const own = Object.entries(files).filter(([file]) => languageOf(file) === lang);
    pending = Promise.all(own.map(async ([file, load]) => [file, await load()] as const)).then(
      (loaded) => mergeLocaleFiles(Object.fromEntries(loaded))[lang] ?? {},
    );
    // A failed download (offline, no service worker yet) may be retried by the next call.
    pending.catch(() => loading.delete(lang));
    loading.set(lang, pending);
  }
  return pending;
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
