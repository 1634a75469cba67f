import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, request } from '../api';
import { Dialog } from '../shared/Dialog';
import { PageTitle } from '../shared/PageTitle';

type Lookup = { patientId: string; relationship: 'care' | 'emergency' | 'none' };

const MIN_REASON = 10;

/**
 * Finding a patient by personnummer. Without a care relationship the staff member may take
 * emergency access (nödåtkomst): a stated reason, a few hours, every access flagged for follow-up.
 */
export function EmergencyAccessPage() {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const [pnr, setPnr] = useState('');
  const [result, setResult] = useState<Lookup | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toPatient = (patientId: string) => navigate(`/staff/patients/${encodeURIComponent(patientId)}`);

  async function onSearch(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setResult(null);
    try {
      const found = await request<Lookup>('POST', '/api/staff/patient-lookup', {
        body: { personnummer: pnr.trim() },
      });
      if (found.relationship === 'none') setResult(found);
      else toPatient(found.patientId);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setError(
        t(
          status === 400
            ? 'access.lookup.invalid'
            : status === 404
              ? 'access.lookup.notFound'
              : 'access.lookup.failed',
        ),
      );
    }
  }

  async function onConfirm(e: FormEvent) {
    e.preventDefault();
    if (!result) return;
    if (reason.trim().length < MIN_REASON) {
      setReasonError(t('access.emergency.reasonTooShort', { count: MIN_REASON }));
      return;
    }
    setBusy(true);
    try {
      await request('POST', '/api/staff/emergency-access', {
        body: { patientId: result.patientId, reason: reason.trim() },
      });
      setOpen(false);
      toPatient(result.patientId);
    } catch {
      setReasonError(t('access.emergency.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="narrow">
      <PageTitle title={t('access.lookup.title')}>{t('access.lookup.title')}</PageTitle>
      <p>{t('access.lookup.intro')}</p>
      <form onSubmit={onSearch} noValidate className="card">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-pnr`}>
            {t('access.lookup.label')}
          </label>
          <p className="field__hint" id={`${id}-pnr-hint`}>
            {t('access.lookup.hint')}
          </p>
          <input
            id={`${id}-pnr`}
            className="input"
            inputMode="numeric"
            autoComplete="off"
            aria-describedby={`${id}-pnr-hint`}
            value={pnr}
            onChange={(e) => setPnr(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary">
          {t('access.lookup.submit')}
        </button>
      </form>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div className="notice" role="status">
          <p>{t('access.lookup.noRelationship')}</p>
          <button type="button" className="button" onClick={() => setOpen(true)}>
            {t('access.emergency.open')}
          </button>
        </div>
      )}
      <Dialog open={open} title={t('access.emergency.title')} onClose={() => setOpen(false)}>
        <form onSubmit={onConfirm} noValidate>
          <p>{t('access.emergency.explain')}</p>
          <div className={reasonError ? 'field field--error' : 'field'}>
            <label className="field__label" htmlFor={`${id}-reason`}>
              {t('access.emergency.reason')}
            </label>
            <textarea
              id={`${id}-reason`}
              className="input"
              rows={3}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? `${id}-reason-error` : undefined}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            {reasonError && (
              <p className="field__error" id={`${id}-reason-error`}>
                {reasonError}
              </p>
            )}
          </div>
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('access.emergency.confirm')}
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
