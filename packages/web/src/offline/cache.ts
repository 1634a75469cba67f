// The last answers of the patient's own GET requests, kept on the device so the app opens without a
// network with the plan and history it last saw, marked with when that was.
import { ApiError } from '../api';
import { reportReachable } from './connectivity';
import { hasIndexedDb, offlineDb } from './store';

export interface Cached<T> {
  data: T;
  /** Null when fresh from the server; else when the shown copy was fetched. */
  savedAt: string | null;
}

const idOf = (ownerId: string, what: string) => `${ownerId}|${what}`;

export async function readCache<T>(
  ownerId: string,
  what: string,
): Promise<{ data: T; savedAt: string } | null> {
  if (!hasIndexedDb()) return null;
  try {
    const entry = await (await offlineDb()).get('cache', idOf(ownerId, what));
    return entry ? { data: entry.data as T, savedAt: entry.savedAt } : null;
  } catch {
    return null;
  }
}

export async function writeCache(ownerId: string, what: string, data: unknown): Promise<void> {
  if (!hasIndexedDb()) return;
  try {
    await (await offlineDb()).put('cache', {
      id: idOf(ownerId, what),
      ownerId,
      data,
      savedAt: new Date().toISOString(),
    });
  } catch {
    // A full or blocked store only costs the offline copy, never the online answer.
  }
}

/** Network first; on a network failure the last stored answer, if any. Server errors are not hidden. */
export async function loadCached<T>(
  ownerId: string | null,
  what: string,
  load: () => Promise<T>,
): Promise<Cached<T>> {
  // No device owner (a relative acting for someone): online only, nothing kept.
  if (ownerId === null) return { data: await load(), savedAt: null };
  try {
    const data = await load();
    reportReachable(true);
    void writeCache(ownerId, what, data);
    return { data, savedAt: null };
  } catch (e) {
    if (e instanceof ApiError && e.status === 0) {
      reportReachable(false);
      const cached = await readCache<T>(ownerId, what);
      if (cached) return cached;
    }
    throw e;
  }
}

/** Everything on this device for one account: on logout, so the next user of the device sees nothing. */
export async function clearCache(ownerId: string): Promise<void> {
  if (!hasIndexedDb()) return;
  const db = await offlineDb();
  const tx = db.transaction('cache', 'readwrite');
  for (const key of await tx.store.index('byOwner').getAllKeys(ownerId)) await tx.store.delete(key);
  await tx.done;
}
