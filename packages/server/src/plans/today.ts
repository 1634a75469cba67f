import {
  type ActivityAdherence,
  activityDataCode,
  type Localized,
  type PlanActivity,
  planAdherence,
  slotStatuses,
} from '@hemma/core';
import type { Queryable } from '../db/database';
import { loadIntakePlan } from './repository';

// "Due today" and adherence for the patient app and the staff plan view, from the plan's schedules and the
// readings and questionnaire responses received.

const ADHERENCE_DAYS = 14;

export interface TodayItem {
  activityId: string;
  kind: 'measurement' | 'questionnaire';
  /** Measurement LOINC, or questionnaire id ("phq-9"). */
  code: string;
  /** Questionnaire canonical URL (kind questionnaire). */
  questionnaire: string | null;
  title: Localized;
  instructions: Localized;
  /** Due instant (UTC) and local wall-clock time "HH:MM". */
  due: string;
  dueLocal: string;
  readings: number;
  received: number;
  status: 'done' | 'upcoming' | 'due' | 'missed';
}

export interface TodayView {
  date: string;
  timeZone: string;
  items: TodayItem[];
  adherence: { days: number; overall: ActivityAdherence; byActivity: ActivityAdherence[] } | null;
}

function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ms);
}

/** Times of readings and responses per activity data code since `from`: two indexed queries. */
async function receivedTimes(db: Queryable, patientId: string, activities: PlanActivity[], from: Date) {
  const measured = activities.filter((a) => a.kind === 'measurement').map(activityDataCode);
  const asked = activities.filter((a) => a.kind === 'questionnaire').map(activityDataCode);
  const times: Record<string, string[]> = {};
  const add = (code: string, at: Date) => {
    const list = times[code] ?? [];
    list.push(new Date(at).toISOString());
    times[code] = list;
  };
  if (measured.length > 0) {
    const { rows } = await db.query<{ code: string; effective_at: Date }>(
      `SELECT code, effective_at FROM observation
       WHERE patient_id = $1 AND code = ANY($2::text[]) AND effective_at >= $3 AND status <> 'entered-in-error'`,
      [patientId, measured, from],
    );
    for (const r of rows) add(r.code, r.effective_at);
  }
  if (asked.length > 0) {
    const { rows } = await db.query<{ questionnaire: string; authored_at: Date }>(
      'SELECT questionnaire, authored_at FROM questionnaire_response WHERE patient_id = $1 AND questionnaire = ANY($2::text[]) AND authored_at >= $3',
      [patientId, asked, from],
    );
    for (const r of rows) add(r.questionnaire, r.authored_at);
  }
  return times;
}

/** Today's occasions per activity with their status, and adherence over the last 14 days. */
export async function today(db: Queryable, patientId: string, now: Date): Promise<TodayView> {
  const plan = await loadIntakePlan(db, patientId);
  const timeZone = plan?.timeZone ?? 'Europe/Stockholm';
  const date = localDate(now.getTime(), timeZone);
  if (!plan || plan.activities.length === 0) return { date, timeZone, items: [], adherence: null };
  const from = new Date(now.getTime() - (ADHERENCE_DAYS + 1) * 86_400_000);
  const times = await receivedTimes(db, patientId, plan.activities, from);
  const timing = { start: plan.startsAt, timeZone, now: now.toISOString() };
  const items: TodayItem[] = [];
  for (const a of plan.activities) {
    const slots = slotStatuses(a, times[activityDataCode(a)] ?? [], {
      ...timing,
      from: now.getTime() - 36 * 3_600_000,
      to: now.getTime() + 36 * 3_600_000,
    });
    for (const s of slots.filter((x) => x.date === date))
      items.push({
        activityId: a.id,
        kind: a.kind,
        code: activityDataCode(a),
        questionnaire: a.kind === 'questionnaire' ? a.code : null,
        title: a.title,
        instructions: a.instructions,
        due: s.due,
        dueLocal: s.dueLocal.slice(11),
        readings: s.readings,
        received: s.received,
        status: s.status,
      });
  }
  items.sort((x, y) => (x.due < y.due ? -1 : x.due > y.due ? 1 : 0));
  const adherence = planAdherence(plan.activities, times, {
    ...timing,
    from: new Date(now.getTime() - ADHERENCE_DAYS * 86_400_000).toISOString(),
  });
  return { date, timeZone, items, adherence: { days: ADHERENCE_DAYS, ...adherence } };
}
