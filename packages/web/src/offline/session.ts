// The last signed-in account, so the installed app opens offline on the patient's own pages instead of
// the login form. It grants nothing: every request still needs the server session cookie.
import type { Me } from '../apiTypes';
import { readCache, writeCache } from './cache';
import { hasIndexedDb, offlineDb } from './store';

const DEVICE = 'device';

export const rememberMe = (me: Me): Promise<void> => writeCache(DEVICE, 'me', me);

export async function lastMe(): Promise<Me | null> {
  return (await readCache<Me>(DEVICE, 'me'))?.data ?? null;
}

export async function forgetMe(): Promise<void> {
  if (!hasIndexedDb()) return;
  try {
    await (await offlineDb()).delete('cache', `${DEVICE}|me`);
  } catch {
    /* nothing stored */
  }
}
