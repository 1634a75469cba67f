import { findMeasurement } from '@hemma/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../api';
import type { MeasurementResult } from '../apiTypes';
import { useLang } from '../i18n';
import { PageTitle } from '../shared/PageTitle';
import { NotFoundPage } from '../shared/RequireRole';
import { Feedback } from './Feedback';
import { MeasurementForm } from './MeasurementForm';

/** Step 2 of recording: the form for one measurement, then the feedback. */
export function RecordPage() {
  const { key } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const def = key ? findMeasurement(key) : undefined;
  const [results, setResults] = useState<MeasurementResult[] | null>(null);

  if (!def) return <NotFoundPage />;
  const title = t('record.title', { name: def.name[lang] });

  return (
    <div className="narrow">
      <p className="back-link">
        <Link to="/patient">{t('record.back')}</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      {results ? (
        <Feedback results={results} historyCode={def.key} onAnother={() => navigate('/patient')} />
      ) : (
        <MeasurementForm def={def} save={api.patient.saveMeasurements} onSaved={setResults} />
      )}
    </div>
  );
}
