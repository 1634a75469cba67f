import type { Lang } from '@hemma/core';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';
import { ContractView } from './ContractView';
import { plansApi } from './plansApi';
import { TodayList } from './TodayList';
import './plans.css';

/** The patient's own care plan: what to do today, the contract, and who takes part in their care. */
export function PatientPlanPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const plan = useAsync((signal) => plansApi.myPlan(signal), []);
  const today = useAsync((signal) => plansApi.today(signal), []);
  return (
    <div className="narrow">
      <PageTitle title={t('plans.patient.title')}>{t('plans.patient.title')}</PageTitle>
      <LoadState loading={plan.loading} error={plan.error} onRetry={plan.reload} />
      {today.data && today.data.items.length > 0 && (
        <section aria-labelledby="today-heading">
          <h2 id="today-heading">{t('plans.today.heading')}</h2>
          <TodayList today={today.data} />
        </section>
      )}
      {plan.data && (
        <>
          <section aria-labelledby="contract-heading">
            <h2 id="contract-heading">{t('plans.contract.heading')}</h2>
            <ContractView contract={plan.data.plan.contract} />
          </section>
          {plan.data.plan.activities.length > 0 && (
            <section aria-labelledby="activities-heading">
              <h2 id="activities-heading">{t('plans.activities')}</h2>
              <ul className="plan-activities">
                {plan.data.plan.activities.map((a) => (
                  <li key={a.id}>
                    <strong>{a.title[lang]}</strong>
                    <p>{a.instructions[lang]}</p>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {plan.data.plan.enrolments.length > 0 && (
            <section aria-labelledby="care-heading">
              <h2 id="care-heading">{t('plans.patient.care')}</h2>
              <ul>
                {plan.data.plan.enrolments.map((e) => (
                  <li key={e.id}>
                    {e.careUnitName} · {t(`plans.kinds.${e.kind}`)}
                    {e.participants
                      .map((p) => `; ${p.careUnitName} (${t(`plans.roles.${p.role}`)})`)
                      .join('')}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}
