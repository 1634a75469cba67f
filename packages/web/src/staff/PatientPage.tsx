import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api';
import type { ThresholdEntry } from '../apiTypes';
import { LoadState } from '../shared/LoadState';
import { PeriodPicker } from '../shared/PeriodPicker';
import { useAsync } from '../shared/useAsync';
import { AlertsSection } from './AlertsSection';
import { PatientHeader } from './PatientHeader';
import { PatientMeasurement } from './PatientMeasurement';

const PERIODS = [7, 30, 90];
const NO_THRESHOLDS: ThresholdEntry[] = [];

export function PatientPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [days, setDays] = useState(30);
  const patient = useAsync((signal) => api.staff.patient(id, signal), [id]);
  const thresholds = useAsync((signal) => api.staff.thresholds(id, signal), [id]);
  const { setData: setThresholds } = thresholds;

  const onThresholdSaved = useCallback(
    (entry: ThresholdEntry) =>
      setThresholds((prev) => ({
        thresholds: [...(prev?.thresholds ?? []).filter((e) => e.code !== entry.code), entry],
      })),
    [setThresholds],
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
          <AlertsSection patientId={id} />
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
            />
          ))}
        </>
      )}
    </div>
  );
}
