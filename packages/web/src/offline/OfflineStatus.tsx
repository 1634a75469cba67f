import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOnline } from './connectivity';
import { discard, type OutboxStatus, rejectedItems, subscribeOutbox } from './outbox';
import { useDeviceOwner } from './owner';

export function useOutboxStatus(): OutboxStatus {
  const [status, setStatus] = useState<OutboxStatus>({ waiting: 0, rejected: 0, sending: false });
  useEffect(() => subscribeOutbox(setStatus), []);
  return status;
}

/** Connection and queue state on every patient page. Polite live region: read out when it changes,
 *  without interrupting. Always rendered (empty when all is well) so the first change is announced. */
export function OfflineStatus() {
  const { t } = useTranslation();
  const online = useOnline();
  const { waiting, rejected } = useOutboxStatus();
  const ownerId = useDeviceOwner();
  // The patient has read that these were refused (they were told to measure again): clear them.
  async function dismissRejected() {
    if (!ownerId) return;
    for (const item of await rejectedItems(ownerId)) await discard(item.key);
  }
  const show = !online || waiting > 0 || rejected > 0;
  return (
    <div className={show ? 'offline-status offline-status--shown' : 'offline-status'} aria-live="polite">
      {!online && <p className="offline-status__line">{t('offline.offline')}</p>}
      {waiting > 0 && (
        <p className="offline-status__line" data-testid="outbox-waiting">
          {t('offline.waiting', { count: waiting })}
        </p>
      )}
      {rejected > 0 && (
        <>
          <p className="offline-status__line offline-status__line--error">
            {t('offline.rejected', { count: rejected })}
          </p>
          <button type="button" className="button button--quiet" onClick={() => void dismissRejected()}>
            {t('offline.dismiss')}
          </button>
        </>
      )}
    </div>
  );
}

/** "Senast uppdaterad …" for a copy shown from the device. */
export function SavedAtNote({ savedAt }: { savedAt: string | null | undefined }) {
  const { t, i18n } = useTranslation();
  if (!savedAt) return null;
  const when = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Stockholm',
  }).format(new Date(savedAt));
  return <p className="saved-at">{t('offline.savedAt', { when })}</p>;
}
