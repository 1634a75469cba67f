import type { Lang } from '@hemma/core';
import i18n, { type BackendModule } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { loadLanguage } from './languages';
import { directionOf } from './resources';

export { LANGS, storedLang, storeLang } from './languages';

/** Languages whose texts are all in (not only the first view's part). */
const complete = new Set<string>();
/** Set once the first language is in; its own `languageChanged` must not fetch the rest early. */
let initialized = false;

/** Texts come per language on demand (languages.ts): a language switch downloads the new language before
 *  i18next switches to it, so a page never shows keys. */
const languageFiles: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read: (lang, _ns, callback) => {
    loadLanguage(lang).then(
      (tree) => {
        complete.add(lang);
        callback(null, tree);
      },
      (e: unknown) => callback(e instanceof Error ? e : new Error(String(e)), null),
    );
  },
};

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  document.documentElement.dir = directionOf(lng);
  // Back to a language of which only the first view's texts are in: fetch the rest (pages re-render when
  // it arrives, `bindI18nStore` below).
  if (initialized && !complete.has(lng)) completeTexts().catch(() => undefined);
});

/** Resolves once the first view's texts of the first language are in; the app renders after it. The rest
 *  of the language follows with `completeTexts` (firstView.ts). */
export async function initI18n(lang: string): Promise<void> {
  const first = await loadLanguage(lang, 'first');
  await i18n
    .use(languageFiles)
    .use(initReactI18next)
    .init({
      lng: lang,
      resources: { [lang]: { translation: first } },
      // Other languages (a switch, the fallback) still come through the backend, complete.
      partialBundledLanguages: true,
      // Swedish and English are complete, so each loads alone; a partial language falls back to Swedish.
      fallbackLng: (code) => (code === 'sv' || code === 'en' ? [] : ['sv']),
      load: 'currentOnly',
      interpolation: { escapeValue: false }, // React escapes already
      returnNull: false,
      react: { bindI18nStore: 'added' },
    });
  initialized = true;
}

const completing = new Map<string, Promise<void>>();

/** Adds the texts beyond the first view for the current language (and its fallback); pages loaded on
 *  demand wait for it (shared/lazyPage.ts). Shared promise per language; a failed download is retried by
 *  the next call. */
export function completeTexts(): Promise<void> {
  const langs = [i18n.resolvedLanguage ?? i18n.language, ...i18n.languages].filter(
    (l, i, all): l is string => typeof l === 'string' && all.indexOf(l) === i && !complete.has(l),
  );
  return Promise.all(
    langs.map((lang) => {
      let pending = completing.get(lang);
      if (!pending) {
        pending = loadLanguage(lang, 'rest').then((rest) => {
          i18n.addResourceBundle(lang, 'translation', rest, true, false);
          complete.add(lang);
        });
        pending.catch(() => completing.delete(lang));
        completing.set(lang, pending);
      }
      return pending;
    }),
  ).then(() => undefined);
}

/** The current language as the domain type, for @hemma/core formatters and Intl. */
export function useLang(): Lang {
  const { i18n: instance } = useTranslation();
  return instance.language === 'en' ? 'en' : 'sv';
}

export default i18n;
