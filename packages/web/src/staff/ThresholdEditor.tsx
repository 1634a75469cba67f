import { formatNumber, type MeasurementDef, type Thresholds, unitLabel, valueName } from '@hemma/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api';
import type { ThresholdEntry } from '../apiTypes';
import { useLang } from '../i18n';
import { AdviceFields, adviceFromTexts, adviceTexts } from '../plans/AdviceFields';
import { useAnnounce } from '../shared/Announcer';
import { Field } from '../shared/Field';
import { formatDateTime, parseDecimal } from '../shared/format';
import { assignIssues, issueMessage } from '../shared/issues';

const LIMITS = ['redLow', 'yellowLow', 'yellowHigh', 'redHigh'] as const;
type Limit = (typeof LIMITS)[number];

interface ThresholdItemProps {
  patientId: string;
  def: MeasurementDef;
  code: string;
  entry: ThresholdEntry | undefined;
  onSaved: (entry: ThresholdEntry) => void;
}

/** Limits for one value, shown as text with an in-place edit form (a reason is required by the server). */
function ThresholdItem({ patientId, def, code, entry, onSaved }: ThresholdItemProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const announce = useAnnounce();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = valueName(code, lang);
  const current = entry?.thresholds ?? {};
  const show = (v: number | null | undefined) =>
    typeof v === 'number'
      ? `${formatNumber(v, lang, def.decimals)} ${unitLabel(def, lang)}`
      : t('thresholds.notSet');

  function startEdit() {
    setTexts({
      ...Object.fromEntries(
        LIMITS.map((k) => [
          k,
          typeof current[k] === 'number' ? formatNumber(current[k] as number, lang) : '',
        ]),
      ),
      reason: '',
      ...adviceTexts(entry?.advice),
    });
    setErrors({});
    setFormError(null);
    setEditing(true);
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    const thresholds: Thresholds = {};
    for (const k of LIMITS) {
      const text = texts[k]?.trim() ?? '';
      const value = text ? parseDecimal(text) : null;
      if (value !== null && !Number.isFinite(value)) found[k] = t('errors.notANumber');
      thresholds[k] = value;
    }
    const reason = texts.reason?.trim() ?? '';
    if (!reason) found.reason = t('thresholds.reasonRequired');
    const { advice, missing } = adviceFromTexts(texts);
    for (const key of missing) found[key] = t('plans.advice.missing');
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) {
      document.getElementById(`${id}-${LIMITS.find((k) => found[k]) ?? 'reason'}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const saved = await api.staff.setThresholds(patientId, code, { thresholds, reason, advice });
      onSaved(saved);
      setEditing(false);
      announce(t('thresholds.saved', { name }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const { byField, rest } = assignIssues(err.errors, [
          ...LIMITS.map((k) => ({ path: `thresholds.${k}`, field: k })),
          ...LIMITS.map((k) => ({ path: k, field: k })),
          { path: 'reason', field: 'reason' },
        ]);
        setErrors(Object.fromEntries(Object.entries(byField).map(([k, v]) => [k, issueMessage(v, t)])));
        setFormError(rest.length || !err.errors.length ? t('thresholds.invalid') : null);
      } else {
        setFormError(t('thresholds.failed'));
      }
    } finally {
      setBusy(false);
    }
  }

  const origin =
    entry?.source === 'plan'
      ? t('plans.advice.fromPlan')
      : entry?.isDefault
        ? t('thresholds.isDefault')
        : t('thresholds.changed', {
            by: entry?.changedBy ?? '–',
            at: entry?.changedAt ? formatDateTime(entry.changedAt, lang) : '–',
            reason: entry?.reason ?? '–',
          });

  return (
    <div className="threshold-item">
      <h4>{name}</h4>
      {editing ? (
        <form className="form threshold-form" onSubmit={onSubmit} noValidate>
          {formError && (
            <p className="notice notice--error" role="alert">
              {formError}
            </p>
          )}
          <div className="threshold-form__grid">
            {LIMITS.map((k: Limit) => (
              <Field
                key={k}
                id={`${id}-${k}`}
                label={t(`thresholds.${k}`)}
                inputMode="decimal"
                autoComplete="off"
                suffix={unitLabel(def, lang)}
                value={texts[k] ?? ''}
                error={errors[k]}
                onChange={(e) => setTexts((p) => ({ ...p, [k]: e.target.value }))}
              />
            ))}
          </div>
          <Field
            id={`${id}-reason`}
            label={t('thresholds.reason')}
            hint={t('thresholds.reasonHint')}
            required
            value={texts.reason ?? ''}
            error={errors.reason}
            onChange={(e) => setTexts((p) => ({ ...p, reason: e.target.value }))}
          />
          <AdviceFields
            idBase={`${id}-advice`}
            texts={texts}
            errors={errors}
            onChange={(key, value) => setTexts((p) => ({ ...p, [key]: value }))}
          />
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('thresholds.save')}
            </button>
            <button type="button" className="button" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <dl className="facts facts--compact">
            {LIMITS.map((k) => (
              <div key={k}>
                <dt>{t(`thresholds.${k}`)}</dt>
                <dd>{show(current[k])}</dd>
              </div>
            ))}
          </dl>
          <p className="muted">{origin}</p>
          <button type="button" className="button" onClick={startEdit}>
            {t('thresholds.edit', { name })}
          </button>
        </>
      )}
    </div>
  );
}

interface ThresholdEditorProps {
  patientId: string;
  def: MeasurementDef;
  codes: string[];
  entries: ThresholdEntry[];
  onSaved: (entry: ThresholdEntry) => void;
}

export function ThresholdEditor({ patientId, def, codes, entries, onSaved }: ThresholdEditorProps) {
  const { t } = useTranslation();
  return (
    <div className="thresholds">
      <h3>{t('thresholds.title')}</h3>
      <div className="thresholds__items">
        {codes.map((code) => (
          <ThresholdItem
            key={code}
            patientId={patientId}
            def={def}
            code={code}
            entry={entries.find((e) => e.code === code)}
            onSaved={onSaved}
          />
        ))}
      </div>
    </div>
  );
}
