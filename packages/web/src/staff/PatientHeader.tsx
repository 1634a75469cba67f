import { useTranslation } from 'react-i18next';
import type { PatientDetail } from '../apiTypes';
import { useLang } from '../i18n';
import { ageInYears, formatDate } from '../shared/format';
import { PageTitle } from '../shared/PageTitle';
import { conditionList, conditionName, formatPersonnummer } from '../shared/people';
import { PlanFacts } from './PlanFacts';

export function PatientHeader({ patient }: { patient: PatientDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="patient-header">
      <PageTitle title={patient.name}>{patient.name}</PageTitle>
      <dl className="facts">
        <div>
          <dt>{t('patient.personnummer')}</dt>
          <dd className="nowrap">{formatPersonnummer(patient.personnummer)}</dd>
        </div>
        <div>
          <dt>{t('patient.age')}</dt>
          <dd>{t('patient.years', { count: ageInYears(patient.birthDate) })}</dd>
        </div>
        <div>
          <dt>{t('patient.conditions')}</dt>
          <dd>{conditionList(t, patient.conditions) || '–'}</dd>
        </div>
      </dl>
      <PlanFacts patientId={patient.id} />
      {patient.enrolments.length > 0 && (
        <ul className="enrolments" aria-label={t('patient.enrolments')}>
          {patient.enrolments.map((e) => (
            <li key={`${e.unitId}-${e.condition}`}>
              {t('patient.enrolment', {
                condition: conditionName(t, e.condition),
                unit: e.unitName,
                kind: t(`enrolmentKind.${e.kind}`),
                since: formatDate(e.since, lang),
              })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
