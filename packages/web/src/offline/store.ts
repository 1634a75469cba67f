// The device-side store (IndexedDB through `idb`): the outbox of values not yet acknowledged by the server
// and the last API answers, so the app opens and shows the plan and history without a network.
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { MeasurementsBody } from '../apiTypes';

export interface OutboxItem {
  /** The idempotency key sent with every attempt: a retry after a lost answer is never stored twice. */
  key: string;
  /** Account that recorded it; only that account's session sends it (shared family tablet). */
  ownerId: string;
  body: MeasurementsBody;
  createdAt: string;
  attempts: number;
  /** Epoch ms before which no automatic retry is made. */
  nextAttemptAt: number;
  /** `rejected`: the server refused the values (not a network problem); kept so the patient sees it. */
  state: 'pending' | 'rejected';
  error?: string;
}

export interface CacheEntry {
  /** `${ownerId}|${what}` */
  id: string;
  ownerId: string;
  data: unknown;
  savedAt: string;
}

interface HemmaDb extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { byOwner: string } };
  cache: { key: string; value: CacheEntry; indexes: { byOwner: string } };
}

let opened: Promise<IDBPDatabase<HemmaDb>> | null = null;

export function offlineDb(): Promise<IDBPDatabase<HemmaDb>> {
  opened ??= openDB<HemmaDb>('hemma-offline', 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'key' }).createIndex('byOwner', 'ownerId');
      db.createObjectStore('cache', { keyPath: 'id' }).createIndex('byOwner', 'ownerId');
    },
  });
  return opened;
}

/** False where IndexedDB is missing or blocked (some private modes): the app then works online only. */
export const hasIndexedDb = (): boolean => typeof indexedDB !== 'undefined';
