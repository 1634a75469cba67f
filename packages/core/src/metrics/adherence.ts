// Adherence: how much of what the plan asked for was measured.

import { finiteIn, given } from './input';
import {
  checkTimeZone,
  DEFAULT_TIME_ZONE,
  dateOfDayNumber,
  dayNumber,
  isCalendarDate,
  localDate,
  parseInstant,
} from './time';

/**
 * Received / expected, in percent 0–100 (capped: extra readings do not make up for missed days elsewhere).
 * Nothing expected counts as 100 (nothing was missed). Negative or non-finite counts throw.
 */
export function adherence(counts: { expected: number; received: number }): number {
  if (counts == null || typeof counts !== 'object')
    throw new TypeError('adherence: { expected, received } is required');
  const expected = finiteIn(counts.expected, 'expected', 0, Number.MAX_SAFE_INTEGER);
  const received = finiteIn(counts.received, 'received', 0, Number.MAX_SAFE_INTEGER);
  if (expected === 0) return 100;
  return Math.min(100, (received / expected) * 100);
}

export interface AdherenceByDayOptions {
  /** First day, inclusive: a local date YYYY-MM-DD, or an ISO 8601 date-time whose local date is used. */
  from: string;
  /** Last day, inclusive, as `from`. */
  to: string;
  /** Readings a day needs to count as met (e.g. 2 for duplicate BP readings). Default 1. */
  perDay?: number;
  /** IANA time zone of the patient's days. Default Europe/Stockholm. */
  timeZone?: string;
}

export interface AdherenceDay {
  date: string;
  count: number;
  met: boolean;
}

export interface AdherenceByDay {
  /** Days from `from` to `to`, inclusive. */
  days: number;
  /** Days with at least `perDay` readings. */
  daysMet: number;
  /** daysMet / days, percent 0–100. */
  percent: number;
  /** One entry per day, in date order. */
  byDay: AdherenceDay[];
}

const MAX_DAYS = 3700; // about ten years: a bound on the work, far beyond any plan

function dayOf(value: unknown, field: string, timeZone: string): number {
  if (isCalendarDate(value)) {
    try {
      return dayNumber(value);
    } catch {
      throw new RangeError(`${field}: ${given(value)} is not a valid calendar date`);
    }
  }
  return dayNumber(localDate(parseInstant(value, field), timeZone));
}

/**
 * Days in [from, to] (local calendar days in `timeZone`, DST-safe) with at least `perDay` readings.
 * Readings outside the range are ignored.
 */
export function adherenceByDay(readings: { time: string }[], options: AdherenceByDayOptions): AdherenceByDay {
  if (!Array.isArray(readings)) throw new TypeError('readings: not an array');
  if (options == null || typeof options !== 'object')
    throw new TypeError('options: { from, to } is required');
  const timeZone = checkTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE);
  const perDay = options.perDay ?? 1;
  if (typeof perDay !== 'number' || !Number.isInteger(perDay) || perDay < 1)
    throw new RangeError(`perDay: ${given(perDay)} is not a whole number ≥ 1`);
  const from = dayOf(options.from, 'from', timeZone);
  const to = dayOf(options.to, 'to', timeZone);
  if (to < from) throw new RangeError(`to: ${options.to} is before from: ${options.from}`);
  if (to - from + 1 > MAX_DAYS) throw new RangeError(`from–to: more than ${MAX_DAYS} days`);

  const counts = new Map<number, number>();
  readings.forEach((r, i) => {
    if (r == null || typeof r !== 'object') throw new TypeError(`readings[${i}]: not a reading object`);
    const day = dayNumber(localDate(parseInstant(r.time, `readings[${i}].time`), timeZone));
    if (day >= from && day <= to) counts.set(day, (counts.get(day) ?? 0) + 1);
  });

  const byDay: AdherenceDay[] = [];
  for (let d = from; d <= to; d++) {
    const count = counts.get(d) ?? 0;
    byDay.push({ date: dateOfDayNumber(d), count, met: count >= perDay });
  }
  const daysMet = byDay.filter((d) => d.met).length;
  return { days: byDay.length, daysMet, percent: (daysMet / byDay.length) * 100, byDay };
}
