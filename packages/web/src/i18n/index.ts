import type { Lang } from '@hemma/core';
import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { directionOf, translations } from './resources';

/** Swedish and English are complete; further languages appear when their folder is added. */
export const LANGS: readonly string[] = [
  'sv',
  'en',
  ...Object.keys(translations).filter((l) => l !== 'sv' && l !== 'en'),
];
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

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  document.documentElement.dir = directionOf(lng);
});

void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(
    Object.entries(translations).map(([lang, tree]) => [lang, { translation: tree }]),
  ),
  lng: storedLang() ?? 'sv',
  fallbackLng: 'sv',
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
});

/** The current language as the domain type, for @hemma/core formatters and Intl. */
export function useLang(): Lang {
  const { i18n: instance } = useTranslation();
  return instance.language === 'en' ? 'en' : 'sv';
}

export default i18n;
