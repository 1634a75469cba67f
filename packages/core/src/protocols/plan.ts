// Care-plan logic on top of schedules: which occasions are due today and whether they are done, adherence per
// activity and overall, the monitoring kind that governs alerting, and the missed-measurement rules a job runs.

import { findMeasurement, valueCodes } from '../catalogue';
import { adherence } from '../metrics/adherence';
import { MISSED_DEFAULTS } from '../rules/missedMeasurement';
import { MINUTE_MS } from '../rules/time';
import type { MissedMeasurementConfig } from '../rules/types';
import { RUN_IN_MIN_SPREAD } from '../run-in';
import { questionnaireIdOf } from './library';
import { type Occurrence, occurrences } from './schedule';
import type { MonitoringKind, PlanActivity, ProtocolActivity } from './types';

/** The most demanding kind among a patient's active enrolments governs alerting. */
export function governingKind(kinds: MonitoringKind[]): MonitoringKind | null {
  for (const k of ['prescribed', 'recommended', 'self-initiated'] as const) if (kinds.includes(k)) return k;
  return null;
}

/** What the monitoring kind means for alerts (DOMAIN.md): none, informational, or full with a response target. */
export function alertingFor(kind: MonitoringKind | null): 'none' | 'informational' | 'full' {
  return kind === 'prescribed' ? 'full' : kind === 'recommended' ? 'informational' : 'none';
}

/**
 * The value codes a run-in proposes personal limits for: those of the measurement activities the run-in applies
 * to (not `runIn: false`) that RUN_IN_MIN_SPREAD lists, sorted. A value another activity opts out is left out.
 */
export function runInValueCodes(
  activities: readonly Pick<ProtocolActivity, 'kind' | 'code' | 'runIn'>[],
): string[] {
  const codes = new Set<string>();
  const optedOut = new Set<string>();
  for (const a of activities) {
    if (a.kind !== 'measurement') continue;
    const def = findMeasurement(a.code);
    for (const c of def ? valueCodes(def) : [a.code])
      if (c in RUN_IN_MIN_SPREAD) (a.runIn === false ? optedOut : codes).add(c);
  }
  return [...codes].filter((c) => !optedOut.has(c)).sort();
}

/** The code readings of an activity are stored under: a measurement's LOINC, or the questionnaire id. */
export function activityDataCode(a: Pick<PlanActivity, 'kind' | 'code'>): string {
  return a.kind === 'measurement'
    ? (findMeasurement(a.code)?.loinc ?? a.code)
    : (questionnaireIdOf(a.code) ?? a.code);
}

export interface SlotStatus extends Occurrence {
  received: number;
  status: 'done' | 'upcoming' | 'due' | 'missed';
}

export interface PlanTiming {
  /** The plan's start instant. */
  start: string;
  timeZone: string;
  now: string;
}

/**
 * Matches readings (times, any order) to an activity's occasions in [from, to]: a reading counts for an occasion
 * from `earlyMinutes` before it to the grace after it, each reading once, up to the readings expected.
 */
export function slotStatuses(
  activity: Pick<PlanActivity, 'schedule' | 'missedGraceMinutes' | 'startsAt'>,
  times: string[],
  timing: PlanTiming & { from: string | number; to: string | number },
): SlotStatus[] {
  const now = Date.parse(timing.now);
  const grace = (activity.missedGraceMinutes ?? MISSED_DEFAULTS.graceMinutes) * MINUTE_MS;
  const early = MISSED_DEFAULTS.earlyMinutes * MINUTE_MS;
  const readings = times
    .map((t) => Date.parse(t))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  let next = 0;
  let lastUsed = Number.NEGATIVE_INFINITY;
  const slots = occurrences(activity.schedule, {
    start: activity.startsAt ?? timing.start,
    timeZone: timing.timeZone,
    from: timing.from,
    to: timing.to,
  });
  return slots.map((o) => {
    const due = Date.parse(o.due);
    let received = 0;
    while (next < readings.length && readings[next]! < Math.max(due - early, lastUsed)) next++;
    while (next < readings.length && readings[next]! <= due + grace && received < o.readings) {
      received++;
      lastUsed = readings[next]!;
      next++;
    }
    const status: SlotStatus['status'] =
      received >= o.readings ? 'done' : now > due + grace ? 'missed' : now >= due ? 'due' : 'upcoming';
    return { ...o, received, status };
  });
}

