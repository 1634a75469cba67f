import type { Lang } from '@hemma/core';
import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import en from './en.json';
import sv from './sv.json';

export const LANGS: readonly Lang[] = ['sv', 'en'];
const STORAGE_KEY = 'hemma.lang';

export function storedLang(): Lang | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'sv' || v === 'en' ? v : null;
  } catch {
    // Private mode or disabled storage: fall back to Swedish, never break the app.
    return null;
  }
}

export function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* see storedLang */
  }
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: { sv: { translation: sv }, en: { translation: en } },
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
