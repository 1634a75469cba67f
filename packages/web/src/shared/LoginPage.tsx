import { type FormEvent, useCallback, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router-dom';
import { identityApi } from '../account/identityApi';
import { isCancelled, loginWithPasskey, passkeysSupported } from '../account/passkeys';
import { SecondFactorStep } from '../account/SecondFactorStep';
import '../account/account.css';
import { ApiError } from '../api';
import type { LoginResult, Me } from '../apiTypes';
import { useAuth } from './AuthContext';
import { Field } from './Field';
import { PageTitle } from './PageTitle';
import { homeFor } from './RequireRole';
import { useAsync } from './useAsync';

export function LoginPage() {
  const { t } = useTranslation();
  const { me, login, establish } = useAuth();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // After a right password, the account may still have to show its second factor.
  const [secondFactor, setSecondFactor] = useState<('totp' | 'passkey')[] | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const id = useId();
  const loadProviders = useCallback((signal: AbortSignal) => identityApi.providers(signal), []);
  const providers = useAsync(loadProviders, []).data?.providers ?? [];

  if (me) return <Navigate to={homeFor(me)} replace />;

  function done(user: Me) {
    establish(user);
    navigate(homeFor(user), { replace: true });
  }

  function next(result: LoginResult) {
    if (result.stage === 'complete') navigate(homeFor(result), { replace: true });
    else if (result.stage === 'enrol') navigate('/login/enrol', { replace: true });
    else {
      setSecondFactor(result.methods);
      setBusy(false);
    }
  }

  function showError(message: string) {
    setError(message);
    setBusy(false);
    // Bring the error into view and read it out; it is also a role="alert" region.
    window.setTimeout(() => errorRef.current?.focus(), 0);
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      next(await login(username.trim(), password));
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      showError(
        status === 401 ? t('login.wrong') : status === 429 ? t('login.tooMany') : t('login.unavailable'),
      );
    }
  }

  async function onPasskey() {
    setBusy(true);
    setError(null);
    try {
      const result = await loginWithPasskey();
      if (result.stage === 'complete') done(result);
    } catch (err) {
      if (isCancelled(err)) setBusy(false);
      else showError(t('identity.passkey.loginFailed'));
    }
  }

  if (secondFactor) {
    return (
      <div className="narrow">
        <PageTitle title={t('identity.secondFactor.title')}>{t('identity.secondFactor.title')}</PageTitle>
        <p>{t('identity.secondFactor.intro')}</p>
        <SecondFactorStep methods={secondFactor} onDone={done} />
      </div>
    );
  }

  return (
    <div className="narrow">
      <PageTitle title={t('login.title')}>{t('login.title')}</PageTitle>
      {providers.length > 0 && (
        <nav className="identity-providers" aria-label={t('identity.providers')}>
          {providers.map((p) => (
            // A full page load: the browser goes to the identity provider and comes back.
            <a key={p.id} className="button button--primary button--large" href={p.startUrl}>
              {t('identity.loginWith', { name: p.name })}
            </a>
          ))}
        </nav>
      )}
      {providers.length > 0 && <p className="identity-or">{t('identity.orPassword')}</p>}
      <p>{t('login.intro')}</p>
      <div ref={errorRef} tabIndex={-1} role="alert" className={error ? 'notice notice--error' : undefined}>
        {error}
      </div>
      <form onSubmit={onSubmit} className="form" noValidate>
        <Field
          id={`${id}-user`}
          label={t('login.username')}
          autoComplete="username webauthn"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
        <Field
          id={`${id}-password`}
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <button type="submit" className="button button--primary button--large" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      {passkeysSupported() && (
        <div className="button-row">
          <button
            type="button"
            className="button button--large"
            disabled={busy}
            onClick={() => void onPasskey()}
          >
            {t('identity.passkey.login')}
          </button>
        </div>
      )}
      <p className="hint-box">{t('login.demoHint')}</p>
    </div>
  );
}
