import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { request } from '../api';
import { useAsync } from '../shared/useAsync';

interface InAppNotification {
  id: string;
  kind: 'message' | 'reminder';
  count: number;
  at: string;
  read: boolean;
}

/** The patient's unseen in-app reminders (message notifications show as unread conversations). */
export function InAppNotices() {
  const { t } = useTranslation();
  const list = useAsync(
    (signal) =>
      request<{ notifications: InAppNotification[] }>('GET', '/api/patient/notifications', { signal }),
    [],
  );
  const unseen = list.data?.notifications.filter((n) => !n.read && n.kind === 'reminder') ?? [];
  // Shown once: seeing the list marks them read.
  useEffect(() => {
    if (unseen.length > 0)
      void request('POST', '/api/patient/notifications/read', { body: {} }).catch(() => undefined);
  }, [unseen.length]);
  if (unseen.length === 0) return null;
  return (
    <div className="notice" role="status">
      <p>{t('notifications.reminderNotice', { count: unseen[0]!.count })}</p>
      <Link to="/patient">{t('notifications.toToday')}</Link>
    </div>
  );
}
