import type { Lang } from '@hemma/core';
import i18n, { type BackendModule } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { loadLanguage } from './languages';
import { directionOf } from './resources';

export { LANGS, storedLang, storeLang } from './languages';

/** Texts come per language on demand (languages.ts): a language switch downloads the new language before
 *  i18next switches to it, so a page never shows keys. */
const languageFiles: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read: (lang, _ns, callback) => {
    loadLanguage(lang).then(
      (tree) => callback(null, tree),
      (e: unknown) => callback(e instanceof Error ? e : new Error(String(e)), null),
    );
  },
};

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  document.documentElement.dir = directionOf(lng);
});

/** Resolves once the first language's texts are in; the app renders after it. */
export function initI18n(lang: string): Promise<unknown> {
  return i18n
    .use(languageFiles)
    .use(initReactI18next)
    .init({
      lng: lang,
      // Swedish and English are complete, so each loads alone; a partial language falls back to Swedish.
      fallbackLng: (code) => (code === 'sv' || code === 'en' ? [] : ['sv']),
      load: 'currentOnly',
      interpolation: { escapeValue: false }, // React escapes already
      returnNull: false,
    });
}

/** The current language as the domain type, for @hemma/core formatters and Intl. */
export function useLang(): Lang {
  const { i18n: instance } = useTranslation();
  return instance.language === 'en' ? 'en' : 'sv';
}

export default i18n;
