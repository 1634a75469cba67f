import { type MeasurementDef, valueCodes, valueName } from '@hemma/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Observation, ThresholdEntry } from '../apiTypes';
import { type ChartAnnotation, TrendChart, type TrendSeries } from '../charts/TrendChart';
import { useLang } from '../i18n';
import { formatObservationValue } from './measurementText';
import { ObservationTable } from './ObservationTable';

interface MeasurementViewProps {
  def: MeasurementDef;
  /** Newest first, as the API returns them. */
  observations: Observation[];
  thresholds: ThresholdEntry[];
  days: number;
  audience: 'patient' | 'staff';
  /** Events to mark on the chart (staff: medication changes). */
  annotations?: ChartAnnotation[];
}

const SERIES_COLORS = ['--chart-1', '--chart-2', '--chart-3'];

/** Chart + table for one measurement over a period; used by the patient history and the staff patient page. */
export function MeasurementView({
  def,
  observations,
  thresholds,
  days,
  audience,
  annotations,
}: MeasurementViewProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const name = def.name[lang];

  // Values marked as entered in error are kept by the server for the record but are not real values.
  const shown = useMemo(() => observations.filter((o) => o.status !== 'entered-in-error'), [observations]);

  const chart = useMemo(() => {
    const ascending = [...shown].reverse();
    const codes = valueCodes(def);
    const series: TrendSeries[] = codes.map((code, i) => ({
      label: valueName(code, lang),
      values: ascending.map((o) => o.values[i] ?? null),
      colorVar: SERIES_COLORS[i % SERIES_COLORS.length] as string,
      thresholds: thresholds.find((e) => e.code === code)?.thresholds,
    }));
    const now = Date.now();
    return {
      times: ascending.map((o) => new Date(o.effectiveAt).getTime()),
      severities: ascending.map((o) => o.severity),
      series,
      range: [now - days * 86_400_000, now] as [number, number],
    };
  }, [shown, thresholds, def, days, lang]);

  const latest = shown[0];
  const summary = latest
    ? t('chart.summary', { name, count: days, latest: formatObservationValue(def, latest.values, lang) })
    : t('chart.summaryEmpty', { name, count: days });

  if (!latest) {
    return <p className="empty">{t('values.none', { count: days })}</p>;
  }

  return (
    <div className="measurement-view">
      <TrendChart
        times={chart.times}
        series={chart.series}
        severities={chart.severities}
        range={chart.range}
        ariaLabel={summary}
        timeLabel={t('values.when')}
        lang={lang}
        decimals={def.decimals}
        annotations={annotations}
      />
      <p className="chart-legend">{t('chart.legend')}</p>
      <ObservationTable
        def={def}
        observations={shown}
        audience={audience}
        caption={t('values.caption', { name, count: days })}
      />
    </div>
  );
}
