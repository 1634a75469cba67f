import { localDayNumber, zonedTimeToMs } from '@hemma/core';
import type { Queryable } from '../db/database';

export type ChannelName = 'in-app' | 'push' | 'email' | 'sms';
export const CHANNELS: readonly ChannelName[] = ['in-app', 'push', 'email', 'sms'];

export interface Preferences {
  inApp: boolean;
  push: boolean;
  email: boolean;
  sms: boolean;
  emailAddress: string | null;
  /** Local hours [quietStart, quietEnd) when nothing but in-app is delivered; equal → no quiet hours. */
  quietStart: number;
  quietEnd: number;
  timeZone: string;
  reminders: boolean;
  /** HH:MM local time the daily reminder digest is sent. */
  reminderTime: string;
}

export const DEFAULT_PREFERENCES: Preferences = {
  inApp: true,
  push: true,
  email: false,
  sms: false,
  emailAddress: null,
  quietStart: 21,
  quietEnd: 8,
  timeZone: 'Europe/Stockholm',
  reminders: true,
  reminderTime: '09:00',
};

interface Row {
  in_app: boolean;
  push: boolean;
  email: boolean;
  sms: boolean;
  email_address: string | null;
  quiet_start: number;
  quiet_end: number;
  time_zone: string;
  reminders: boolean;
  reminder_time: string;
}

export async function getPreferences(db: Queryable, patientId: string): Promise<Preferences> {
  const { rows } = await db.query<Row>('SELECT * FROM notification_preference WHERE patient_id = $1', [
    patientId,
  ]);
  const r = rows[0];
  if (!r) return { ...DEFAULT_PREFERENCES };
  return {
    inApp: r.in_app,
    push: r.push,
    email: r.email,
    sms: r.sms,
    emailAddress: r.email_address,
    quietStart: r.quiet_start,
    quietEnd: r.quiet_end,
    timeZone: r.time_zone,
    reminders: r.reminders,
    reminderTime: r.reminder_time,
  };
}

export async function setPreferences(db: Queryable, patientId: string, p: Preferences): Promise<void> {
  await db.query(
    `INSERT INTO notification_preference (patient_id, in_app, push, email, sms, email_address, quiet_start,
       quiet_end, time_zone, reminders, reminder_time, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
     ON CONFLICT (patient_id) DO UPDATE SET in_app = $2, push = $3, email = $4, sms = $5, email_address = $6,
       quiet_start = $7, quiet_end = $8, time_zone = $9, reminders = $10, reminder_time = $11, updated_at = now()`,
    [
      patientId,
      p.inApp,
      p.push,
      p.email,
      p.sms,
      p.emailAddress,
      p.quietStart,
      p.quietEnd,
      p.timeZone,
      p.reminders,
      p.reminderTime,
    ],
  );
}

export function enabledChannels(p: Preferences): ChannelName[] {
  return CHANNELS.filter((c) => (c === 'in-app' ? p.inApp : p[c]));
}

/** Hours, minutes and seconds of `at` on the wall clock of `timeZone`, and the local date. */
export function localClock(at: Date, timeZone: string): { date: string; h: number; m: number; s: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    h: Number(parts.hour),
    m: Number(parts.minute),
    s: Number(parts.second),
  };
}

/**
 * The earliest time a notification may be delivered: `now`, or the end of the patient's quiet hours
 * when `now` falls inside them (a window may wrap midnight, 21–08). In-app notifications are silent and
 * never held back.
 */
export function deliverableAt(now: Date, channel: ChannelName, p: Preferences): Date {
  if (channel === 'in-app' || p.quietStart === p.quietEnd) return now;
  const { h } = localClock(now, p.timeZone);
  const inside =
    p.quietStart < p.quietEnd ? h >= p.quietStart && h < p.quietEnd : h >= p.quietStart || h < p.quietEnd;
  if (!inside) return now;
  // The end is a time on the local clock, not a number of minutes away: a DST night is 23 or 25 hours long.
  const endsTomorrow = p.quietStart > p.quietEnd && h >= p.quietStart;
  const today = localDayNumber(now.getTime(), p.timeZone);
  return new Date(zonedTimeToMs(endsTomorrow ? today + 1 : today, p.quietEnd, 0, p.timeZone));
}
