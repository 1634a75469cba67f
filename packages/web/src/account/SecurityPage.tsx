import { type FormEvent, useCallback, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api';
import { useLang } from '../i18n';
import { useAnnounce } from '../shared/Announcer';
import { useAuth } from '../shared/AuthContext';
import { Field } from '../shared/Field';
import { formatDateTime } from '../shared/format';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';
import './account.css';
import { identityApi } from './identityApi';
import { addPasskey, deviceName, isCancelled, passkeysSupported } from './passkeys';
import { TotpSetup } from './TotpSetup';

/** The account's login security: passkeys, the authenticator app, and logging out everywhere. */
export function SecurityPage() {
  const { t } = useTranslation();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const lang = useLang();
  const id = useId();
  const load = useCallback((signal: AbortSignal) => identityApi.security(signal), []);
  const security = useAsync(load, []);
  const s = security.data;
  const [name, setName] = useState(deviceName());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  async function act(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
      announce(done);
      security.reload();
    } catch (e) {
      if (!isCancelled(e)) {
        setError(
          e instanceof ApiError && e.status === 409
            ? t('identity.security.lastFactor')
            : t('identity.security.failed'),
        );
        window.setTimeout(() => errorRef.current?.focus(), 0);
      }
    } finally {
      setBusy(false);
    }
  }

  function onAddPasskey(e: FormEvent) {
    e.preventDefault();
    void act(() => addPasskey(false, name.trim() || deviceName()), t('identity.passkey.added'));
  }

  async function everywhere() {
    setBusy(true);
    try {
      await identityApi.logoutEverywhere();
    } finally {
      await logout().catch(() => undefined);
      navigate('/login', { replace: true });
    }
  }

  return (
    <div className="narrow">
      <PageTitle title={t('identity.security.title')}>{t('identity.security.title')}</PageTitle>
      <div ref={errorRef} tabIndex={-1} role="alert" className={error ? 'notice notice--error' : undefined}>
        {error}
      </div>
      <LoadState loading={security.loading} error={security.error} onRetry={security.reload} />
      {s && (
        <>
          {s.secondFactorRequired && <p className="hint-box">{t('identity.security.required')}</p>}
          <section className="card" aria-labelledby={`${id}-passkeys`}>
            <h2 id={`${id}-passkeys`}>{t('identity.passkey.heading')}</h2>
            {s.passkeys.length === 0 ? (
              <p>{t('identity.passkey.none')}</p>
            ) : (
              <ul className="identity-list">
                {s.passkeys.map((p) => (
                  <li key={p.id}>
                    <span>
                      <strong>{p.name}</strong>
                      <br />
                      <span className="muted">
                        {t('identity.passkey.created', { at: formatDateTime(p.createdAt, lang) })}
                        {p.lastUsedAt
                          ? ` · ${t('identity.passkey.used', { at: formatDateTime(p.lastUsedAt, lang) })}`
                          : ''}
                      </span>
                    </span>
                    <button
                      type="button"
                      className="button button--quiet"
                      disabled={busy}
                      onClick={() =>
                        void act(() => identityApi.removePasskey(p.id), t('identity.passkey.removed'))
                      }
                    >
                      {t('identity.passkey.remove', { name: p.name })}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {passkeysSupported() && (
              <form onSubmit={onAddPasskey} className="form">
                <Field
                  id={`${id}-name`}
                  label={t('identity.passkey.name')}
                  value={name}
                  maxLength={100}
                  onChange={(e) => setName(e.target.value)}
                />
                <button type="submit" className="button" disabled={busy}>
                  {t('identity.passkey.add')}
                </button>
              </form>
            )}
          </section>
          <section className="card" aria-labelledby={`${id}-totp`}>
            <h2 id={`${id}-totp`}>{t('identity.totp.heading')}</h2>
            {s.totp ? (
              <>
                <p>{t('identity.totp.on')}</p>
                <button
                  type="button"
                  className="button button--quiet"
                  disabled={busy}
                  onClick={() => void act(() => identityApi.removeTotp(), t('identity.totp.removed'))}
                >
                  {t('identity.totp.remove')}
                </button>
              </>
            ) : (
              <>
                <p>{t('identity.totp.intro')}</p>
                <TotpSetup
                  enrolling={false}
                  onDone={() => {
                    announce(t('identity.totp.added'));
                    security.reload();
                  }}
                />
              </>
            )}
          </section>
        </>
      )}
      <section className="card" aria-labelledby={`${id}-everywhere`}>
        <h2 id={`${id}-everywhere`}>{t('identity.security.everywhereHeading')}</h2>
        <p>{t('identity.security.everywhereIntro')}</p>
        <button type="button" className="button" disabled={busy} onClick={() => void everywhere()}>
          {t('identity.security.everywhere')}
        </button>
      </section>
    </div>
  );
}
