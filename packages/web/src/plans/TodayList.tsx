import type { Lang } from '@hemma/core';
import { useTranslation } from 'react-i18next';
import type { TodayView } from './plansApi';

/** Today's occasions with their status and the 14-day adherence (patient "my plan" and staff plan view). */
export function TodayList({ today }: { today: TodayView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  return (
    <>
      <ul className="today-list">
        {today.items.map((item) => (
          <li key={`${item.activityId}-${item.due}`} className={`today-item today-item--${item.status}`}>
            <span className="today-item__time">{item.dueLocal}</span> <strong>{item.title[lang]}</strong>
            {item.readings > 1
              ? ` · ${t('plans.today.readings', { received: item.received, count: item.readings })}`
              : ''}
            <span className="chip"> {t(`plans.today.status.${item.status}`)}</span>
          </li>
        ))}
      </ul>
      {today.adherence && (
        <p>
          {t('plans.today.adherence', {
            days: today.adherence.days,
            percent: Math.round(today.adherence.overall.percent),
            received: today.adherence.overall.received,
            expected: today.adherence.overall.expected,
          })}
        </p>
      )}
    </>
  );
}
