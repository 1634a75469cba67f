// Missed measurement: a due slot with no reading by the end of its grace period → a yellow item for staff
// (and, on the server, a reminder to the patient), one per slot.
//
// Slots come from the caller: due instants, or local wall-clock times in the patient's zone (DST-safe: a
// daily 08:00 is 08:00 local on both sides of a change; a time inside the spring gap moves forward by the gap).
// A reading counts for slot i when it lies in [start_i, start_{i+1}), start_i = max(due_i − earlyMinutes,
// due_{i−1}): early readings up to earlyMinutes before, and late readings until the next slot opens. Slot i is
// missed when now ≥ due_i + graceMinutes and no reading has come for it. Slots due in the last lookbackHours
// are reported (a job running every few minutes sees each once; older ones have their item already).

import { checkNumber, finding, issue, judgedValueCodes, nowMs, seriesFor, zoneOf } from './common';
import {
  DAY_MS,
  localDateTime,
  localDayNumber,
  MINUTE_MS,
  parseLocalTime,
  toMs,
  weekdayOfDayNumber,
  zonedTimeToMs,
} from './time';
import type { MissedMeasurementConfig, Rule, RuleContext, RuleFinding } from './types';

export const MISSED_DEFAULTS = { graceMinutes: 120, earlyMinutes: 360, lookbackHours: 24 } as const;

interface Slot {
  due: number;
  start: number;
  end: number;
  satisfied: boolean;
}

