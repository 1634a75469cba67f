import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { chatApi } from './chatApi';
import { useChatEvents } from './chatEvents';

/** The "Messages" navigation item with the number of conversations that have something unread. */
export function ChatNavLink({ to }: { to: string }) {
  const { t } = useTranslation();
  const [unread, setUnread] = useState(0);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    chatApi.unread(controller.signal).then(
      (r) => setUnread(r.threads),
      () => undefined,
    );
    return () => controller.abort();
  }, [tick]);
  useChatEvents(() => setTick((n) => n + 1));

  return (
    <li>
      <NavLink to={to} data-testid="chat-nav">
        {t('chat.nav')}
        {unread > 0 && (
          <>
            <span className="chat-badge" aria-hidden="true">
              {unread}
            </span>
            <span className="visually-hidden">{t('chat.unreadThreads', { count: unread })}</span>
          </>
        )}
      </NavLink>
    </li>
  );
}
