import { findMeasurement, valueCodes } from '@hemma/core';
import { api } from '../api';
import type { ThresholdEntry } from '../apiTypes';
import type { ChartAnnotation } from '../charts/TrendChart';
import { useLang } from '../i18n';
import { daysAgoIso } from '../shared/format';
import { LoadState } from '../shared/LoadState';
import { MeasurementView } from '../shared/MeasurementView';
import { useAsync } from '../shared/useAsync';
import { ThresholdEditor } from './ThresholdEditor';

interface PatientMeasurementProps {
  patientId: string;
  code: string;
  days: number;
  thresholds: ThresholdEntry[];
  onThresholdSaved: (entry: ThresholdEntry) => void;
  /** Changes when values were added on this page (staff entry), to fetch them again. */
  refreshKey?: number;
  /** Medication changes, drawn on the chart. */
  annotations?: ChartAnnotation[];
}

/** One measurement on the staff patient page: trend, values and editable limits. */
export function PatientMeasurement({
  patientId,
  code,
  days,
  thresholds,
  onThresholdSaved,
  refreshKey = 0,
  annotations,
}: PatientMeasurementProps) {
  const lang = useLang();
  const def = findMeasurement(code);
  const observations = useAsync(
    (signal) => api.staff.observations(patientId, { code, from: daysAgoIso(days) }, signal),
    [patientId, code, days, refreshKey],
  );
  const headingId = `m-${code}`;
  if (!def) return null;

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{def.name[lang]}</h2>
      <LoadState loading={observations.loading} error={observations.error} onRetry={observations.reload} />
      {observations.data && !observations.loading && (
        <MeasurementView
          def={def}
          observations={observations.data.observations}
          thresholds={thresholds}
          days={days}
          audience="staff"
          annotations={annotations}
        />
      )}
      <ThresholdEditor
        patientId={patientId}
        def={def}
        codes={valueCodes(def)}
        entries={thresholds}
        onSaved={onThresholdSaved}
      />
    </section>
  );
}
