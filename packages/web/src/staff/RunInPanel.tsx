import {
  formatNumber,
  measurementForValueCode,
  RUN_IN,
  type Thresholds,
  unitLabel,
  valueName,
} from '@hemma/core';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useLang } from '../i18n';
import { useAnnounce } from '../shared/Announcer';
import { Field } from '../shared/Field';
import { formatDate, formatDateTime, parseDecimal } from '../shared/format';
import { LoadState } from '../shared/LoadState';
import { useAsync } from '../shared/useAsync';
import { type RunInProposal, runInApi } from './runInApi';
import './runin.css';
import { FormButtons } from '../shared/FormButtons';

const LIMITS = ['redLow', 'yellowLow', 'yellowHigh', 'redHigh'] as const;
const YELLOW = ['yellowLow', 'yellowHigh'] as const;
type Mode = 'view' | 'edit' | 'reject';

/**
 * The staff patient page's run-in (inkörning) panel: personal yellow limits proposed from the patient's first
 * weeks, per value, with the limits in force, the usual value ± spread and what it rests on; the nurse accepts,
 * edits and accepts, or rejects. Hidden for patients without a run-in result.
 */
export function RunInPanel({ patientId, onDecided }: { patientId: string; onDecided?: () => void }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => runInApi.list(patientId, signal), [patientId]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const proposals = state.data?.proposals ?? [];
  if (!state.error && proposals.length === 0) return null;
  const pending = proposals.filter((p) => p.status === 'pending');
  const others = proposals.filter((p) => p.status !== 'pending');

  const decided = () => {
    state.reload();
    onDecided?.();
    // The decided item leaves the list: keep keyboard focus in the panel.
    headingRef.current?.focus();
  };

  return (
    <section className="card runin" aria-labelledby="runin-heading">
      <h2 id="runin-heading" ref={headingRef} tabIndex={-1}>
        {t('runin.heading')}
      </h2>
      <LoadState loading={false} error={state.error} onRetry={state.reload} />
      <p className="muted">{t('runin.intro', { days: RUN_IN.days })}</p>
      {pending.length > 0 && (
        <ul className="runin__list">
          {pending.map((p) => (
            <ProposalItem key={p.id} patientId={patientId} proposal={p} onDecided={decided} />
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <>
          <h3>{t('runin.results')}</h3>
          <ul className="runin__results">
            {others.map((p) => (
              <ResultLine key={p.id} proposal={p} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function useFormat() {
  const { t } = useTranslation();
  const lang = useLang();
  return (code: string, v: number | null | undefined) => {
    const def = measurementForValueCode(code);
    return typeof v === 'number'
      ? `${formatNumber(v, lang, def?.decimals)} ${def ? unitLabel(def, lang) : ''}`.trim()
      : t('runin.notSet');
  };
}

function ProposalItem({
  patientId,
  proposal: p,
  onDecided,
}: {
  patientId: string;
  proposal: RunInProposal;
  onDecided: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const announce = useAnnounce();
  const show = useFormat();
  const id = useId();
  const [mode, setMode] = useState<Mode>('view');
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = valueName(p.code, lang);
  const def = measurementForValueCode(p.code);
  const unit = def ? unitLabel(def, lang) : '';
  const current = p.current ?? {};
  const proposed = p.proposed ?? {};
  const headingId = `${id}-h`;

  function open(next: Mode) {
    setTexts(
      next === 'edit'
        ? Object.fromEntries(
            YELLOW.map((k) => [
              k,
              typeof proposed[k] === 'number' ? formatNumber(proposed[k] as number, lang) : '',
            ]),
          )
        : {},
    );
    setErrors({});
    setFormError(null);
    setMode(next);
  }

  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setFormError(null);
    try {
      await action();
      announce(done);
      onDecided();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        announce(t('runin.conflict'), 'assertive');
        onDecided();
      } else if (err instanceof ApiError && err.status === 400) {
        const byField: Record<string, string> = {};
        for (const issue of err.errors) {
          const k = YELLOW.find((y) => issue.field === y || issue.field === `thresholds.${y}`);
          if (k) byField[k] = t('runin.invalid');
        }
        setErrors(byField);
        setFormError(t('runin.invalid'));
      } else {
        setFormError(t('runin.failed'));
      }
    } finally {
      setBusy(false);
    }
  }

  function onEditSubmit(e: FormEvent) {
    e.preventDefault();
    const thresholds: Thresholds = {};
    const found: Record<string, string> = {};
    for (const k of YELLOW) {
      const text = texts[k]?.trim() ?? '';
      const v = text ? parseDecimal(text) : null;
      if (v !== null && !Number.isFinite(v)) found[k] = t('runin.notANumber');
      thresholds[k] = v;
    }
    setErrors(found);
    const first = YELLOW.find((k) => found[k]);
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    const note = texts.note?.trim();
    void run(
      () => runInApi.accept(patientId, p.id, { thresholds, ...(note ? { note } : {}) }),
      t('runin.accepted', { name }),
    );
  }

  function onRejectSubmit(e: FormEvent) {
    e.preventDefault();
    void run(
      () => runInApi.reject(patientId, p.id, texts.reason?.trim() || undefined),
      t('runin.rejected', { name }),
    );
  }

  const red = [
    `${t('runin.limits.redLow')} ${show(p.code, current.redLow)}`,
    `${t('runin.limits.redHigh')} ${show(p.code, current.redHigh)}`,
  ].join(', ');

  return (
    <li className="runin__item" aria-labelledby={headingId}>
      <h3 id={headingId}>{name}</h3>
      {p.usualBeyondRed && <p className="runin__review">{t('runin.reviewPlan')}</p>}
      <p>
        <strong>
          {t('runin.usual', {
            usual: formatNumber(p.usual ?? 0, lang, def?.decimals),
            spread: formatNumber(p.spread ?? 0, lang),
            unit,
          })}
        </strong>
        <br />
        <span className="muted">
          {t('runin.basis', {
            readings: p.readingsUsed,
            days: p.daysUsed,
            from: formatDate(p.runInFrom, lang),
            to: formatDate(new Date(new Date(p.runInTo).getTime() - 1), lang),
          })}
        </span>
      </p>
      <div className="table-wrap">
        <table className="table runin__table">
          <caption className="visually-hidden">{t('runin.limitsCaption', { name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('runin.limit')}</th>
              <th scope="col">{t('runin.now')}</th>
              <th scope="col">{t('runin.proposed')}</th>
            </tr>
          </thead>
          <tbody>
            {LIMITS.map((k) => {
              const changed = (current[k] ?? null) !== (proposed[k] ?? null);
              return (
                <tr key={k} className={changed ? 'runin__changed' : undefined}>
                  <th scope="row">{t(`runin.limits.${k}`)}</th>
                  <td>{show(p.code, current[k])}</td>
                  <td>
                    {changed ? <strong>{show(p.code, proposed[k])}</strong> : show(p.code, proposed[k])}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {formError && (
        <p className="notice notice--error" role="alert">
          {formError}
        </p>
      )}
      {mode === 'view' && (
        <div className="button-row">
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() =>
              void run(() => runInApi.accept(patientId, p.id, {}), t('runin.accepted', { name }))
            }
          >
            {t('runin.accept')}
            <span className="visually-hidden"> – {name}</span>
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => open('edit')}>
            {t('runin.edit')}
            <span className="visually-hidden"> – {name}</span>
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => open('reject')}>
            {t('runin.reject')}
            <span className="visually-hidden"> – {name}</span>
          </button>
        </div>
      )}
      {mode === 'edit' && (
        <form className="form runin__form" onSubmit={onEditSubmit} noValidate>
          <fieldset>
            <legend>{t('runin.editLegend', { name })}</legend>
            <p className="field__hint">{t('runin.redUnchanged', { red })}</p>
            <div className="runin__fields">
              {YELLOW.map((k) => (
                <Field
                  key={k}
                  id={`${id}-${k}`}
                  label={t(`runin.limits.${k}`)}
                  inputMode="decimal"
                  autoComplete="off"
                  suffix={unit}
                  value={texts[k] ?? ''}
                  error={errors[k]}
                  onChange={(e) => setTexts((prev) => ({ ...prev, [k]: e.target.value }))}
                />
              ))}
            </div>
            <Field
              id={`${id}-note`}
              label={t('runin.note')}
              hint={t('runin.noteHint')}
              maxLength={500}
              value={texts.note ?? ''}
              onChange={(e) => setTexts((prev) => ({ ...prev, note: e.target.value }))}
            />
          </fieldset>
          <FormButtons submit={t('runin.save')} busy={busy} onCancel={() => setMode('view')} />
        </form>
      )}
      {mode === 'reject' && (
        <form className="form runin__form" onSubmit={onRejectSubmit} noValidate>
          <Field
            id={`${id}-reason`}
            label={t('runin.rejectReason')}
            maxLength={1000}
            value={texts.reason ?? ''}
            onChange={(e) => setTexts((prev) => ({ ...prev, reason: e.target.value }))}
          />
          <FormButtons submit={t('runin.confirmReject')} busy={busy} onCancel={() => setMode('view')} />
        </form>
      )}
    </li>
  );
}

function ResultLine({ proposal: p }: { proposal: RunInProposal }) {
  const { t } = useTranslation();
  const lang = useLang();
  const show = useFormat();
  const name = valueName(p.code, lang);
  const at = p.decidedAt ? formatDateTime(p.decidedAt, lang) : '';
  const status =
    p.status === 'insufficient'
      ? t('runin.status.insufficient', {
          readings: p.readingsUsed,
          days: p.daysUsed,
          minReadings: p.minReadings,
          minDays: p.minDays,
        })
      : t(`runin.status.${p.status}`, { by: p.decidedBy ?? '–', at });
  const limits = p.accepted ?? (p.status === 'unchanged' ? p.current : null);
  return (
    <li>
      <strong>{name}</strong>: {status}
      {limits && (
        <span className="muted">
          {' '}
          ({YELLOW.map((k) => `${t(`runin.limits.${k}`)} ${show(p.code, limits[k])}`).join(', ')})
        </span>
      )}
      {p.decisionReason && <span className="muted"> {t('runin.reason', { reason: p.decisionReason })}</span>}
    </li>
  );
}
