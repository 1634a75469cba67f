import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router-dom';
import { ApiError } from '../api';
import { useAuth } from './AuthContext';
import { Field } from './Field';
import { PageTitle } from './PageTitle';
import { homeFor } from './RequireRole';

export function LoginPage() {
  const { t } = useTranslation();
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);
  const id = useId();

  if (me) return <Navigate to={homeFor(me)} replace />;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await login(username.trim(), password);
      navigate(homeFor(user), { replace: true });
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setError(
        status === 401 ? t('login.wrong') : status === 429 ? t('login.tooMany') : t('login.unavailable'),
      );
      setBusy(false);
      // Bring the error into view and read it out; it is also a role="alert" region.
      window.setTimeout(() => errorRef.current?.focus(), 0);
    }
  }

  return (
    <div className="narrow">
      <PageTitle title={t('login.title')}>{t('login.title')}</PageTitle>
      <p>{t('login.intro')}</p>
      <div ref={errorRef} tabIndex={-1} role="alert" className={error ? 'notice notice--error' : undefined}>
        {error}
      </div>
      <form onSubmit={onSubmit} className="form" noValidate>
        <Field
          id={`${id}-user`}
          label={t('login.username')}
          autoComplete="username"
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
      <p className="hint-box">{t('login.demoHint')}</p>
    </div>
  );
}
