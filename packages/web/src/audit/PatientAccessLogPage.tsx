import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';
import { auditApi } from './auditApi';
import './audit.css';

/** The patient sees which care units (and systems) opened their data, and when. */
export function PatientAccessLogPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const log = useAsync((signal) => auditApi.myAccessLog(signal), []);
  const list = log.data?.accesses ?? [];
  const fmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="narrow">
      <PageTitle title={t('audit.patient.title')}>{t('audit.patient.title')}</PageTitle>
      <p>{t('audit.patient.intro')}</p>
      <LoadState loading={log.loading && !log.data} error={log.error} onRetry={log.reload} />
      {log.data && list.length === 0 && <p>{t('audit.patient.none')}</p>}
      {list.length > 0 && (
        // A list, not a table: it reads well on a narrow phone without sideways scrolling.
        <ul className="access-log">
          {list.map((a, i) => (
            <li key={`${a.at}-${i}`} className="card access-log__item">
              <p className="access-log__unit">{a.unitName ?? t('audit.unknownUnit')}</p>
              <p>
                <time dateTime={a.at}>{fmt.format(new Date(a.at))}</time> ·{' '}
                {t(`audit.purpose.${a.purpose}`, { defaultValue: a.purpose })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