function dueInstants(config: MissedMeasurementConfig, from: number, to: number, zone: string): number[] {
  const schedule = config.schedule as Partial<{
    dueTimes: string[];
    byLocalTime: string[];
    daysOfWeek: number[];
  }>;
  const out = new Set<number>();
  if (Array.isArray(schedule.dueTimes)) {
    for (const t of schedule.dueTimes) {
      const ms = toMs(t);
      if (Number.isFinite(ms) && ms >= from && ms <= to) out.add(ms);
    }
  } else if (Array.isArray(schedule.byLocalTime)) {
    const times = schedule.byLocalTime.map(parseLocalTime).filter((t) => t !== undefined);
    const weekdays = Array.isArray(schedule.daysOfWeek) ? schedule.daysOfWeek : [1, 2, 3, 4, 5, 6, 7];
    const first = localDayNumber(from, zone) - 1;
    const last = localDayNumber(to, zone) + 1;
    for (let day = first; day <= last; day++) {
      if (!weekdays.includes(weekdayOfDayNumber(day))) continue;
      for (const [h, m] of times) {
        const ms = zonedTimeToMs(day, h, m, zone);
        if (ms >= from && ms <= to) out.add(ms);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

function slots(config: MissedMeasurementConfig, ctx: RuleContext): Slot[] {
  const now = nowMs(ctx);
  const code = judgedValueCodes(config.code)[0];
  if (!code || !Number.isFinite(now)) return [];
  const zone = zoneOf(ctx);
  const grace = (config.graceMinutes ?? MISSED_DEFAULTS.graceMinutes) * MINUTE_MS;
  const early = (config.earlyMinutes ?? MISSED_DEFAULTS.earlyMinutes) * MINUTE_MS;
  const lookback = (config.lookbackHours ?? MISSED_DEFAULTS.lookbackHours) * 3_600_000;
  // One day on each side: neighbouring slots bound the windows of the slots we judge.
  const due = dueInstants(config, now - lookback - DAY_MS, now + DAY_MS, zone);
  const starts = due.map((d, i) => Math.max(d - early, i > 0 ? due[i - 1]! : Number.NEGATIVE_INFINITY));
  const readings = seriesFor(ctx, code).map((p) => p.ms);
  const out: Slot[] = [];
  due.forEach((d, i) => {
    if (d + grace > now) return;
    const start = starts[i]!;
    const end = starts[i + 1] ?? Number.POSITIVE_INFINITY;
    out.push({ due: d, start, end, satisfied: readings.some((r) => r >= start && r < end) });
  });
  const startsAt = toMs(config.startsAt);
  return Number.isFinite(startsAt) ? out.filter((s) => s.due >= startsAt) : out;
}

export const missedMeasurementRule: Rule<MissedMeasurementConfig> = {
  kind: 'missedMeasurement',
  defaultAutoResolve: true,

  validate(config) {
    const issues = [];
    if (judgedValueCodes(config.code).length === 0)
      issues.push(
        config.code
          ? issue(
              'code',
              'unknown-code',
              `${String(config.code)} is not a known measurement code`,
              config.code,
            )
          : issue('code', 'required', 'is required'),
      );
    issues.push(
      ...checkNumber(config.graceMinutes, 'graceMinutes', { min: 0, max: 7 * 24 * 60 }),
      ...checkNumber(config.earlyMinutes, 'earlyMinutes', { min: 0, max: 7 * 24 * 60 }),
      ...checkNumber(config.lookbackHours, 'lookbackHours', { above: 0, max: 24 * 31 }),
    );
    if (config.startsAt !== undefined && !Number.isFinite(toMs(config.startsAt)))
      issues.push(
        issue(
          'startsAt',
          'invalid',
          `${String(config.startsAt)} is not an ISO 8601 date-time`,
          config.startsAt,
        ),
      );
    const s = config.schedule as unknown;
    if (s == null || typeof s !== 'object') {
      issues.push(issue('schedule', 'required', 'is required: { dueTimes } or { byLocalTime, daysOfWeek? }'));
      return issues;
    }
    const schedule = s as Partial<{ dueTimes: unknown; byLocalTime: unknown; daysOfWeek: unknown }>;
    if (schedule.dueTimes !== undefined) {
      if (!Array.isArray(schedule.dueTimes) || schedule.dueTimes.length === 0)
        issues.push(issue('schedule.dueTimes', 'invalid', 'is empty: the schedule never fires'));
      else
        schedule.dueTimes.forEach((t, i) => {
          if (!Number.isFinite(toMs(t)))
            issues.push(
              issue(`schedule.dueTimes[${i}]`, 'invalid', `${String(t)} is not an ISO 8601 date-time`, t),
            );
        });
    } else if (schedule.byLocalTime !== undefined) {
      if (!Array.isArray(schedule.byLocalTime) || schedule.byLocalTime.length === 0)
        issues.push(issue('schedule.byLocalTime', 'invalid', 'is empty: the schedule never fires'));
      else
        schedule.byLocalTime.forEach((t, i) => {
          if (!parseLocalTime(t))
            issues.push(
              issue(
                `schedule.byLocalTime[${i}]`,
                'invalid',
                `${String(t)} is not a time HH:MM (00:00–23:59)`,
                t,
                'HH:MM',
              ),
            );
        });
      const days = schedule.daysOfWeek;
      if (days !== undefined) {
        if (!Array.isArray(days) || days.length === 0)
          issues.push(issue('schedule.daysOfWeek', 'invalid', 'is empty: the schedule never fires'));
        else
          days.forEach((d, i) => {
            if (!Number.isInteger(d) || d < 1 || d > 7)
              issues.push(
                issue(
                  `schedule.daysOfWeek[${i}]`,
                  'out-of-range',
                  `${String(d)} is not an ISO weekday 1 (Mon)–7 (Sun)`,
                  d,
                  '1–7',
                ),
              );
          });
      }
    } else {
      issues.push(issue('schedule', 'required', 'needs dueTimes or byLocalTime'));
    }
    return issues;
  },

  evaluate(config, ctx) {
    const code = judgedValueCodes(config.code)[0];
    if (!code) return [];
    const now = nowMs(ctx);
    const lookback = (config.lookbackHours ?? MISSED_DEFAULTS.lookbackHours) * 3_600_000;
    const graceMinutes = config.graceMinutes ?? MISSED_DEFAULTS.graceMinutes;
    const out: RuleFinding[] = [];
    for (const slot of slots(config, ctx)) {
      if (slot.satisfied || slot.due < now - lookback) continue;
      const due = new Date(slot.due).toISOString();
      out.push(
        finding(
          {
            ruleId: config.id,
            kind: 'missedMeasurement',
            code,
            severity: 'yellow',
            reason: {
              type: 'missed',
              code,
              due,
              dueLocal: localDateTime(slot.due, zoneOf(ctx)),
              graceMinutes,
            },
            dedupeKey: `${config.id}:${code}:${due}`,
          },
          config,
          missedMeasurementRule.defaultAutoResolve,
        ),
      );
    }
    return out;
  },

  /** The patient is back on schedule: the newest slot past its grace period has its reading. */
  clears(config, ctx) {
    const all = slots(config, ctx);
    return all.length > 0 && all[all.length - 1]!.satisfied;
  },
};
