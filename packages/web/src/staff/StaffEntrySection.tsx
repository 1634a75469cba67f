import { describeReasons, findMeasurement } from '@hemma/core';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { MeasurementResult, MeasurementsBody } from '../apiTypes';
import { useLang } from '../i18n';
import { MeasurementForm } from '../patient/MeasurementForm';
import { ChoiceGroup } from '../shared/ChoiceGroup';
import { PATIENT_MEASUREMENTS } from '../shared/catalogue';
import { worstSeverity } from '../shared/results';
import { SavedValues } from '../shared/SavedValues';
import { SeverityBadge, SeverityIcon } from '../shared/SeverityBadge';

interface StaffEntrySectionProps {
  patientId: string;
  /** What the patient is monitored with: the first of these is offered first. */
  measurementCodes: string[];
  onSaved: (results: MeasurementResult[]) => void;
}

function defaultKey(codes: string[]): string {
  const monitored = PATIENT_MEASUREMENTS.find((m) => codes.includes(m.loinc));
  return (monitored ?? PATIENT_MEASUREMENTS[0])?.key ?? 'bp';
}

/** "Registrera värde åt patienten": staff type in a value after a phone call or a home visit. The form
 *  is the patient's own; the value is stored with source `staff` and the staff member as entered-by. */
export function StaffEntrySection({ patientId, measurementCodes, onSaved }: StaffEntrySectionProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const panelId = useId();
  const headingId = useId();
  const openerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(() => defaultKey(measurementCodes));
  const [results, setResults] = useState<MeasurementResult[] | null>(null);
  // A fresh form (empty fields, new idempotency key) for every new entry.
  const [round, setRound] = useState(0);
  const def = findMeasurement(key);

  const save = useCallback(
    (body: MeasurementsBody, idempotencyKey: string) =>
      api.staff.saveMeasurements(patientId, body, idempotencyKey),
    [patientId],
  );

  function focusChoice() {
    window.setTimeout(() => panelRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus(), 0);
  }

  function start() {
    setResults(null);
    setRound((n) => n + 1);
    setOpen(true);
    focusChoice();
  }

  function close() {
    setOpen(false);
    setResults(null);
    window.setTimeout(() => openerRef.current?.focus(), 0);
  }

  function saved(r: MeasurementResult[]) {
    setResults(r);
    onSaved(r);
  }

  return (
    <section className="card staff-entry" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('staffEntry.title')}</h2>
      {!open ? (
        <>
          <p className="muted">{t('staffEntry.intro')}</p>
          <button
            ref={openerRef}
            type="button"
            className="button button--primary"
            aria-expanded={false}
            aria-controls={panelId}
            onClick={start}
          >
            {t('staffEntry.open')}
          </button>
        </>
      ) : (
        <div id={panelId} ref={panelRef} className="staff-entry__panel">
          {results ? (
            <StaffFeedback results={results} onAnother={start} onClose={close} />
          ) : (
            <>
              <ChoiceGroup
                legend={t('staffEntry.measurement')}
                options={PATIENT_MEASUREMENTS.map((m) => ({ value: m.key, label: m.name[lang] }))}
                value={key}
                onChange={setKey}
              />
              {def && (
                <MeasurementForm
                  key={`${def.key}-${round}`}
                  def={def}
                  save={save}
                  onSaved={saved}
                  audience="staff"
                />
              )}
              <div className="button-row">
                <button type="button" className="button" onClick={close}>
                  {t('common.cancel')}
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}

interface StaffFeedbackProps {
  results: MeasurementResult[];
  onAnother: () => void;
  onClose: () => void;
}

/** The assessment in staff words: the colour, the reasons and whether an alert was raised. */
function StaffFeedback({ results, onAnother, onClose }: StaffFeedbackProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useRef<HTMLElement>(null);
  const titleId = useId();
  const worst = worstSeverity(results);
  const reasons = results.flatMap((r) => r.evaluation.reasons);

  useEffect(() => {
    ref.current?.focus();
  }, []);

  return (
    <section
      ref={ref}
      tabIndex={-1}
      role="status"
      aria-live="polite"
      aria-labelledby={titleId}
      className={`feedback feedback--${worst} feedback--staff`}
    >
      <div className="feedback__head">
        <SeverityIcon severity={worst} size={32} />
        <h3 id={titleId} className="feedback__title">
          {t('staffEntry.saved', { count: results.length })}
        </h3>
      </div>
      <p>
        {t('staffEntry.assessment')}: <SeverityBadge severity={worst} audience="staff" />{' '}
        {t(`staffEntry.result.${worst}`)}
      </p>
      {reasons.length > 0 && <p className="feedback__reasons">{describeReasons(reasons, lang)}</p>}
      <SavedValues results={results} />
      <p>{t('staffEntry.marked')}</p>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={onAnother}>
          {t('staffEntry.another')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </section>
  );
}
