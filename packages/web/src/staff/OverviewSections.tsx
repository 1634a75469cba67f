import { describeReasons, findMeasurement } from '@hemma/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useLang } from '../i18n';
import { formatDate, formatDateTime, todayDate } from '../shared/format';
import { LoadState } from '../shared/LoadState';
import { useAsync } from '../shared/useAsync';
import { workspaceApi } from './workspaceApi';

const problemText = (err: unknown, fallback: string) =>
  err instanceof ApiError && err.detail ? err.detail : fallback;

export interface Period {
  from: string;
  to: string;
}

/** Summary metrics of the period (core: home BP summary, glucose metrics, weight change, adherence). */
export function SummarySection({
  patientId,
  period,
  refreshKey,
}: {
  patientId: string;
  period: Period;
  refreshKey: number;
}) {
  const { t } = useTranslation();
  const s = useAsync(
    (signal) => workspaceApi.summary(patientId, period.from, period.to, signal),
    [patientId, period.from, period.to, refreshKey],
  );
  const d = s.data;
  return (
    <section className="card" aria-labelledby="ws-summary">
      <h2 id="ws-summary">{t('wsOverview.summary')}</h2>
      <LoadState loading={s.loading} error={s.error} onRetry={s.reload} />
      {d && (
        <dl className="ws-grid">
          <div>
            <dt>{t('wsOverview.homeBp')}</dt>
            <dd>
              {d.homeBp?.meanSystolic != null
                ? `${d.homeBp.meanSystolic}/${d.homeBp.meanDiastolic} mmHg`
                : '–'}
              {d.homeBp && (
                <span className="ws-sub">{t(`wsOverview.bpClass.${d.homeBp.classification}`)}</span>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('wsOverview.glucose')}</dt>
            <dd>
              {d.glucose ? `${d.glucose.mean.toFixed(1)} mmol/L` : '–'}
              {d.glucose && (
                <span className="ws-sub">{t('wsOverview.tir', { value: Math.round(d.glucose.tir) })}</span>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('wsOverview.weightChange')}</dt>
            <dd>
              {d.weightChange7d
                ? `${d.weightChange7d.change > 0 ? '+' : ''}${d.weightChange7d.change} kg`
                : '–'}
            </dd>
          </div>
          <div>
            <dt>{t('wsOverview.adherence')}</dt>
            <dd>
              {d.adherencePercent} %<span className="ws-sub">{t('wsOverview.days', { count: d.days })}</span>
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}

/** Values, alerts, messages, plan and threshold changes, medication changes and notes, newest first. */
export function TimelineSection({
  patientId,
  period,
  refreshKey,
}: {
  patientId: string;
  period: Period;
  refreshKey: number;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const tl = useAsync(
    (signal) => workspaceApi.timeline(patientId, period.from, period.to, signal),
    [patientId, period.from, period.to, refreshKey],
  );
  const [all, setAll] = useState(false);
  const entries = tl.data?.entries ?? [];
  const shown = all ? entries : entries.slice(0, 30);
  return (
    <section className="card" aria-labelledby="ws-timeline">
      <h2 id="ws-timeline">{t('wsOverview.timeline')}</h2>
      <LoadState loading={tl.loading} error={tl.error} onRetry={tl.reload} />
      {tl.data && entries.length === 0 && <p className="empty">{t('wsOverview.timelineEmpty')}</p>}
      <ul className="ws-timeline">
        {shown.map((e) => {
          const def = e.kind === 'value' && e.detail ? findMeasurement(e.detail) : undefined;
          const text =
            e.kind === 'value'
              ? `${def?.name[lang] ?? e.detail} ${e.values?.join('/') ?? ''} ${def?.unitDisplay ?? ''}`
              : e.kind === 'alert'
                ? describeReasons(e.reasons ?? [], lang)
                : e.kind === 'medication'
                  ? `${t(`wsOverview.med.${e.detail}`)}: ${e.text}`
                  : (e.text ?? '');
          return (
            <li key={`${e.kind}-${e.id}`}>
              <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time> ·{' '}
              <strong>{t(`wsOverview.kind.${e.kind}`)}</strong> {text}
              {e.by && <span className="ws-meta"> — {e.by}</span>}
            </li>
          );
        })}
      </ul>
      {entries.length > 30 && !all && (
        <button type="button" className="button button--quiet" onClick={() => setAll(true)}>
          {t('wsOverview.showAll', { count: entries.length })}
        </button>
      )}
    </section>
  );
}

/** The medication list kept by staff; start and stop dates annotate the trend charts. */
export function MedicationsSection({ patientId, onChanged }: { patientId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const meds = useAsync((signal) => workspaceApi.medications(patientId, signal), [patientId]);
  const today = todayDate();
  const [form, setForm] = useState({ drug: '', dose: '', startedOn: today, reason: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!form.drug.trim() || !form.dose.trim()) {
      setError(t('medications.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await workspaceApi.addMedication(patientId, {
        drug: form.drug,
        dose: form.dose,
        startedOn: form.startedOn,
        ...(form.reason.trim() ? { reason: form.reason } : {}),
      });
      setForm({ drug: '', dose: '', startedOn: today, reason: '' });
      meds.reload();
      onChanged();
    } catch (err) {
      setError(problemText(err, t('medications.failed')));
    } finally {
      setBusy(false);
    }
  }

  async function stop(medId: string) {
    await workspaceApi.stopMedication(patientId, medId, today);
    meds.reload();
    onChanged();
  }

  const field = (name: keyof typeof form, label: string, type = 'text') => (
    <div className="field">
      <label className="field__label" htmlFor={`${id}-${name}`}>
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        className="input"
        type={type}
        value={form[name]}
        onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))}
      />
    </div>
  );

  return (
    <section className="card" aria-labelledby="ws-meds">
      <h2 id="ws-meds">{t('medications.title')}</h2>
      <LoadState loading={meds.loading} error={meds.error} onRetry={meds.reload} />
      {meds.data && meds.data.medications.length === 0 && <p className="empty">{t('medications.none')}</p>}
      {meds.data && meds.data.medications.length > 0 && (
        <div className="ws-scroll">
          <table className="ws-table">
            <thead>
              <tr>
                <th scope="col">{t('medications.drug')}</th>
                <th scope="col">{t('medications.dose')}</th>
                <th scope="col">{t('medications.period')}</th>
                <th scope="col">{t('medications.reason')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('medications.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {meds.data.medications.map((m) => (
                <tr key={m.id}>
                  <td>{m.drug}</td>
                  <td>{m.dose}</td>
                  <td>
                    {formatDate(m.startedOn, lang)} – {m.stoppedOn ? formatDate(m.stoppedOn, lang) : ''}
                  </td>
                  <td>{m.reason ?? ''}</td>
                  <td>
                    {!m.stoppedOn && (
                      <button type="button" className="button button--quiet" onClick={() => stop(m.id)}>
                        {t('medications.stop')}
                        <span className="visually-hidden"> {m.drug}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="ws-form-row" onSubmit={add} noValidate>
        {field('drug', t('medications.drug'))}
        {field('dose', t('medications.dose'))}
        {field('startedOn', t('medications.startedOn'), 'date')}
        {field('reason', t('medications.reason'))}
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('medications.add')}
        </button>
      </form>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** Staff notes: short free text, shown in the timeline and the export. */
export function NotesSection({ patientId, onChanged }: { patientId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const notes = useAsync((signal) => workspaceApi.notes(patientId, signal), [patientId]);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!body.trim()) {
      setError(t('wsNotes.required'));
      return;
    }
    setError(null);
    try {
      await workspaceApi.addNote(patientId, body);
      setBody('');
      notes.reload();
      onChanged();
    } catch (err) {
      setError(problemText(err, t('wsNotes.failed')));
    }
  }

  return (
    <section className="card" aria-labelledby="ws-notes">
      <h2 id="ws-notes">{t('wsNotes.title')}</h2>
      <form className="form" onSubmit={add} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-body`}>
            {t('wsNotes.new')}
          </label>
          <textarea
            id={`${id}-body`}
            className="input textarea"
            rows={3}
            maxLength={4000}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        </div>
        {error && (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="button button--primary">
            {t('wsNotes.add')}
          </button>
        </div>
      </form>
      <ul className="ws-timeline">
        {(notes.data?.notes ?? []).slice(0, 10).map((n) => (
          <li key={n.id}>
            <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, lang)}</time> · {n.author}: {n.body}
          </li>
        ))}
      </ul>
    </section>
  );
}
