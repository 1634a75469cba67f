import {
  findMeasurement,
  formatNumber,
  type MeasurementDef,
  possibleRange,
  unitLabel,
  valueName,
} from '@hemma/core';
import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, newIdempotencyKey } from '../api';
import type { MeasurementResult, MeasurementsBody } from '../apiTypes';
import { useLang } from '../i18n';
import { ChoiceGroup } from '../shared/ChoiceGroup';
import { COMPANIONS } from '../shared/catalogue';
import { Field } from '../shared/Field';
import { toLocalInputValue } from '../shared/format';
import { assignIssues, issueMessage } from '../shared/issues';
import { buildRequest, checkField, fieldsFor, looksImplausible } from './formModel';

interface MeasurementFormProps {
  def: MeasurementDef;
  save: (body: MeasurementsBody, idempotencyKey: string) => Promise<{ results: MeasurementResult[] }>;
  onSaved: (results: MeasurementResult[]) => void;
  /** Who types the values in: staff entering them on the patient's behalf get questions about "the
   *  patient" instead of "you". */
  audience?: 'patient' | 'staff';
}

type When = 'now' | 'earlier';

export function MeasurementForm({ def, save, onSaved, audience = 'patient' }: MeasurementFormProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const textRoot = audience === 'staff' ? 'staffEntry.form' : 'record';

  const defs = useMemo(() => {
    const companionCode = COMPANIONS[def.loinc];
    const companion = companionCode ? findMeasurement(companionCode) : undefined;
    return [{ def, optional: false }, ...(companion ? [{ def: companion, optional: true }] : [])];
  }, [def]);
  const fields = useMemo(() => fieldsFor(defs), [defs]);

  const [texts, setTexts] = useState<Record<string, string>>({});
  const [units, setUnits] = useState<Record<string, string>>(() =>
    Object.fromEntries(defs.map(({ def: d }) => [d.loinc, d.unit])),
  );
  const [when, setWhen] = useState<When>('now');
  const [time, setTime] = useState(() => toLocalInputValue(new Date()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [networkFailed, setNetworkFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  // One key per submission: kept across retries of the same values, dropped as soon as anything changes,
  // so a lost answer never stores the measurement twice.
  const keyRef = useRef<string | null>(null);

  const changed = () => {
    keyRef.current = null;
    setNetworkFailed(false);
  };

  const fieldId = (code: string) => `${id}-${code}`;

  /** "20–200 mmHg" for a field, from the catalogue; only when the chosen unit is the canonical one,
   *  since the catalogue ranges are in canonical units. */
  function allowedText(code: string): string | undefined {
    const field = fields.find((f) => f.code === code);
    if (!field) return undefined;
    const def = field.measurement;
    if ((units[def.loinc] ?? def.unit) !== def.unit) return undefined;
    const range = possibleRange(code) ?? def.possible;
    return t('errors.range', {
      min: formatNumber(range.min, lang, def.decimals),
      max: formatNumber(range.max, lang, def.decimals),
      unit: unitLabel(def, lang),
    });
  }

  function focusFirstError(found: Record<string, string>) {
    window.setTimeout(() => {
      const first = fields.find((f) => found[f.code]);
      const el = first
        ? document.getElementById(fieldId(first.code))
        : formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .notice--error');
      el?.focus();
    }, 0);
  }

  function validate(): { values: Record<string, number | undefined>; found: Record<string, string> } {
    const values: Record<string, number | undefined> = {};
    const found: Record<string, string> = {};
    for (const f of fields) {
      const check = checkField(texts[f.code]);
      if (check.kind === 'ok') values[f.code] = check.value;
      else if (check.kind === 'nan') found[f.code] = t('record.errors.notANumber');
      else if (!f.optional) found[f.code] = t('record.errors.required');
    }
    if (when === 'earlier') {
      const date = new Date(time);
      if (!time || Number.isNaN(date.getTime())) found.time = t('record.errors.time');
      else if (date.getTime() > Date.now() + 60_000) found.time = t('record.errors.future');
    }
    return { values, found };
  }

  async function submit() {
    const { values, found } = validate();
    setErrors(found);
    setFormErrors([]);
    if (Object.keys(found).length > 0) {
      focusFirstError(found);
      return;
    }
    const built = buildRequest(
      defs.map((d) => d.def),
      values,
      units,
    );
    const body: MeasurementsBody = { measurements: built.measurements };
    if (when === 'earlier') body.effectiveAt = new Date(time).toISOString();
    keyRef.current ??= newIdempotencyKey();

    setBusy(true);
    setNetworkFailed(false);
    try {
      const { results } = await save(body, keyRef.current);
      keyRef.current = null;
      onSaved(results);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.status === 400 && e.errors.length > 0) {
        const { byField, rest } = assignIssues(e.errors, [
          ...built.paths,
          { path: 'effectiveAt', field: 'time' },
        ]);
        const mapped = Object.fromEntries(
          Object.entries(byField).map(([k, v]) => [k, issueMessage(v, t, allowedText(k))]),
        );
        setErrors(mapped);
        setFormErrors(rest.map((issue) => issueMessage(issue, t)));
        focusFirstError(mapped);
      } else if (e instanceof ApiError && e.status === 0) {
        setNetworkFailed(true);
      } else {
        setFormErrors([t('record.errors.server')]);
        focusFirstError({});
      }
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void submit();
  }

  return (
    <form ref={formRef} className="form" onSubmit={onSubmit} noValidate>
      {formErrors.length > 0 && (
        <div className="notice notice--error" role="alert" tabIndex={-1}>
          {formErrors.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}

      {defs.map(({ def: d }) =>
        d.inputUnits.length > 1 ? (
          <ChoiceGroup
            key={`unit-${d.loinc}`}
            legend={t('record.unit')}
            options={d.inputUnits.map((u) => ({ value: u.ucum, label: u.display }))}
            value={units[d.loinc] ?? d.unit}
            onChange={(ucum) => {
              changed();
              setUnits((prev) => ({ ...prev, [d.loinc]: ucum }));
            }}
            error={errors[`unit:${d.loinc}`]}
          />
        ) : null,
      )}

      {fields.map((f) => {
        const unit = units[f.measurement.loinc] ?? f.measurement.unit;
        const unitDisplay =
          f.measurement.inputUnits.find((u) => u.ucum === unit)?.display ?? unitLabel(f.measurement, lang);
        const check = checkField(texts[f.code]);
        const implausible = check.kind === 'ok' && looksImplausible(f, unit, check.value);
        const label = t(`record.label.${f.code}`, { defaultValue: valueName(f.code, lang) });
        return (
          <Field
            key={f.code}
            id={fieldId(f.code)}
            label={f.optional ? t(`${textRoot}.optionalLabel`, { label }) : label}
            hint={f.optional ? t(`${textRoot}.optionalHint`) : undefined}
            warning={implausible ? t('record.implausible') : undefined}
            error={errors[f.code]}
            suffix={unitDisplay}
            inputMode="decimal"
            autoComplete="off"
            className="field--number"
            value={texts[f.code] ?? ''}
            onChange={(e) => {
              changed();
              setTexts((prev) => ({ ...prev, [f.code]: e.target.value }));
            }}
          />
        );
      })}

      <ChoiceGroup<When>
        legend={t(`${textRoot}.when`)}
        options={[
          { value: 'now', label: t('record.whenNow') },
          { value: 'earlier', label: t('record.whenEarlier') },
        ]}
        value={when}
        onChange={(v) => {
          changed();
          setWhen(v);
        }}
      />
      {when === 'earlier' && (
        <Field
          id={fieldId('time')}
          label={t('record.time')}
          type="datetime-local"
          max={toLocalInputValue(new Date())}
          value={time}
          error={errors.time}
          onChange={(e) => {
            changed();
            setTime(e.target.value);
          }}
        />
      )}

      {networkFailed && (
        <div className="notice notice--error" role="alert">
          <p>{t('record.errors.network')}</p>
        </div>
      )}
      <button type="submit" className="button button--primary button--large" disabled={busy}>
        {busy ? t('record.saving') : networkFailed ? t('record.retry') : t('record.save')}
      </button>
    </form>
  );
}