export interface ActivityAdherence {
  activityId: string;
  expected: number;
  received: number;
  /** 0–100; 100 when nothing was expected. */
  percent: number;
}

/** Adherence per activity and overall over [from, now]: readings received for occasions whose grace has passed. */
export function planAdherence(
  activities: PlanActivity[],
  timesByCode: Record<string, string[]>,
  timing: PlanTiming & { from: string },
): { overall: ActivityAdherence & { activityId: '*' }; byActivity: ActivityAdherence[] } {
  const now = Date.parse(timing.now);
  const byActivity = activities.map((a) => {
    const slots = slotStatuses(a, timesByCode[activityDataCode(a)] ?? [], {
      ...timing,
      to: timing.now,
    }).filter((s) => s.status !== 'upcoming' && s.status !== 'due' && Date.parse(s.due) <= now);
    const expected = slots.reduce((n, s) => n + s.readings, 0);
    const received = slots.reduce((n, s) => n + Math.min(s.received, s.readings), 0);
    return { activityId: a.id, expected, received, percent: adherence({ expected, received }) };
  });
  const expected = byActivity.reduce((n, a) => n + a.expected, 0);
  const received = byActivity.reduce((n, a) => n + a.received, 0);
  return {
    overall: { activityId: '*', expected, received, percent: adherence({ expected, received }) },
    byActivity,
  };
}

/**
 * Missed-measurement rules for a job run at `now`: one per measurement activity that reports misses, with the
 * due times of the last `lookbackHours` from its schedule (so any RRULE works with the core rule). An activity
 * with a `missedCheck` is checked on that check's own schedule and windows instead of on every occasion.
 */
export function missedMeasurementRules(
  activities: PlanActivity[],
  timing: PlanTiming,
  lookbackHours: number = MISSED_DEFAULTS.lookbackHours,
): MissedMeasurementConfig[] {
  const now = Date.parse(timing.now);
  const out: MissedMeasurementConfig[] = [];
  for (const a of activities) {
    if (a.kind !== 'measurement') continue;
    const check =
      a.missedCheck ??
      (a.missedGraceMinutes === undefined
        ? undefined
        : { schedule: a.schedule, graceMinutes: a.missedGraceMinutes });
    if (!check) continue;
    const from = now - (lookbackHours * 60 + check.graceMinutes) * MINUTE_MS;
    const start = a.startsAt ?? timing.start;
    const dueTimes = occurrences(check.schedule, { start, timeZone: timing.timeZone, from, to: now }).map(
      (o) => o.due,
    );
    if (dueTimes.length === 0) continue; // nothing was due: the rule would be invalid (never fires)
    out.push({
      kind: 'missedMeasurement',
      id: `missed.${a.id}`,
      code: activityDataCode(a),
      schedule: { dueTimes },
      graceMinutes: check.graceMinutes,
      ...('earlyMinutes' in check ? { earlyMinutes: check.earlyMinutes } : {}),
      lookbackHours,
      startsAt: start,
      autoResolve: true,
    });
  }
  return out;
}

/**
 * How far back a missed-measurement job must read observations for these rules: a reading counts from
 * earlyMinutes before the earliest due time (a "two days without" check looks 48 hours back).
 */
export function missedRulesReadFrom(rules: MissedMeasurementConfig[]): number | undefined {
  let from: number | undefined;
  for (const r of rules) {
    if (!('dueTimes' in r.schedule)) continue;
    const early = (r.earlyMinutes ?? MISSED_DEFAULTS.earlyMinutes) * MINUTE_MS;
    for (const due of r.schedule.dueTimes) {
      const t = Date.parse(due) - early;
      if (from === undefined || t < from) from = t;
    }
  }
  return from;
}
