// Local calendar days and wall-clock times in the patient's zone, from Intl (never the host zone).

import { DAY_MS, dateOfDayNumber } from '../metrics/time';

export { DAY_MS, dateOfDayNumber };
export const FALLBACK_TIME_ZONE = 'Europe/Stockholm';
export const MINUTE_MS = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(timeZone: string): Intl.DateTimeFormat | null {
  if (!formatters.has(timeZone)) {
    try {
      formatters.set(
        timeZone,
        new Intl.DateTimeFormat('en-US', {
          timeZone,
          hourCycle: 'h23',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
        }),
      );
    } catch {
      formatters.set(timeZone, null);
    }
  }
  return formatters.get(timeZone) ?? null;
}

/** The zone if Intl knows it, else Europe/Stockholm (the product's default zone). */
export function safeTimeZone(timeZone: string): string {
  return typeof timeZone === 'string' && formatter(timeZone) ? timeZone : FALLBACK_TIME_ZONE;
}

/** Milliseconds since the epoch, or NaN for anything that is not a parsable date-time. */
export function toMs(time: unknown): number {
  return typeof time === 'string' ? Date.parse(time) : Number.NaN;
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wall(ms: number, timeZone: string): Wall {
  const f = formatter(safeTimeZone(timeZone))!;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

// Rules see the same readings again at every evaluation (the history), and formatToParts dominates their run
// time, so local days are remembered per zone and instant. Bounded: cleared when full.
const DAY_CACHE_LIMIT = 50_000;
const dayCache = new Map<string, Map<number, number>>();

/** Whole local days since 1970-01-01 of an instant: a calendar-day number, unaffected by DST. */
export function localDayNumber(ms: number, timeZone: string): number {
  const zone = safeTimeZone(timeZone);
  let days = dayCache.get(zone);
  if (!days) {
    days = new Map();
    dayCache.set(zone, days);
  }
  let day = days.get(ms);
  if (day === undefined) {
    const w = wall(ms, zone);
    day = Math.floor(Date.UTC(w.year, w.month - 1, w.day) / DAY_MS);
    if (days.size >= DAY_CACHE_LIMIT) days.clear();
    days.set(ms, day);
  }
  return day;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** ISO weekday 1 (Monday)–7 (Sunday) of a day number. */
export function weekdayOfDayNumber(day: number): number {
  return ((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1;
}

/** "YYYY-MM-DD HH:MM" in the zone. */
export function localDateTime(ms: number, timeZone: string): string {
  const w = wall(ms, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** Offset of the zone at an instant, in ms (local − UTC). */
function offsetAt(ms: number, timeZone: string): number {
  const s = Math.floor(ms / 1000) * 1000;
  const w = wall(s, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - s;
}

/**
 * The instant of a local wall-clock time on a local day. Like Temporal's 'compatible' disambiguation: a time
 * skipped by the spring-forward gap moves forward by the gap (02:30 → 03:30 in Stockholm); a time that occurs
 * twice in autumn takes the earlier instant.
 */
export function zonedTimeToMs(day: number, hour: number, minute: number, timeZone: string): number {
  const asUtc = day * DAY_MS + hour * 3_600_000 + minute * MINUTE_MS;
  const before = asUtc - offsetAt(asUtc - DAY_MS, timeZone);
  const after = asUtc - offsetAt(asUtc + DAY_MS, timeZone);
  const fits = (t: number): boolean => t + offsetAt(t, timeZone) === asUtc;
  const candidates = [before, after].filter(fits);
  if (candidates.length > 0) return Math.min(...candidates);
  return before; // in the gap: the pre-transition offset lands after the gap
}

/** "HH:MM" (00:00–23:59) → [hour, minute], else undefined. */
export function parseLocalTime(s: unknown): [number, number] | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}
