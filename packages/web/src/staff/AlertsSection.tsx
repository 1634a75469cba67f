import { describeReasons } from '@hemma/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import type { Alert } from '../apiTypes';
import { useLang } from '../i18n';
import { useAnnounce } from '../shared/Announcer';
import { formatDateTime, formatRelative } from '../shared/format';
import { LoadState } from '../shared/LoadState';
import { SeverityBadge } from '../shared/SeverityBadge';
import { useAsync, useNow } from '../shared/useAsync';
import { AcknowledgeDialog } from './AcknowledgeDialog';

/** Open alerts of one patient, each with "Kvittera". */
export function AlertsSection({ patientId, refreshKey = 0 }: { patientId: string; refreshKey?: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const now = useNow();
  const announce = useAnnounce();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const alerts = useAsync((signal) => api.staff.alerts(patientId, 'open', signal), [patientId, refreshKey]);
  const [selected, setSelected] = useState<Alert | null>(null);
  const list = alerts.data?.alerts ?? [];

  function onDone(alert: Alert, byOther: boolean) {
    setSelected(null);
    alerts.setData((prev) => ({ alerts: (prev?.alerts ?? []).filter((a) => a.id !== alert.id) }));
    announce(byOther ? t('acknowledge.already') : t('acknowledge.done'));
    // The button that opened the dialog is gone with its row; continue from the section heading.
    window.setTimeout(() => headingRef.current?.focus(), 0);
  }

  return (
    <section className="card" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading" ref={headingRef} tabIndex={-1}>
        {t('alerts.title')}
      </h2>
      <LoadState loading={alerts.loading} error={alerts.error} onRetry={alerts.reload} />
      {alerts.data &&
        (list.length === 0 ? (
          <p className="empty">{t('alerts.none')}</p>
        ) : (
          <ul className="alert-list">
            {list.map((a) => (
              <li key={a.id} className={`alert-item alert-item--${a.severity}`}>
                <SeverityBadge severity={a.severity} audience="staff" />
                <p className="alert-item__reason">{describeReasons(a.reasons, lang)}</p>
                <time dateTime={a.createdAt} title={formatDateTime(a.createdAt, lang)} className="muted">
                  {formatRelative(a.createdAt, lang, now)}
                </time>
                <button type="button" className="button" onClick={() => setSelected(a)}>
                  {t('alerts.acknowledge')}
                </button>
                <Link
                  className="button button--quiet"
                  to={`/staff/messages/new?patient=${patientId}&alert=${a.id}`}
                >
                  {t('chat.aboutAlert')}
                </Link>
              </li>
            ))}
          </ul>
        ))}
      <AcknowledgeDialog alert={selected} onClose={() => setSelected(null)} onDone={onDone} />
    </section>
  );
}
