import './chat.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLang } from '../i18n';
import { InAppNotices } from '../notifications/InAppNotices';
import { formatDateTime } from '../shared/format';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';
import { chatApi, type InboxView } from './chatApi';
import { useChatEvents } from './chatEvents';
import { NewThreadForm } from './NewThreadForm';

const VIEWS: InboxView[] = ['all', 'unread', 'mine', 'unassigned'];

/** The patient's conversations with their care unit, or the unit inbox for staff. */
export function ThreadListPage({ side }: { side: 'patient' | 'staff' }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [view, setView] = useState<InboxView>('all');
  const threads = useAsync(
    (signal) => chatApi.threads(side === 'staff' ? { view } : {}, signal),
    [view, side],
  );
  useChatEvents(() => threads.reload());
  const base = side === 'staff' ? '/staff/messages' : '/patient/messages';

  return (
    <div className="chat">
      <PageTitle title={t(side === 'staff' ? 'chat.inboxTitle' : 'chat.title')}>
        {t(side === 'staff' ? 'chat.inboxTitle' : 'chat.title')}
      </PageTitle>
      {side === 'patient' ? (
        <>
          <InAppNotices />
          <p className="muted">{t('chat.patientIntro')}</p>
          <details className="card chat-new">
            <summary>{t('chat.newThread.open')}</summary>
            <NewThreadForm />
          </details>
          <p>
            <Link to="/patient/notifications">{t('notifications.link')}</Link>
          </p>
        </>
      ) : (
        <div className="toolbar">
          <div className="field">
            <label className="field__label" htmlFor="chat-view">
              {t('chat.view.label')}
            </label>
            <select
              id="chat-view"
              className="input"
              value={view}
              onChange={(e) => setView(e.target.value as InboxView)}
            >
              {VIEWS.map((v) => (
                <option key={v} value={v}>
                  {t(`chat.view.${v}`)}
                </option>
              ))}
            </select>
          </div>
          <Link className="toolbar__end" to="/staff/messages/templates">
            {t('chat.templates.link')}
          </Link>
        </div>
      )}
      <h2>{t('chat.conversations')}</h2>
      <LoadState loading={threads.loading && !threads.data} error={threads.error} onRetry={threads.reload} />
      {threads.data && threads.data.threads.length === 0 && <p className="empty">{t('chat.none')}</p>}
      {threads.data && threads.data.threads.length > 0 && (
        <ul className="chat-threads">
          {threads.data.threads.map((th) => (
            <li key={th.id} className={th.unread > 0 ? 'chat-thread chat-thread--unread' : 'chat-thread'}>
              <Link to={`${base}/${th.id}`} className="chat-thread__link">
                <span className="chat-thread__subject">{th.subject}</span>
                {th.unread > 0 && (
                  <span className="chat-badge">{t('chat.unreadCount', { count: th.unread })}</span>
                )}
              </Link>
              <span className="chat-thread__meta muted">
                {side === 'staff' ? th.patientName : th.unitName} · {formatDateTime(th.lastMessageAt, lang)}
                {side === 'staff' && (
                  <>
                    {' · '}
                    {th.assignedTo
                      ? t('chat.responsibleIs', { name: th.assignedTo.name })
                      : t('chat.unassigned')}
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
