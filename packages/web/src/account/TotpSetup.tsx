import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import type { LoginResult } from '../apiTypes';
import { Field } from '../shared/Field';
import { identityApi, type TotpSetup as Setup } from './identityApi';

/** Sets up an authenticator app: shows the key (to type, or open as an otpauth link on the phone)
 *  and confirms it with a first code. */
export function TotpSetup({
  enrolling,
  onDone,
}: {
  enrolling: boolean;
  onDone: (result: LoginResult) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  const fail = (e: unknown) => {
    setBusy(false);
    const status = e instanceof ApiError ? e.status : 0;
    setError(
      status === 400
        ? t('identity.totp.wrong')
        : status === 429
          ? t('login.tooMany')
          : status === 409
            ? t('identity.secondFactor.expired')
            : t('login.unavailable'),
    );
    window.setTimeout(() => errorRef.current?.focus(), 0);
  };

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setSetup(await identityApi.totpSetup(enrolling));
      setBusy(false);
    } catch (e) {
      fail(e);
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await identityApi.totpConfirm(enrolling, code.trim()));
    } catch (err) {
      fail(err);
    }
  }

  // The key in groups of four is easier to type into a phone.
  const grouped = setup?.secret.match(/.{1,4}/g)?.join(' ');

  return (
    <div>
      <div ref={errorRef} tabIndex={-1} role="alert" className={error ? 'notice notice--error' : undefined}>
        {error}
      </div>
      {!setup ? (
        <button type="button" className="button" onClick={() => void start()} disabled={busy}>
          {t('identity.totp.start')}
        </button>
      ) : (
        <form onSubmit={onSubmit} className="form" noValidate>
          <ol className="identity-steps">
            <li>{t('identity.totp.step1')}</li>
            <li>
              {t('identity.totp.step2')}{' '}
              <code className="identity-secret" data-testid="totp-secret">
                {grouped}
              </code>{' '}
              <a href={setup.uri}>{t('identity.totp.openInApp')}</a>
            </li>
            <li>{t('identity.totp.step3')}</li>
          </ol>
          <Field
            id={`${id}-code`}
            label={t('identity.secondFactor.code')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={8}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            required
          />
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('identity.totp.confirm')}
          </button>
        </form>
      )}
    </div>
  );
}
