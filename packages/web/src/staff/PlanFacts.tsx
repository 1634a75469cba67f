import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n';
import { plansApi } from '../plans/plansApi';
import { useAsync } from '../shared/useAsync';

/** Header facts from the care plan: protocols, monitoring kind and the fixed care contacts. */
export function PlanFacts({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  // The plan may not exist (or the plans module may refuse); the header then shows what it has.
  const plan = useAsync((signal) => plansApi.staffPlan(patientId, signal).catch(() => null), [patientId]);
  const p = plan.data?.plan;
  if (!p) return null;
  const protocols = p.enrolments
    .filter((e) => e.status === 'active')
    .flatMap((e) => e.protocols.map((pr) => pr.title[lang]));
  return (
    <dl className="facts ws-planfacts">
      <div>
        <dt>{t('wsOverview.protocols')}</dt>
        <dd>{protocols.length ? [...new Set(protocols)].join(', ') : '–'}</dd>
      </div>
      <div>
        <dt>{t('wsOverview.monitoringKind')}</dt>
        <dd>{p.monitoringKind ? t(`enrolmentKind.${p.monitoringKind}`) : '–'}</dd>
      </div>
      <div>
        <dt>{t('wsOverview.contacts')}</dt>
        <dd>
          {p.contract.contacts.length
            ? p.contract.contacts
                .map((c) => `${c.name} (${c.role})${c.phone ? `, ${c.phone}` : ''}`)
                .join('; ')
            : '–'}
        </dd>
      </div>
    </dl>
  );
}
