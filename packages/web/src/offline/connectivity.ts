// Whether the app can reach the server. navigator.onLine alone is not enough: it says true behind a captive
// portal, a dead mobile link or a server that is down. A request that got no answer marks the app offline
// until the next request that did.
import { useEffect, useState } from 'react';

let unreachable = false;
let probe: number | undefined;
const listeners = new Set<() => void>();
const PROBE_MS = 10_000;

export function reportReachable(reached: boolean): void {
  if (unreachable === !reached) return;
  unreachable = !reached;
  window.clearInterval(probe);
  // While unreachable, ask the health endpoint now and then, so the app notices the way back even when
  // nothing else is sent and the browser never fires `online`.
  if (unreachable) probe = window.setInterval(() => void checkNow(), PROBE_MS);
  for (const l of listeners) l();
  if (!unreachable) window.dispatchEvent(new Event('hemma:reachable'));
}

async function checkNow(): Promise<void> {
  try {
    const res = await fetch('/health', { cache: 'no-store' });
    if (res.ok) reportReachable(true);
  } catch {
    /* still unreachable */
  }
}

export const isOnline = (): boolean => navigator.onLine && !unreachable;

export function useOnline(): boolean {
  const [online, setOnline] = useState(isOnline);
  useEffect(() => {
    const update = () => setOnline(isOnline());
    listeners.add(update);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    update();
    return () => {
      listeners.delete(update);
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}
