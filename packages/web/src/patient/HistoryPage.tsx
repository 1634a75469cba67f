import { findMeasurement, MEASUREMENTS } from '@hemma/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { ThresholdEntry } from '../apiTypes';
import { useLang } from '../i18n';
import { SavedAtNote } from '../offline/OfflineStatus';
import { useDeviceOwner } from '../offline/owner';
import { LoadState } from '../shared/LoadState';
import { MeasurementView } from '../shared/MeasurementView';
import { PageTitle } from '../shared/PageTitle';
import { PeriodPicker } from '../shared/PeriodPicker';
import { useAsync } from '../shared/useAsync';
import { loadHistory, loadThresholds, HISTORY_DAYS as PERIODS } from './offlineData';
import { summarizeDays } from './trendSummary';

const NO_THRESHOLDS: ThresholdEntry[] = [];

/** "Mina värden": one measurement at a time, chart and list. Choice and period live in the URL so the
 *  back button and bookmarks work. */
export function HistoryPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const selectId = useId();
  const [params, setParams] = useSearchParams();
  const ownerId = useDeviceOwner();
  const def = findMeasurement(params.get('code') ?? 'bp') ?? MEASUREMENTS[0];
  const days = PERIODS.includes(Number(params.get('days'))) ? Number(params.get('days')) : 30;

  const thresholds = useAsync((signal) => loadThresholds(ownerId, signal), [ownerId]);
  const observations = useAsync(
    (signal) =>
      def
        ? loadHistory(ownerId, def.loinc, days, signal)
        : Promise.resolve({ data: { observations: [] }, savedAt: null }),
    [ownerId, def?.loinc, days],
  );
  const summary = observations.data ? summarizeDays(observations.data.data.observations) : null;

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
            {/* Questionnaire scores have their own pages (questionnaires/). */}
            {MEASUREMENTS.filter((m) => m.category !== 'survey').map((m) => (
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
          {observations.data && !observations.loading && <SavedAtNote savedAt={observations.data.savedAt} />}
          {summary && summary.measuredDays > 0 && !observations.loading && (
            <p className="trend-summary">
              {t('trends.withinTarget', {
                name: def.name[lang],
                within: summary.withinDays,
                count: summary.measuredDays,
              })}
            </p>
          )}
          {observations.data && !observations.loading && (
            <MeasurementView
              def={def}
              observations={observations.data.data.observations}
              thresholds={thresholds.data?.data.thresholds ?? NO_THRESHOLDS}
              days={days}
              audience="patient"
            />
          )}
        </section>
      )}
    </div>
  );
}
