import { findMeasurement } from '@hemma/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useLang } from '../i18n';
import { useAnnounce } from '../shared/Announcer';
import { Dialog } from '../shared/Dialog';
import { Field } from '../shared/Field';
import { formatDateTime, parseDecimal } from '../shared/format';
import { LoadState } from '../shared/LoadState';
import { useAsync } from '../shared/useAsync';
import type { Period } from './OverviewSections';
import { type RecordValue, workspaceApi } from './workspaceApi';

/**
 * Validation into the record: review the period's values, validate them (signed by the logged-in
 * user), correct a validated value (a new version; the old one stays, shown as corrected), export the
 * period as a FHIR document or PDF, and see what has been exported, when and by whom.
 */
export function RecordSection({
  patientId,
  period,
  onChanged,
}: {
  patientId: string;
  period: Period;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const announce = useAnnounce();
  const [tick, setTick] = useState(0);
  const values = useAsync(
    (signal) => workspaceApi.recordValues(patientId, period.from, period.to, signal),
    [patientId, period.from, period.to, tick],
  );
  const exports = useAsync((signal) => workspaceApi.exports(patientId, signal), [patientId, tick]);
  const [correcting, setCorrecting] = useState<RecordValue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pending = (values.data?.values ?? []).filter((v) => v.status === 'preliminary').length;

  async function validate() {
    setError(null);
    try {
      const res = await workspaceApi.validate(patientId, period.from, period.to);
      announce(t('validation.done', { count: res.validated.length }), 'polite');
      setTick((n) => n + 1);
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError && err.detail ? err.detail : t('validation.failed'));
    }
  }

  async function exportAs(format: 'fhir-document' | 'pdf') {
    setError(null);
    try {
      await workspaceApi.exportRecord(patientId, format, period.from, period.to);
      announce(t('validation.exported'), 'polite');
      setTick((n) => n + 1);
    } catch {
      setError(t('validation.exportFailed'));
    }
  }

  const status = (v: RecordValue) =>
    v.supersededBy ? t('validation.status.superseded') : t(`validation.status.${v.status}`);

  return (
    <section className="card" aria-labelledby="ws-record">
      <h2 id="ws-record">{t('validation.title')}</h2>
      <p>{t('validation.pending', { count: pending })}</p>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={validate} disabled={pending === 0}>
          {t('validation.validate', { count: pending })}
        </button>
        <button type="button" className="button" onClick={() => exportAs('fhir-document')}>
          {t('validation.exportFhir')}
        </button>
        <button type="button" className="button" onClick={() => exportAs('pdf')}>
          {t('validation.exportPdf')}
        </button>
      </div>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <LoadState loading={values.loading} error={values.error} onRetry={values.reload} />
      {values.data && values.data.values.length > 0 && (
        <details>
          <summary>{t('validation.values', { count: values.data.values.length })}</summary>
          <div className="ws-scroll">
            <table className="ws-table">
              <thead>
                <tr>
                  <th scope="col">{t('validation.time')}</th>
                  <th scope="col">{t('validation.value')}</th>
                  <th scope="col">{t('validation.statusLabel')}</th>
                  <th scope="col">{t('validation.validatedBy')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('validation.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {values.data.values
                  .slice()
                  .reverse()
                  .map((v) => {
                    const def = findMeasurement(v.code);
                    const gone = !!v.supersededBy || v.status === 'entered-in-error';
                    return (
                      <tr key={v.id}>
                        <td>{formatDateTime(v.effectiveAt, lang)}</td>
                        <td className={gone ? 'ws-superseded' : undefined}>
                          {def?.name[lang] ?? v.code} {v.values.join('/')} {def?.unitDisplay ?? v.unit}
                        </td>
                        <td>
                          {status(v)}
                          {v.correctionReason && <span className="ws-meta"> ({v.correctionReason})</span>}
                        </td>
                        <td>
                          {v.validated ? `${v.validated.by} (${t(`wsRole.${v.validated.role}`)})` : '–'}
                        </td>
                        <td>
                          {!gone && (
                            <button
                              type="button"
                              className="button button--quiet"
                              onClick={() => setCorrecting(v)}
                            >
                              {t('validation.correct')}
                              <span className="visually-hidden"> {formatDateTime(v.effectiveAt, lang)}</span>
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
              </tbody>
            </table>
          </div>
        </details>
      )}
      <h3>{t('validation.exportLog')}</h3>
      {exports.data && exports.data.exports.length === 0 && (
        <p className="empty">{t('validation.noExports')}</p>
      )}
      <ul className="ws-timeline" aria-label={t('validation.exportLog')}>
        {(exports.data?.exports ?? []).map((x) => (
          <li key={x.id}>
            {t('validation.exportEntry', {
              format: x.format === 'pdf' ? 'PDF' : 'FHIR',
              at: formatDateTime(x.at, lang),
              by: x.by,
              role: t(`wsRole.${x.role}`),
            })}
          </li>
        ))}
      </ul>
      <CorrectionDialog
        patientId={patientId}
        value={correcting}
        onClose={() => setCorrecting(null)}
        onDone={() => {
          setCorrecting(null);
          setTick((n) => n + 1);
          onChanged();
        }}
      />
    </section>
  );
}

function CorrectionDialog({
  patientId,
  value,
  onClose,
  onDone,
}: {
  patientId: string;
  value: RecordValue | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const [inputs, setInputs] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [inError, setInError] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const def = value ? findMeasurement(value.code) : undefined;
  const labels = def?.components?.map((c) => c.name) ?? (def ? [def.name] : []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!value) return;
    if (reason.trim().length < 3) {
      setError(t('validation.reasonNeeded'));
      return;
    }
    let numbers: number[] | undefined;
    if (!inError) {
      numbers = value.values.map((old, i) => (inputs[i]?.trim() ? parseDecimal(inputs[i]!) : old));
      if (numbers.some((n) => Number.isNaN(n))) {
        setError(t('validation.badNumber'));
        return;
      }
    }
    try {
      await workspaceApi.correct(patientId, value.id, {
        reason: reason.trim(),
        ...(inError ? { enteredInError: true } : { values: numbers }),
      });
      setInputs([]);
      setReason('');
      setInError(false);
      setError(null);
      onDone();
    } catch (err) {
      setError(err instanceof ApiError && err.detail ? err.detail : t('validation.failed'));
    }
  }

  return (
    <Dialog open={value !== null} title={t('validation.correctTitle')} onClose={onClose}>
      {value && (
        <form className="form" onSubmit={submit} noValidate>
          <label className="ws-check">
            <input type="checkbox" checked={inError} onChange={(e) => setInError(e.target.checked)} />
            {t('validation.enteredInError')}
          </label>
          {!inError &&
            value.values.map((old, i) => (
              <Field
                key={labels[i]?.en ?? i}
                id={`${id}-v${i}`}
                label={labels[i]?.[lang] ?? t('validation.value')}
                inputMode="decimal"
                placeholder={String(old)}
                value={inputs[i] ?? ''}
                onChange={(e) =>
                  setInputs((prev) => {
                    const next = [...prev];
                    next[i] = e.target.value;
                    return next;
                  })
                }
              />
            ))}
          <Field
            id={`${id}-reason`}
            label={t('validation.reason')}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          {error && (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="button button--primary">
              {t('validation.saveCorrection')}
            </button>
            <button type="button" className="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
