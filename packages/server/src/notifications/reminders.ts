import type { Database, Queryable } from '../db/database';
import { today } from '../plans/today';
import { enqueueNotification } from './outbox';
import { DEFAULT_PREFERENCES, localClock } from './preferences';

/** Something a patient should do; what reminders are made of. Adapt the care-plan "due" data to this. */
export interface DueTask {
  kind: 'measurement-due' | 'measurement-overdue' | 'questionnaire-due';
  /** LOINC code of the measurement or questionnaire id; never shown in a notification. */
  code: string;
}

/** What is due or overdue now for each of the given patients (patients with nothing due may be absent). */
export type DueSource = (db: Queryable, patientIds: string[], now: Date) => Promise<Map<string, DueTask[]>>;

/**
 * Until care plans say what is due, a patient in active monitoring who has recorded nothing for a day
 * has a measurement due, and after three days it is overdue.
 */
export const recentActivityDueSource: DueSource = async (db, patientIds, now) => {
  const { rows } = await db.query<{ id: string; last: string | null }>(
    `SELECT p.id, (SELECT max(received_at) FROM observation o WHERE o.patient_id = p.id) AS last
     FROM patient p WHERE p.id = ANY($1::uuid[])`,
    [patientIds],
  );
  const out = new Map<string, DueTask[]>();
  for (const r of rows) {
    const hours = r.last ? (now.getTime() - new Date(r.last).getTime()) / 3600_000 : Infinity;
    if (hours >= 72) out.set(r.id, [{ kind: 'measurement-overdue', code: 'any' }]);
    else if (hours >= 24) out.set(r.id, [{ kind: 'measurement-due', code: 'any' }]);
  }
  return out;
};

/**
 * What the patient's care plan still has open today (plans/today.ts): occasions not yet done, missed
 * ones as overdue. Patients without a plan fall back to recentActivityDueSource.
 */
export const carePlanDueSource: DueSource = async (db, patientIds, now) => {
  const out = new Map<string, DueTask[]>();
  const withoutPlan: string[] = [];
  for (const id of patientIds) {
    const view = await today(db, id, now);
    if (!view.adherence) {
      withoutPlan.push(id);
      continue;
    }
    const tasks: DueTask[] = view.items
      .filter((i) => i.status !== 'done')
      .map((i) => ({
        kind:
          i.kind === 'questionnaire'
            ? 'questionnaire-due'
            : i.status === 'missed'
              ? 'measurement-overdue'
              : 'measurement-due',
        code: i.code,
      }));
    if (tasks.length > 0) out.set(id, tasks);
  }
  if (withoutPlan.length > 0) {
    for (const [id, tasks] of await recentActivityDueSource(db, withoutPlan, now)) out.set(id, tasks);
  }
  return out;
};

/**
 * Daily reminder digests: for every patient in active monitoring with reminders on whose reminder time
 * of day has passed (in their time zone) and who has not had today's digest, everything due is batched
 * into ONE notification per channel ("you have 3 things to do"), written to the outbox. Safe to run as
 * often as wanted: the digest's key is the patient and local date. Returns how many patients got one.
 */
export async function generateReminders(
  db: Database,
  now: Date,
  due: DueSource = carePlanDueSource,
): Promise<number> {
  const { rows } = await db.query<{
    id: string;
    reminders: boolean | null;
    reminder_time: string | null;
    time_zone: string | null;
  }>(
    `SELECT p.id, np.reminders, np.reminder_time, np.time_zone
     FROM patient p LEFT JOIN notification_preference np ON np.patient_id = p.id
     WHERE p.account_id IS NOT NULL AND coalesce(np.reminders, true)
       AND EXISTS (SELECT 1 FROM enrolment e WHERE e.patient_id = p.id AND e.status = 'active')`,
  );
  const ready = rows
    .map((r) => {
      const clock = localClock(now, r.time_zone ?? DEFAULT_PREFERENCES.timeZone);
      const [h, m] = (r.reminder_time ?? DEFAULT_PREFERENCES.reminderTime).split(':').map(Number);
      return { id: r.id, date: clock.date, passed: clock.h * 60 + clock.m >= h! * 60 + m! };
    })
    .filter((r) => r.passed);
  if (ready.length === 0) return 0;
  const tasks = await due(
    db,
    ready.map((r) => r.id),
    now,
  );
  let digests = 0;
  for (const r of ready) {
    const list = tasks.get(r.id) ?? [];
    if (list.length === 0) continue;
    const written = await db.tx((tx) =>
      enqueueNotification(tx, {
        patientId: r.id,
        kind: 'reminder',
        dedupeKey: `reminder:${r.id}:${r.date}`,
        detail: { count: list.length },
        now,
      }),
    );
    if (written > 0) digests++;
  }
  return digests;
}
