import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import type { LoginResult, Me } from '../apiTypes';
import { Field } from '../shared/Field';
import { identityApi } from './identityApi';
import { isCancelled, loginWithPasskey, passkeysSupported } from './passkeys';

/** The second login step after a right password: a code from the authenticator app, or a passkey. */
export function SecondFactorStep({
  methods,
  onDone,
}: {
  methods: ('totp' | 'passkey')[];
  onDone: (me: Me) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  async function run(step: () => Promise<LoginResult>) {
    setBusy(true);
    setError(null);
    try {
      const result = await step();
      if (result.stage === 'complete') onDone(result);
    } catch (e) {
      setBusy(false);
      if (isCancelled(e)) return;
      const status = e instanceof ApiError ? e.status : 0;
      setError(
        status === 401
          ? t('identity.secondFactor.wrong')
          : status === 429
            ? t('login.tooMany')
            : status === 409
              ? t('identity.secondFactor.expired')
              : t('login.unavailable'),
      );
      window.setTimeout(() => errorRef.current?.focus(), 0);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void run(() => identityApi.totpLogin(code.trim()));
  }

  return (
    <div>
      <div ref={errorRef} tabIndex={-1} role="alert" className={error ? 'notice notice--error' : undefined}>
        {error}
      </div>
      {methods.includes('totp') && (
        <form onSubmit={onSubmit} className="form" noValidate>
          <Field
            id={`${id}-code`}
            label={t('identity.secondFactor.code')}
            hint={t('identity.secondFactor.codeHint')}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={8}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            required
          />
          <button type="submit" className="button button--primary button--large" disabled={busy}>
            {t('identity.secondFactor.submit')}
          </button>
        </form>
      )}
      {methods.includes('passkey') && passkeysSupported() && (
        <div className="button-row">
          <button
            type="button"
            className={`button button--large${methods.includes('totp') ? '' : ' button--primary'}`}
            disabled={busy}
            onClick={() => void run(loginWithPasskey)}
          >
            {t('identity.secondFactor.usePasskey')}
          </button>
        </div>
      )}
    </div>
  );
}
