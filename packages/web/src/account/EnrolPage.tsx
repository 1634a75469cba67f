import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router-dom';
import type { LoginResult } from '../apiTypes';
import { useAuth } from '../shared/AuthContext';
import { PageTitle } from '../shared/PageTitle';
import { homeFor } from '../shared/RequireRole';
import './account.css';
import { addPasskey, deviceName, isCancelled, passkeysSupported } from './passkeys';
import { TotpSetup } from './TotpSetup';

/** First staff login outside demo mode: a second factor must be set up before anything else. */
export function EnrolPage() {
  const { t } = useTranslation();
  const { me, establish } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  if (me) return <Navigate to={homeFor(me)} replace />;

  function done(result: LoginResult) {
    if (result.stage !== 'complete') return;
    establish(result);
    navigate(homeFor(result), { replace: true });
  }

  async function passkey() {
    setBusy(true);
    setError(null);
    try {
      done(await addPasskey(true, deviceName()));
    } catch (e) {
      setBusy(false);
      if (isCancelled(e)) return;
      setError(t('identity.passkey.failed'));
      window.setTimeout(() => errorRef.current?.focus(), 0);
    }
  }

  return (
    <div className="narrow">
      <PageTitle title={t('identity.enrol.title')}>{t('identity.enrol.title')}</PageTitle>
      <p>{t('identity.enrol.intro')}</p>
      <div ref={errorRef} tabIndex={-1} role="alert" className={error ? 'notice notice--error' : undefined}>
        {error}
      </div>
      {passkeysSupported() && (
        <section className="card" aria-labelledby="enrol-passkey">
          <h2 id="enrol-passkey">{t('identity.passkey.heading')}</h2>
          <p>{t('identity.passkey.intro')}</p>
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => void passkey()}
          >
            {t('identity.passkey.add')}
          </button>
        </section>
      )}
      <section className="card" aria-labelledby="enrol-totp">
        <h2 id="enrol-totp">{t('identity.totp.heading')}</h2>
        <p>{t('identity.totp.intro')}</p>
        <TotpSetup enrolling onDone={done} />
      </section>
    </div>
  );
}
