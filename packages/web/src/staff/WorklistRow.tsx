import { describeReasons } from '@hemma/core';
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLang } from '../i18n';
import { formatDateTime, formatRelative } from '../shared/format';
import { formatPersonnummer } from '../shared/people';
import { SeverityBadge } from '../shared/SeverityBadge';
import { startHandling } from './handling';
import { runInWorkItemReason } from './runInApi';
import type { WorkItem } from './workspaceApi';

interface WorklistRowProps {
  item: WorkItem;
  unitName?: string;
  now: number;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onAssign: () => void;
  onSnooze: () => void;
}

/** One worklist item with its reason in words. The open link is the row's focus target for keyboard review. */
export const WorklistRow = forwardRef<HTMLAnchorElement, WorklistRowProps>(function WorklistRow(
  { item, unitName, now, selected, onSelect, onAssign, onSnooze },
  linkRef,
) {
  const { t } = useTranslation();
  const lang = useLang();
  const isAlert = item.alertId !== null;
  const reason =
    item.kind === 'message'
      ? t('wsWorklist.unreadMessages', { count: item.count })
      : item.kind === 'validation'
        ? t('wsWorklist.waitingValidation', { count: item.count })
        : item.kind === 'proposal'
          ? runInWorkItemReason(item, t, lang)
          : describeReasons(item.reasons, lang);
  const tone = item.severity ?? 'info';
  return (
    <li className={`worklist__row worklist__row--${tone} ws-row`} data-kind={item.kind}>
      <div className="worklist__severity">
        {item.severity ? (
          <SeverityBadge severity={item.severity} audience="staff" />
        ) : (
          <span className="ws-kind">{t(`wsWorklist.kind.${item.kind}`)}</span>
        )}
        {item.informational && (
          <label className="ws-select">
            <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.target.checked)} />
            <span className="visually-hidden">{t('wsWorklist.selectFor', { name: item.patientName })}</span>
            <span aria-hidden="true">{t('wsWorklist.informational')}</span>
          </label>
        )}
      </div>
      <div className="worklist__patient">
        <span className="worklist__name">{item.patientName}</span>
        <span className="worklist__pnr">{formatPersonnummer(item.personnummer)}</span>
        {unitName && <span className="worklist__unit">{unitName}</span>}
      </div>
      <div>
        <p className="worklist__reason">
          {item.kind === 'missed' && <span className="ws-tag">{t('wsWorklist.kind.missed')}: </span>}
          {reason}
        </p>
        {item.assignedTo && (
          <p className="ws-meta">{t('wsWorklist.assignedTo', { name: item.assignedTo.displayName })}</p>
        )}
        {item.snoozedUntil && (
          <p className="ws-meta">
            {t('wsWorklist.snoozedUntil', {
              time: formatDateTime(item.snoozedUntil, lang),
              reason: item.snoozeReason,
            })}
          </p>
        )}
      </div>
      <time className="worklist__age" dateTime={item.at} title={formatDateTime(item.at, lang)}>
        {formatRelative(item.at, lang, now)}
      </time>
      <div className="ws-actions">
        <Link
          ref={linkRef}
          className="button worklist__open"
          to={`/staff/patients/${encodeURIComponent(item.patientId)}`}
          data-patient={item.patientId}
          data-alert={item.alertId ?? ''}
          onClick={() => startHandling(item)}
        >
          {t('worklist.open')}
          <span className="visually-hidden"> {item.patientName}</span>
        </Link>
        {isAlert && (
          <>
            <button type="button" className="button button--quiet" onClick={onAssign}>
              {t('wsWorklist.assign')}
              <span className="visually-hidden"> {item.patientName}</span>
            </button>
            <button type="button" className="button button--quiet" onClick={onSnooze}>
              {item.snoozedUntil ? t('wsWorklist.wake') : t('wsWorklist.snooze')}
              <span className="visually-hidden"> {item.patientName}</span>
            </button>
          </>
        )}
      </div>
    </li>
  );
});
