import { findMeasurement } from '@hemma/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { MeasurementResult, MeasurementsBody } from '../apiTypes';
import { useLang } from '../i18n';
import { saveOrQueue } from '../offline/outbox';
import { useDeviceOwner } from '../offline/owner';
import { PageTitle } from '../shared/PageTitle';
import { NotFoundPage } from '../shared/RequireRole';
import { Feedback } from './Feedback';
import { MeasurementForm } from './MeasurementForm';
import { QueuedNotice } from './QueuedNotice';

/** Step 2 of recording: the form for one measurement, then the feedback. */
export function RecordPage() {
  const { key } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const def = key ? findMeasurement(key) : undefined;
  const ownerId = useDeviceOwner();
  const [results, setResults] = useState<MeasurementResult[] | null>(null);
  const [queued, setQueued] = useState(false);

  // Without a network the values go to the device's outbox (same idempotency key) instead of failing.
  const save = async (body: MeasurementsBody, idempotencyKey: string) => {
    const saved = await saveOrQueue(ownerId, body, idempotencyKey);
    if (saved === null) setQueued(true);
    return { results: saved ?? [] };
  };

  if (!def) return <NotFoundPage />;
  const title = t('record.title', { name: def.name[lang] });

  return (
    <div className="narrow">
      <p className="back-link">
        <Link to="/patient">{t('record.back')}</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      {queued ? (
        <QueuedNotice onAnother={() => navigate('/patient')} />
      ) : results ? (
        <Feedback results={results} historyCode={def.key} onAnother={() => navigate('/patient')} />
      ) : (
        <MeasurementForm def={def} save={save} onSaved={(r) => r.length > 0 && setResults(r)} />
      )}
    </div>
  );
}
