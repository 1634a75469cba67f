import { describeReasons } from '@hemma/core';
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { WorklistItem } from '../apiTypes';
import { useLang } from '../i18n';
import { formatDateTime, formatRelative } from '../shared/format';
import { formatPersonnummer } from '../shared/people';
import { SeverityBadge } from '../shared/SeverityBadge';

interface WorklistRowProps {
  item: WorklistItem;
  unitName?: string;
  now: number;
}

/** One alert. The open link is the row's focus target for keyboard navigation. */
export const WorklistRow = forwardRef<HTMLAnchorElement, WorklistRowProps>(function WorklistRow(
  { item, unitName, now },
  linkRef,
) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <li className={`worklist__row worklist__row--${item.severity}`}>
      <div className="worklist__severity">
        <SeverityBadge severity={item.severity} audience="staff" />
      </div>
      <div className="worklist__patient">
        <span className="worklist__name">{item.patientName}</span>
        <span className="worklist__pnr">{formatPersonnummer(item.personnummer)}</span>
        {unitName && <span className="worklist__unit">{unitName}</span>}
      </div>
      <p className="worklist__reason">{describeReasons(item.reasons, lang)}</p>
      <time className="worklist__age" dateTime={item.createdAt} title={formatDateTime(item.createdAt, lang)}>
        {formatRelative(item.createdAt, lang, now)}
      </time>
      <Link
        ref={linkRef}
        className="button worklist__open"
        to={`/staff/patients/${encodeURIComponent(item.patientId)}`}
      >
        {t('worklist.open')}
        <span className="visually-hidden"> {item.patientName}</span>
      </Link>
    </li>
  );
});
