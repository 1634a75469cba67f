import { unitLabel } from '@hemma/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLang } from '../i18n';
import { PATIENT_MEASUREMENTS } from '../shared/catalogue';
import { PageTitle } from '../shared/PageTitle';
import { TodayPanel } from './TodayPanel';

/** Step 1 of recording: one big button per measurement. */
export function RecordChooserPage() {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="narrow">
      <PageTitle title={t('record.chooseTitle')}>{t('record.chooseTitle')}</PageTitle>
      <TodayPanel />
      <h2 className="visually-hidden">{t('today.allMeasurements')}</h2>
      <p>{t('record.chooseIntro')}</p>
      <ul className="big-choices">
        {PATIENT_MEASUREMENTS.map((m) => (
          <li key={m.key}>
            <Link className="big-choice" to={`/patient/record/${encodeURIComponent(m.key)}`}>
              <span className="big-choice__name">{m.name[lang]}</span>
              <span className="big-choice__unit">{unitLabel(m, lang)}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/patient/ble">{t('ble.link')}</Link>
      </p>
      <p>
        <Link to="/patient/history">{t('record.seeHistory')}</Link>
      </p>
    </div>
  );
}
