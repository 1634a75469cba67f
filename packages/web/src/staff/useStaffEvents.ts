import { useEffect, useRef } from 'react';
import { STAFF_EVENTS_URL } from '../api';
import type { AlertUpdatedEvent, WorklistItem } from '../apiTypes';

interface Handlers {
  onCreated: (item: WorklistItem) => void;
  onUpdated: (event: AlertUpdatedEvent) => void;
  /** Called each time the stream opens, the first time too: whatever happened before the subscription
   *  (after the page's first fetch, or during a break) came as no event, so refetch. */
  onConnected: () => void;
  /** Something else on the worklist changed (a patient message): refetch. */
  onChanged?: () => void;
}

/** Subscribes to the staff event stream for as long as the component is mounted. */
export function useStaffEvents(handlers: Handlers): void {
  // Handlers change every render; keep the latest without reopening the stream.
  const ref = useRef(handlers);
  ref.current = handlers;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(STAFF_EVENTS_URL, { withCredentials: true });
    const parse = <T>(e: MessageEvent): T | null => {
      try {
        return JSON.parse(e.data as string) as T;
      } catch {
        return null;
      }
    };
    source.addEventListener('alert-created', (e) => {
      const item = parse<WorklistItem>(e as MessageEvent);
      if (item) ref.current.onCreated(item);
    });
    source.addEventListener('alert-updated', (e) => {
      const event = parse<AlertUpdatedEvent>(e as MessageEvent);
      if (event) ref.current.onUpdated(event);
    });
    source.addEventListener('worklist-changed', () => ref.current.onChanged?.());
    // After an error EventSource reconnects by itself, and 'open' fires again.
    source.addEventListener('open', () => ref.current.onConnected());
    return () => source.close();
  }, []);
}
