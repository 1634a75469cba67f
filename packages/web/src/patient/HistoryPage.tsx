import { findMeasurement, MEASUREMENTS } from '@hemma/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api';
import type { ThresholdEntry } from '../apiTypes';
import { useLang } from '../i18n';
import { daysAgoIso } from '../shared/format';
import { LoadState } from '../shared/LoadState';
import { MeasurementView } from '../shared/MeasurementView';
import { PageTitle } from '../shared/PageTitle';
import { PeriodPicker } from '../shared/PeriodPicker';
import { useAsync } from '../shared/useAsync';

const PERIODS = [30, 90];
const NO_THRESHOLDS: ThresholdEntry[] = [];

/** "Mina värden": one measurement at a time, chart and list. Choice and period live in the URL so the
 *  back button and bookmarks work. */
export function HistoryPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const selectId = useId();
  const [params, setParams] = useSearchParams();
  const def = findMeasurement(params.get('code') ?? 'bp') ?? MEASUREMENTS[0];
  const days = PERIODS.includes(Number(params.get('days'))) ? Number(params.get('days')) : 30;

  const thresholds = useAsync((signal) => api.patient.thresholds(signal), []);
  const observations = useAsync(
    (signal) =>
      def
        ? api.patient.observations({ code: def.loinc, from: daysAgoIso(days) }, signal)
        : Promise.resolve({ observations: [] }),
    [def?.loinc, days],
  );

  const update = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };

  return (
    <div className="narrow">
      <PageTitle title={t('history.title')}>{t('history.title')}</PageTitle>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={selectId} className="field__label">
            {t('history.choose')}
          </label>
          <select
            id={selectId}
            className="input"
            value={def?.key ?? ''}
            onChange={(e) => update('code', e.target.value)}
          >
            {MEASUREMENTS.map((m) => (
              <option key={m.key} value={m.key}>
                {m.name[lang]}
              </option>
            ))}
          </select>
        </div>
        <PeriodPicker options={PERIODS} value={days} onChange={(d) => update('days', String(d))} />
      </div>
      {def && (
        <section aria-labelledby={`${selectId}-h`}>
          <h2 id={`${selectId}-h`}>{def.name[lang]}</h2>
          <LoadState
            loading={observations.loading}
            error={observations.error}
            onRetry={observations.reload}
          />
          {observations.data && !observations.loading && (
            <MeasurementView
              def={def}
              observations={observations.data.observations}
              thresholds={thresholds.data?.thresholds ?? NO_THRESHOLDS}
              days={days}
              audience="patient"
            />
          )}
        </section>
      )}
    </div>
  );
}
