import './questionnaires.css';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLang } from '../i18n';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';
import { questionnaireApi } from './questionnaireApi';

/** /patient/questionnaires: every questionnaire the patient can answer (licensed ones once imported). */
export function QuestionnaireListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const list = useAsync((signal) => questionnaireApi.list(signal), []);
  const available = (list.data?.questionnaires ?? []).filter((q) => q.available);
  return (
    <div className="narrow">
      <p className="back-link">
        <Link to="/patient">{t('record.back')}</Link>
      </p>
      <PageTitle title={t('questionnaires.listTitle')}>{t('questionnaires.listTitle')}</PageTitle>
      <p>{t('questionnaires.listIntro')}</p>
      <LoadState loading={list.loading} error={list.error} onRetry={list.reload} />
      {list.data &&
        (available.length === 0 ? (
          <p className="empty">{t('questionnaires.none')}</p>
        ) : (
          <ul className="big-choices">
            {available.map((q) => (
              <li key={q.id}>
                <Link className="big-choice" to={`/patient/questionnaires/${encodeURIComponent(q.id)}`}>
                  <span className="big-choice__name">{q.title[lang]}</span>
                </Link>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}
