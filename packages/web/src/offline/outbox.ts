// Values recorded without a network wait here and are sent when the connection returns: on the `online`
// event, on app start and on a timer with back-off. Each keeps the idempotency key it was given when the
// patient pressed Save, so however many times it is sent the server stores it once.
import { ApiError, api } from '../api';
import type { MeasurementResult, MeasurementsBody } from '../apiTypes';
import { classifyStatus, retryDelay } from './backoff';
import { reportReachable } from './connectivity';
import { hasIndexedDb, type OutboxItem, offlineDb } from './store';

export interface OutboxStatus {
  /** Values (not submissions) still to be sent. */
  waiting: number;
  /** Values the server refused; they need the patient's attention. */
  rejected: number;
  sending: boolean;
}

type Listener = (status: OutboxStatus) => void;
const listeners = new Set<Listener>();
let status: OutboxStatus = { waiting: 0, rejected: 0, sending: false };
let owner: string | null = null;
let timer: number | undefined;
let running: Promise<void> | null = null;

const valuesIn = (item: OutboxItem): number => item.body.measurements.length;

function publish(next: Partial<OutboxStatus>) {
  status = { ...status, ...next };
  for (const l of listeners) l(status);
}

export function subscribeOutbox(listener: Listener): () => void {
  listeners.add(listener);
  listener(status);
  return () => listeners.delete(listener);
}

async function itemsOf(ownerId: string): Promise<OutboxItem[]> {
  const db = await offlineDb();
  const items = await db.getAllFromIndex('outbox', 'byOwner', ownerId);
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

async function refreshCounts(): Promise<void> {
  if (!owner || !hasIndexedDb()) return publish({ waiting: 0, rejected: 0 });
  const items = await itemsOf(owner);
  const sum = (state: OutboxItem['state']) =>
    items.filter((i) => i.state === state).reduce((n, i) => n + valuesIn(i), 0);
  publish({ waiting: sum('pending'), rejected: sum('rejected') });
}

/** Keeps a submission on the device. The recording time is fixed now: sent later, "now" would be wrong. */
export async function enqueue(ownerId: string, body: MeasurementsBody, key: string): Promise<void> {
  const db = await offlineDb();
  const createdAt = new Date().toISOString();
  await db.put('outbox', {
    key,
    ownerId,
    body: { ...body, effectiveAt: body.effectiveAt ?? createdAt },
    createdAt,
    attempts: 0,
    nextAttemptAt: 0,
    state: 'pending',
  });
  await refreshCounts();
}

/** Sends now if possible, else queues. Answers the server's results, or null when queued. */
export async function saveOrQueue(
  ownerId: string | null,
  body: MeasurementsBody,
  key: string,
): Promise<MeasurementResult[] | null> {
  // No device owner (a relative acting for someone, see owner.ts): sent now or not at all.
  if (ownerId === null) return (await api.patient.saveMeasurements(body, key)).results;
  if (hasIndexedDb() && !navigator.onLine) {
    await enqueue(ownerId, body, key);
    return null;
  }
  try {
    const { results } = await api.patient.saveMeasurements(body, key);
    reportReachable(true);
    return results;
  } catch (e) {
    if (e instanceof ApiError) reportReachable(e.status !== 0);
    const transient = e instanceof ApiError && classifyStatus(e.status) === 'retry';
    if (!transient || !hasIndexedDb()) throw e;
    await enqueue(ownerId, body, key);
    schedule(retryDelay(1));
    return null;
  }
}

function schedule(delayMs: number) {
  window.clearTimeout(timer);
  timer = window.setTimeout(() => void flushOutbox(), Math.max(0, delayMs));
}

/** One pass over the queue, oldest first. Stops at the first network failure: the rest would fail too. */
async function sendDue(ownerId: string, force: boolean): Promise<void> {
  const db = await offlineDb();
  const now = Date.now();
  for (const item of await itemsOf(ownerId)) {
    if (item.state !== 'pending' || (!force && item.nextAttemptAt > now)) continue;
    let outcome: ReturnType<typeof classifyStatus>;
    let error: string | undefined;
    try {
      await api.patient.saveMeasurements(item.body, item.key);
      outcome = 'sent';
      reportReachable(true);
    } catch (e) {
      if (e instanceof ApiError) reportReachable(e.status !== 0);
      outcome = e instanceof ApiError ? classifyStatus(e.status) : 'retry';
      error = e instanceof ApiError ? (e.detail ?? e.title) : undefined;
    }
    if (outcome === 'sent') await db.delete('outbox', item.key);
    else if (outcome === 'rejected') await db.put('outbox', { ...item, state: 'rejected', error });
    else {
      if (outcome === 'retry') {
        const attempts = item.attempts + 1;
        await db.put('outbox', { ...item, attempts, nextAttemptAt: Date.now() + retryDelay(attempts) });
      }
      break;
    }
  }
}

/** Sends what is due. `force` ignores back-off (the connection just came back, or the app started). */
export function flushOutbox(force = false): Promise<void> {
  if (!owner || !hasIndexedDb()) return Promise.resolve();
  const ownerId = owner;
  running ??= (async () => {
    publish({ sending: true });
    try {
      // One tab at a time sends; the keys make a double send harmless, the lock just avoids the waste.
      if (navigator.locks) await navigator.locks.request('hemma-outbox', () => sendDue(ownerId, force));
      else await sendDue(ownerId, force);
    } catch (e) {
      console.warn('outbox flush failed', e);
    } finally {
      running = null;
      publish({ sending: false });
      await refreshCounts();
      const next = (await itemsOf(ownerId))
        .filter((i) => i.state === 'pending')
        .reduce((min, i) => Math.min(min, i.nextAttemptAt), Number.POSITIVE_INFINITY);
      if (Number.isFinite(next)) schedule(next - Date.now());
    }
  })();
  return running;
}

/** The rejected values, for the patient to see what was not accepted. */
export async function rejectedItems(ownerId: string): Promise<OutboxItem[]> {
  return (await itemsOf(ownerId)).filter((i) => i.state === 'rejected');
}

export async function discard(key: string): Promise<void> {
  await (await offlineDb()).delete('outbox', key);
  await refreshCounts();
}

const onOnline = () => void flushOutbox(true);

/** Starts sending for the logged-in patient (app start, login); null stops (logout). */
export function startOutbox(ownerId: string | null): void {
  owner = ownerId;
  window.clearTimeout(timer);
  window.removeEventListener('online', onOnline);
  window.removeEventListener('hemma:reachable', onOnline);
  if (!ownerId || !hasIndexedDb()) {
    void refreshCounts();
    return;
  }
  window.addEventListener('online', onOnline);
  window.addEventListener('hemma:reachable', onOnline);
  void refreshCounts().then(() => flushOutbox(true));
}
