import { findMeasurement, type Lang } from '@hemma/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLang } from '../i18n';
import { SavedAtNote } from '../offline/OfflineStatus';
import { useDeviceOwner } from '../offline/owner';
import type { Contract, TodayItem } from '../plans/plansApi';
import { useAsync } from '../shared/useAsync';
import { loadMyPlan, loadToday } from './offlineData';

/** Where the patient does an item: the guided entry for a measurement, the form for a questionnaire. */
function actionPath(item: TodayItem): string | null {
  if (item.kind === 'questionnaire') return `/patient/questionnaires/${encodeURIComponent(item.code)}`;
  const def = findMeasurement(item.code);
  return def ? `/patient/record/${encodeURIComponent(def.key)}` : null;
}

function TodayRow({ item, lang }: { item: TodayItem; lang: Lang }) {
  const { t } = useTranslation();
  const path = actionPath(item);
  const done = item.status === 'done';
  return (
    <li className={`today-card today-card--${item.status}`}>
      <div className="today-card__text">
        <span className="today-card__time">{item.dueLocal}</span> <strong>{item.title[lang]}</strong>
        <span className="today-card__status">
          {' – '}
          {t(`today.status.${item.status}`)}
          {item.readings > 1 &&
            ` (${t('today.readings', { received: item.received, count: item.readings })})`}
        </span>
        {item.instructions[lang] && !done && (
          <p className="today-card__instructions">{item.instructions[lang]}</p>
        )}
      </div>
      {path && !done && (
        <Link className="button button--primary" to={path}>
          {item.kind === 'questionnaire' ? t('today.answer') : t('today.measure')}
          <span className="visually-hidden">: {item.title[lang]}</span>
        </Link>
      )}
    </li>
  );
}

/** Care contacts from the patient contract: who to call, shown where the patient starts. */
function MyCare({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  if (contract.contacts.length === 0) return null;
  return (
    <section aria-labelledby="my-care-heading" className="my-care">
      <h2 id="my-care-heading">{t('today.myCare')}</h2>
      <ul className="plain-list">
        {contract.contacts.map((c) => (
          <li key={`${c.name}-${c.role}`}>
            <strong>{c.name}</strong>, {c.role}
            {c.phone && (
              <>
                {' – '}
                <a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</a>
              </>
            )}
          </li>
        ))}
      </ul>
      <p>
        <Link to="/patient/plan">{t('today.wholePlan')}</Link>
      </p>
    </section>
  );
}

/** "I dag": what the plan asks for today with done/not done, each with its action; works offline from the
 *  last copy. Nothing is shown for a patient without a plan (self-monitoring without a care unit). */
export function TodayPanel() {
  const { t } = useTranslation();
  const lang = useLang();
  const ownerId = useDeviceOwner();
  const today = useAsync((signal) => loadToday(ownerId, signal), [ownerId]);
  const plan = useAsync((signal) => loadMyPlan(ownerId, signal), [ownerId]);
  const items = today.data?.data.items ?? [];
  const left = items.filter((i) => i.status !== 'done').length;
  return (
    <>
      {items.length > 0 && (
        <section aria-labelledby="today-heading" className="today">
          <h2 id="today-heading">{t('today.heading')}</h2>
          <p>{left === 0 ? t('today.allDone') : t('today.left', { count: left })}</p>
          <SavedAtNote savedAt={today.data?.savedAt} />
          <ul className="plain-list">
            {items.map((item) => (
              <TodayRow key={`${item.activityId}-${item.due}`} item={item} lang={lang} />
            ))}
          </ul>
        </section>
      )}
      {plan.data && <MyCare contract={plan.data.data.plan.contract} />}
    </>
  );
}
