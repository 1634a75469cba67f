import type { Lang } from '@hemma/core';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onUnauthorized } from '../api';
import type { LoginResult, Me } from '../apiTypes';
import i18n, { storedLang, storeLang } from '../i18n';
import { clearCache } from '../offline/cache';
import { forgetMe, lastMe, rememberMe } from '../offline/session';
import { forgetEarly } from './earlyFetch';

interface AuthValue {
  me: Me | null;
  /** True until the first GET /api/me has answered. */
  checking: boolean;
  /** The password step; the login may then wait for a second factor (see account/). */
  login: (username: string, password: string) => Promise<LoginResult>;
  /** A login completed by its last step (password, second factor, passkey). */
  establish: (user: Me) => void;
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
        void rememberMe(user);
      },
      async (e: unknown) => {
        if (controller.signal.aborted) return;
        // Offline: open as the last signed-in user, with the data kept on the device (offline/).
        if (e instanceof ApiError && e.status === 0) {
          const last = await lastMe();
          if (last && !controller.signal.aborted) setMe(last);
        } else if (!(e instanceof ApiError) || e.status !== 401) console.warn('GET /api/me failed', e);
        setChecking(false);
      },
    );
    onUnauthorized(() => setMe(null));
    return () => {
      controller.abort();
      onUnauthorized(null);
    };
  }, []);

  const establish = useCallback((user: Me) => {
    forgetEarly();
    void rememberMe(user);
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
  }, []);

  const login = useCallback(
    async (username: string, password: string) => {
      const result = await api.login(username, password);
      if (result.stage === 'complete') establish(result);
      return result;
    },
    [establish],
  );

  const logout = useCallback(async () => {
    try {
      const ended = await api.logout();
      // Logged in through an identity provider: end the session there too.
      if (ended?.logoutUrl) window.location.assign(ended.logoutUrl);
    } finally {
      // Queued values stay (sent at the next login); the cached copies of the patient's data do not.
      forgetEarly();
      if (me) void clearCache(me.id);
      void forgetMe();
      setMe(null);
    }
  }, [me]);

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
    () => ({ me, checking, login, establish, logout, setLanguage }),
    [me, checking, login, establish, logout, setLanguage],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
