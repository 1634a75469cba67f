import type { Lang } from '@hemma/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../shared/format';
import type { Contract } from './plansApi';

/** The patient contract as both the patient and staff read it: goals, who does what, follow-up, contacts. */
export function ContractView({ contract }: { contract: Contract }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const empty =
    contract.goals.length + contract.agreements.length + contract.contacts.length === 0 &&
    !contract.nextFollowUp;
  if (empty) return <p className="empty">{t('plans.contract.empty')}</p>;
  return (
    <div className="contract">
      {contract.goals.length > 0 && (
        <>
          <h4>{t('plans.contract.goals')}</h4>
          <ul>
            {contract.goals.map((g) => (
              <li key={g.id ?? g.text}>
                {g.text} — <span className="chip">{t(`plans.goalStatus.${g.status}`)}</span>
                {g.targetDate ? ` ${t('plans.contract.by', { date: formatDate(g.targetDate, lang) })}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {contract.agreements.length > 0 && (
        <>
          <h4>{t('plans.contract.agreements')}</h4>
          <ul>
            {contract.agreements.map((a) => (
              <li key={a.id ?? a.text}>
                <strong>{t(`plans.responsible.${a.responsible}`)}:</strong> {a.text}
              </li>
            ))}
          </ul>
        </>
      )}
      {contract.nextFollowUp && (
        <p>
          <strong>{t('plans.contract.nextFollowUp')}:</strong> {formatDate(contract.nextFollowUp, lang)}
        </p>
      )}
      {contract.contacts.length > 0 && (
        <>
          <h4>{t('plans.contract.contacts')}</h4>
          <ul>
            {contract.contacts.map((c) => (
              <li key={`${c.name}-${c.role}`}>
                {c.name}, {c.role}
                {c.phone ? (
                  <>
                    {' '}
                    · <a href={`tel:${c.phone.replace(/[^+\d]/g, '')}`}>{c.phone}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
