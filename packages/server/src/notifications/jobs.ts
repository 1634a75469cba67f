import { loadConfig } from '../config';
import type { Database } from '../db/database';
import type { PeriodicJob } from '../jobs/periodic';
import { type Channels, createChannels } from './channels';
import type { NotificationConfig } from './config';
import { deliverDueNotifications } from './outbox';
import { generateReminders } from './reminders';

let cached: { db: Database; config: NotificationConfig; channels: Channels } | undefined;

/** Channels as configured by the environment, made once per database (the process's). */
function configured(db: Database) {
  if (cached?.db !== db) {
    const config = loadConfig().notifications;
    cached = { db, config, channels: createChannels(db, config) };
  }
  return cached;
}

/**
 * The notification work that runs on a schedule (registered in jobs/periodic.ts): the outbox worker
 * every minute — a row waits at most that long, and a failed one its back-off — and the reminder
 * digests every five minutes (a patient's reminder time is met within five minutes).
 */
export const NOTIFICATION_JOBS: PeriodicJob[] = [
  {
    name: 'notifications.deliver',
    cron: '* * * * *',
    run: (db, now) => {
      const { config, channels } = configured(db);
      return deliverDueNotifications(db, now, channels, { publicUrl: config.publicUrl, limit: 500 });
    },
  },
  { name: 'notifications.reminders', cron: '*/5 * * * *', run: (db, now) => generateReminders(db, now) },
];
