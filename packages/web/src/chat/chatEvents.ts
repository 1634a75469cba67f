import { useEffect, useRef } from 'react';

export interface ChatEvent {
  threadId: string;
  messageId: string;
  side: 'patient' | 'staff';
  kind: string;
}

type Listener = (e: ChatEvent | 'changed') => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

// One stream per tab, shared by the nav badge and the open page; closed when nobody listens.
function open() {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/chat/events', { withCredentials: true });
  let broken = false;
  source.addEventListener('chat-message', (e) => {
    let event: ChatEvent;
    try {
      event = JSON.parse((e as MessageEvent).data as string) as ChatEvent;
    } catch {
      return;
    }
    for (const l of listeners) l(event);
  });
  source.addEventListener('error', () => {
    broken = true;
  });
  source.addEventListener('open', () => {
    // Messages may have arrived while the stream was down.
    if (broken) notifyChatChanged();
    broken = false;
  });
}

/** Something changed that live events do not carry (a thread was read here): refresh counts. */
export function notifyChatChanged() {
  for (const l of listeners) l('changed');
}

/** Calls `onEvent` for each new message the user may see (and 'changed' after local reads). */
export function useChatEvents(onEvent: Listener): void {
  const ref = useRef(onEvent);
  ref.current = onEvent;
  useEffect(() => {
    const listener: Listener = (e) => ref.current(e);
    listeners.add(listener);
    open();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        source?.close();
        source = null;
      }
    };
  }, []);
}
