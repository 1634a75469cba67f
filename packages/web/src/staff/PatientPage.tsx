import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api';
import type { MeasurementResult, ThresholdEntry } from '../apiTypes';
import { StaffPlanSection } from '../plans/StaffPlanSection';
import { startOfDayMs } from '../shared/format';
import { LoadState } from '../shared/LoadState';
import { PeriodPicker } from '../shared/PeriodPicker';
import { useAsync } from '../shared/useAsync';
import { AlertsSection } from './AlertsSection';
import { EmergencyAccessBanner } from './EmergencyAccessBanner';
import { useHandlingTimer } from './handling';
import { MedicationsSection, NotesSection, SummarySection, TimelineSection } from './OverviewSections';
import { PatientHeader } from './PatientHeader';
import { PatientMeasurement } from './PatientMeasurement';
import { QuestionnaireScores } from './QuestionnaireScores';
import { RecordSection } from './RecordSection';
import { RunInPanel } from './RunInPanel';
import { StaffEntrySection } from './StaffEntrySection';
import { workspaceApi } from './workspaceApi';
import './workspace.css';

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
  const bump = useCallback(() => setRefreshKey((n) => n + 1), []);
  useHandlingTimer(id);
  // The period shown by the charts, the summary, the timeline and the record section; to a minute so
  // that re-renders do not refetch.
  const period = useMemo(() => {
    const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000);
    return { from: new Date(to.getTime() - days * 86_400_000).toISOString(), to: to.toISOString() };
  }, [days, refreshKey]);
  const medications = useAsync((signal) => workspaceApi.medications(id, signal), [id, refreshKey]);
  const annotations = useMemo(
    () =>
      (medications.data?.medications ?? []).flatMap((m) => [
        { time: startOfDayMs(m.startedOn), label: `+ ${m.drug} ${m.dose}` },
        ...(m.stoppedOn ? [{ time: startOfDayMs(m.stoppedOn), label: `− ${m.drug}` }] : []),
      ]),
    [medications.data],
  );

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
          <EmergencyAccessBanner patientId={id} />
          <AlertsSection patientId={id} refreshKey={refreshKey} />
          <RunInPanel patientId={id} onDecided={thresholds.reload} />
          <SummarySection patientId={id} period={period} refreshKey={refreshKey} />
          <StaffPlanSection patientId={id} />
          <QuestionnaireScores patientId={id} refreshKey={refreshKey} />
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
              annotations={annotations}
            />
          ))}
          <MedicationsSection patientId={id} onChanged={bump} />
          <NotesSection patientId={id} onChanged={bump} />
          <TimelineSection patientId={id} period={period} refreshKey={refreshKey} />
          <RecordSection patientId={id} period={period} onChanged={bump} />
        </>
      )}
    </div>
  );
}
