// Body-weight change over a window of days, for heart-failure monitoring (e.g. "+2 kg in 3 days"; ESC 2021
// heart failure guidelines advise daily morning weighing — McDonagh TA, et al. Eur Heart J 2021;42:3599–3726).

import { roundTo } from '../validate';
import { finiteIn, given } from './input';
import { checkTimeZone, DEFAULT_TIME_ZONE, dayNumber, localDate, parseInstant } from './time';

export interface WeightReading {
  /** ISO 8601 date-time with offset. */
  time: string;
  /** kg. */
  value: number;
}

export interface WeightChangeOptions {
  /** Window in whole days, typically 1, 3 or 7. */
  days: 1 | 3 | 7 | number;
  /** IANA time zone of the patient's days. Default Europe/Stockholm. */
  timeZone?: string;
  /** The evaluation time (ISO 8601 with offset); readings after it are ignored. No clock is read. */
  now: string;
  /** How many days the reference day may lie from the target day (now − days). Default 1. */
  toleranceDays?: number;
}

/** The weight of one local day: its first (morning) reading. */
export interface DailyWeight {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  time: string;
  value: number;
}

export interface WeightChange {
  /** latest − reference, kg, rounded to 0.1 kg (the catalogue's precision for weight). Positive = gain. */
  change: number;
  latest: DailyWeight;
  reference: DailyWeight;
  /** Calendar days between the reference and the latest day. */
  days: number;
}

// The catalogue's possible range for body weight, kg.
const POSSIBLE = [1, 400] as const;

/**
 * Weight change between the latest day's weight and the weight of the day closest to (local date of `now`)
 * − `days`.
 *
 * One value per local day: the first reading of the day (the morning weight, before food and diuretics, as
 * heart-failure patients are taught); later readings that day are ignored. The reference is the daily
 * weight closest to the target day, at most `toleranceDays` (default 1) away and before the latest day; on a
 * tie the earlier day wins (the longer window). Returns null when there is no such reference (or no reading).
 */
export function weightChange(readings: WeightReading[], options: WeightChangeOptions): WeightChange | null {
  if (!Array.isArray(readings)) throw new TypeError('readings: not an array');
  if (options == null || typeof options !== 'object')
    throw new TypeError('options: { days, now } is required');
  const { days } = options;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1)
    throw new RangeError(`days: ${given(days)} is not a whole number of days ≥ 1`);
  const tolerance = options.toleranceDays ?? 1;
  if (typeof tolerance !== 'number' || !Number.isInteger(tolerance) || tolerance < 0)
    throw new RangeError(`toleranceDays: ${given(tolerance)} is not a whole number ≥ 0`);
  const timeZone = checkTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE);
  const now = parseInstant(options.now, 'now');

  const daily = new Map<string, DailyWeight & { ms: number }>();
  readings.forEach((r, i) => {
    if (r == null || typeof r !== 'object') throw new TypeError(`readings[${i}]: not a reading object`);
    const value = finiteIn(r.value, `readings[${i}].value (kg)`, ...POSSIBLE);
    const ms = parseInstant(r.time, `readings[${i}].time`);
    if (ms > now) return;
    const date = localDate(ms, timeZone);
    const seen = daily.get(date);
    if (!seen || ms < seen.ms) daily.set(date, { date, time: r.time, value, ms });
  });
  if (daily.size === 0) return null;

  const dates = [...daily.keys()].sort();
  const latestDate = dates.at(-1)!;
  const latestDay = dayNumber(latestDate);
  const target = dayNumber(localDate(now, timeZone)) - days;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const date of dates) {
    const n = dayNumber(date);
    if (n >= latestDay) continue;
    const distance = Math.abs(n - target);
    // Dates ascend, so a strict < keeps the earlier day on a tie.
    if (distance <= tolerance && distance < bestDistance) {
      best = date;
      bestDistance = distance;
    }
  }
  if (best === undefined) return null;

  const strip = ({ date, time, value }: DailyWeight): DailyWeight => ({ date, time, value });
  const latest = strip(daily.get(latestDate)!);
  const reference = strip(daily.get(best)!);
  return {
    change: roundTo(latest.value - reference.value, 1),
    latest,
    reference,
    days: latestDay - dayNumber(best),
  };
}
