import type { Lang } from '@hemma/core';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onUnauthorized } from '../api';
import type { Me } from '../apiTypes';
import i18n, { storedLang, storeLang } from '../i18n';

interface AuthValue {
  me: Me | null;
  /** True until the first GET /api/me has answered. */
  checking: boolean;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  setLanguage: (lang: Lang) => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);

  useEffect(() => {
    const controller = new AbortController();
    api.me(controller.signal).then(
      (user) => {
        // A restored session follows the language the user last chose on any device.
        void i18n.changeLanguage(user.locale);
        storeLang(user.locale);
        setMe(user);
        setChecking(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        if (!(e instanceof ApiError) || e.status !== 401) console.warn('GET /api/me failed', e);
        setChecking(false);
      },
    );
    onUnauthorized(() => setMe(null));
    return () => {
      controller.abort();
      onUnauthorized(null);
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const user = await api.login(username, password);
    // A language picked on the login page is a fresh, explicit choice: keep it and tell the server.
    const chosen = storedLang();
    // Account locales are the complete languages (sv, en); other languages stay a device choice.
    if ((chosen === 'sv' || chosen === 'en') && chosen !== user.locale) {
      api.setLocale(chosen).catch(() => undefined);
      setMe({ ...user, locale: chosen });
    } else {
      void i18n.changeLanguage(user.locale);
      setMe(user);
    }
    return user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setMe(null);
    }
  }, []);

  const setLanguage = useCallback(
    (lang: Lang) => {
      void i18n.changeLanguage(lang);
      storeLang(lang);
      if (me) {
        setMe({ ...me, locale: lang });
        // Best effort: the local choice already applies; the server copy is for the next device.
        api.setLocale(lang).catch(() => undefined);
      }
    },
    [me],
  );

  const value = useMemo(
    () => ({ me, checking, login, logout, setLanguage }),
    [me, checking, login, logout, setLanguage],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
