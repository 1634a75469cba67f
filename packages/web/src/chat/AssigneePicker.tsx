import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../shared/Announcer';
import { useAsync } from '../shared/useAsync';
import { chatApi, type ThreadSummary } from './chatApi';

/** The named staff member responsible for answering the conversation. */
export function AssigneePicker({
  thread,
  onChanged,
}: {
  thread: ThreadSummary;
  onChanged: (t: ThreadSummary) => void;
}) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const staff = useAsync((signal) => chatApi.unitStaff(thread.unitId, signal), [thread.unitId]);
  const [error, setError] = useState(false);

  async function change(accountId: string) {
    setError(false);
    try {
      const updated = await chatApi.assign(thread.id, accountId || null);
      onChanged(updated);
      announce(
        updated.assignedTo
          ? t('chat.responsibleIs', { name: updated.assignedTo.name })
          : t('chat.unassigned'),
      );
    } catch {
      setError(true);
    }
  }

  return (
    <div className="field chat-assignee">
      <label className="field__label" htmlFor="chat-assignee">
        {t('chat.responsible')}
      </label>
      <select
        id="chat-assignee"
        className="input"
        value={thread.assignedTo?.id ?? ''}
        onChange={(e) => void change(e.target.value)}
      >
        <option value="">{t('chat.unassigned')}</option>
        {staff.data?.staff.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      {error && (
        <p className="field__error" role="alert">
          {t('chat.sendError')}
        </p>
      )}
    </div>
  );
}
