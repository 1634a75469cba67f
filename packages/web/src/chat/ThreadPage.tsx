import './chat.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useLang } from '../i18n';
import { formatDateTime } from '../shared/format';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';
import { AssigneePicker } from './AssigneePicker';
import { Composer } from './Composer';
import { attachmentUrl, type ChatMessage, chatApi } from './chatApi';
import { notifyChatChanged, useChatEvents } from './chatEvents';

/** One conversation: the messages, oldest first, and the composer. Staff also see internal notes,
 *  who is responsible, and how each of their messages' notifications reached the patient. */
export function ThreadPage({ side }: { side: 'patient' | 'staff' }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const detail = useAsync((signal) => chatApi.thread(id, signal), [id]);
  useChatEvents((e) => {
    if (e !== 'changed' && e.threadId === id) detail.reload();
  });
  // Opening the conversation marked it read on the server; the badge should follow.
  useEffect(() => {
    if (detail.data) notifyChatChanged();
  }, [detail.data]);

  const base = side === 'staff' ? '/staff/messages' : '/patient/messages';
  const thread = detail.data?.thread;
  return (
    <div className="chat">
      <p>
        <Link className="back-link" to={base}>
          {t('chat.back')}
        </Link>
      </p>
      <LoadState loading={detail.loading && !detail.data} error={detail.error} onRetry={detail.reload} />
      {thread && detail.data && (
        <>
          <PageTitle title={thread.subject}>{thread.subject}</PageTitle>
          <p className="muted">
            {side === 'staff' ? (
              <Link to={`/staff/patients/${thread.patientId}`}>{thread.patientName}</Link>
            ) : (
              thread.unitName
            )}
          </p>
          {side === 'staff' && (
            <AssigneePicker
              thread={thread}
              onChanged={(updated) => detail.setData((d) => ({ ...d!, thread: updated }))}
            />
          )}
          <h2 className="visually-hidden">{t('chat.messages')}</h2>
          <ol className="chat-messages" aria-live="polite">
            {detail.data.messages.map((m) => (
              <Message key={m.id} m={m} side={side} />
            ))}
          </ol>
          <Composer side={side} threadId={thread.id} onSent={detail.reload} />
        </>
      )}
    </div>
  );
}

function Message({ m, side }: { m: ChatMessage; side: 'patient' | 'staff' }) {
  const { t } = useTranslation();
  const lang = useLang();
  const own = m.side === side;
  const cls = [
    'chat-message',
    own ? 'chat-message--own' : 'chat-message--other',
    m.kind === 'note' ? 'chat-message--note' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li className={cls} data-kind={m.kind}>
      <p className="chat-message__head">
        <span className="chat-message__author">{m.authorName}</span>{' '}
        <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, lang)}</time>
      </p>
      {m.kind === 'note' && <p className="chat-message__label">{t('chat.note.label')}</p>}
      {m.kind === 'visit-request' && <p className="chat-message__label">{t('chat.visit.label')}</p>}
      {m.body && <p className="chat-message__body">{m.body}</p>}
      {m.kind === 'video' && m.videoUrl && (
        <p>
          <a href={m.videoUrl} target="_blank" rel="noopener noreferrer">
            {t('chat.video.join')}
          </a>
        </p>
      )}
      {(m.observationId || m.alertId) && (
        <p className="muted">{t(m.alertId ? 'chat.refersToAlert' : 'chat.refersToValue')}</p>
      )}
      {m.attachments.map((a) =>
        a.contentType.startsWith('image/') ? (
          <a
            key={a.id}
            href={attachmentUrl(a.id)}
            target="_blank"
            rel="noopener noreferrer"
            className="chat-image"
          >
            <img src={attachmentUrl(a.id)} alt={t('chat.attachment.image', { name: a.filename })} />
          </a>
        ) : (
          <p key={a.id}>
            <a href={attachmentUrl(a.id)}>{t('chat.attachment.pdf', { name: a.filename })}</a>
          </p>
        ),
      )}
      {own && m.kind !== 'note' && (
        <p className="chat-message__receipt muted">{m.read ? t('chat.read') : t('chat.delivered')}</p>
      )}
      {side === 'staff' && m.delivery && m.delivery.length > 0 && (
        <p className="chat-message__delivery muted">
          {t('chat.deliveryLabel')}{' '}
          {m.delivery
            .map((d) => `${t(`notifications.channel.${d.channel}`)}: ${t(`chat.deliveryStatus.${d.status}`)}`)
            .join(', ')}
        </p>
      )}
    </li>
  );
}
