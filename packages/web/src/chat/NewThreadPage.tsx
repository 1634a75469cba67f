import './chat.css';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { PageTitle } from '../shared/PageTitle';
import { NewThreadForm } from './NewThreadForm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Staff start a conversation with a patient, e.g. from an alert on the patient page. */
export function NewThreadPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const id = (name: string) => {
    const v = params.get(name);
    return v && UUID.test(v) ? v : undefined;
  };
  const patientId = id('patient');
  return (
    <div className="chat narrow">
      <p>
        <Link className="back-link" to={patientId ? `/staff/patients/${patientId}` : '/staff/messages'}>
          {t(patientId ? 'chat.backToPatient' : 'chat.back')}
        </Link>
      </p>
      <PageTitle title={t('chat.newThread.staffTitle')}>{t('chat.newThread.staffTitle')}</PageTitle>
      {patientId ? (
        <NewThreadForm patientId={patientId} alertId={id('alert')} observationId={id('observation')} />
      ) : (
        <p className="notice">{t('chat.newThread.fromPatient')}</p>
      )}
    </div>
  );
}
