import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api';
import type { MeasurementResult, ThresholdEntry } from '../apiTypes';
import { LoadState } from '../shared/LoadState';
import { PeriodPicker } from '../shared/PeriodPicker';
import { useAsync } from '../shared/useAsync';
import { AlertsSection } from './AlertsSection';
import { PatientHeader } from './PatientHeader';
import { PatientMeasurement } from './PatientMeasurement';
import { StaffEntrySection } from './StaffEntrySection';

const PERIODS = [7, 30, 90];
const NO_THRESHOLDS: ThresholdEntry[] = [];

export function PatientPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [days, setDays] = useState(30);
  const patient = useAsync((signal) => api.staff.patient(id, signal), [id]);
  const thresholds = useAsync((signal) => api.staff.thresholds(id, signal), [id]);
  const { setData: setThresholds } = thresholds;
  const { data: patientData, reload: reloadPatient } = patient;
  // Bumped after a staff entry so the alerts and the value tables fetch again.
  const [refreshKey, setRefreshKey] = useState(0);

  const onThresholdSaved = useCallback(
    (entry: ThresholdEntry) =>
      setThresholds((prev) => ({
        thresholds: [...(prev?.thresholds ?? []).filter((e) => e.code !== entry.code), entry],
      })),
    [setThresholds],
  );

  const onEntrySaved = useCallback(
    (results: MeasurementResult[]) => {
      setRefreshKey((n) => n + 1);
      // A measurement the patient had no values for yet gets its own chart: fetch the list again.
      const known = patientData?.measurementCodes ?? [];
      if (results.some((r) => !known.includes(r.observation.code))) reloadPatient();
    },
    [patientData, reloadPatient],
  );

  return (
    <div className="wide">
      <p className="back-link">
        <Link to="/staff">{t('patient.backToWorklist')}</Link>
      </p>
      <LoadState loading={patient.loading} error={patient.error} onRetry={patient.reload} />
      {patient.data && (
        <>
          <PatientHeader patient={patient.data} />
          <AlertsSection patientId={id} refreshKey={refreshKey} />
          <StaffEntrySection
            patientId={id}
            measurementCodes={patient.data.measurementCodes}
            onSaved={onEntrySaved}
          />
          <div className="toolbar">
            <PeriodPicker options={PERIODS} value={days} onChange={setDays} />
          </div>
          {patient.data.measurementCodes.length === 0 && (
            <p className="empty">{t('patient.noMeasurements')}</p>
          )}
          {patient.data.measurementCodes.map((code) => (
            <PatientMeasurement
              key={code}
              patientId={id}
              code={code}
              days={days}
              thresholds={thresholds.data?.thresholds ?? NO_THRESHOLDS}
              onThresholdSaved={onThresholdSaved}
              refreshKey={refreshKey}
            />
          ))}
        </>
      )}
    </div>
  );
}
