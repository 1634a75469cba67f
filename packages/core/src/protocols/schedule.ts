// Activity schedules: a small, tested subset of RFC 5545 RRULE, evaluated on the patient's local calendar
// (so 07:00 stays 07:00 across daylight-saving changes). Chosen over the rrule npm package because that one
// computes in UTC or "floating" dates and needs work-arounds for zones; this subset covers what care plans use.

import {
  DAY_MS,
  dateOfDayNumber,
  localDateTime,
  localDayNumber,
  safeTimeZone,
  weekdayOfDayNumber,
  zonedTimeToMs,
} from '../rules/time';
import type { ValidationIssue } from '../types';
import type { ScheduleEntry } from './types';

export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY';

export interface Rrule {
  freq: Frequency;
  interval: number;
  /** ISO weekdays 1 (Monday)–7 (Sunday). */
  byDay?: number[];
  byMonthDay?: number[];
  byHour: number[];
  byMinute: number[];
  count?: number;
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const PARTS = ['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYHOUR', 'BYMINUTE', 'COUNT'];
/** How far ahead "never fires" looks: two years covers every monthly and weekly pattern. */
export const SCHEDULE_HORIZON_DAYS = 731;

function bad(field: string, given: string, message: string, allowed?: string): ValidationIssue {
  return { field, kind: 'invalid', given, ...(allowed ? { allowed } : {}), message: `${field}: ${message}` };
}

function intList(field: string, raw: string, min: number, max: number, issues: ValidationIssue[]): number[] {
  const out: number[] = [];
  for (const s of raw.split(',')) {
    const n = Number(s);
    if (s === '' || !Number.isInteger(n) || n < min || n > max)
      issues.push(bad(field, s, `${s} is not a whole number from ${min} to ${max}`, `${min}–${max}`));
    else if (!out.includes(n)) out.push(n);
  }
  return out.sort((a, b) => a - b);
}

/** Parses "FREQ=DAILY;BYHOUR=7,20" with precise issues (field "rrule.<PART>"). */
export function parseRrule(
  text: unknown,
  field = 'rrule',
): { ok: true; value: Rrule } | { ok: false; issues: ValidationIssue[] } {
  if (typeof text !== 'string' || text.trim() === '')
    return {
      ok: false,
      issues: [{ field, kind: 'required', message: `${field}: is required, e.g. FREQ=DAILY;BYHOUR=8` }],
    };
  const issues: ValidationIssue[] = [];
  const parts = new Map<string, string>();
  for (const piece of text
    .trim()
    .replace(/^RRULE:/i, '')
    .split(';')) {
    if (piece === '') continue;
    const [k, v, ...rest] = piece.split('=');
    const key = (k ?? '').toUpperCase();
    if (v === undefined || rest.length > 0) {
      issues.push(bad(field, piece, `${piece} is not NAME=VALUE`));
      continue;
    }
    if (!PARTS.includes(key)) {
      issues.push(bad(field, key, `${key} is not supported`, PARTS.join(', ')));
      continue;
    }
    if (parts.has(key)) issues.push(bad(`${field}.${key}`, v, `${key} is given twice`));
    parts.set(key, v.toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (!freq)
    issues.push({
      field: `${field}.FREQ`,
      kind: 'required',
      message: `${field}.FREQ: is required (DAILY, WEEKLY or MONTHLY)`,
    });
  else if (!['DAILY', 'WEEKLY', 'MONTHLY'].includes(freq))
    issues.push(bad(`${field}.FREQ`, freq, `${freq} is not supported`, 'DAILY, WEEKLY, MONTHLY'));
  const rule: Rrule = { freq: (freq ?? 'DAILY') as Frequency, interval: 1, byHour: [8], byMinute: [0] };
  const interval = parts.get('INTERVAL');
  if (interval !== undefined) rule.interval = intList(`${field}.INTERVAL`, interval, 1, 366, issues)[0] ?? 1;
  const count = parts.get('COUNT');
  if (count !== undefined) rule.count = intList(`${field}.COUNT`, count, 1, 100000, issues)[0];
  const byDay = parts.get('BYDAY');
  if (byDay !== undefined) {
    rule.byDay = [];
    for (const d of byDay.split(',')) {
      const i = WEEKDAYS.indexOf(d);
      if (i < 0) issues.push(bad(`${field}.BYDAY`, d, `${d} is not a weekday`, WEEKDAYS.join(', ')));
      else if (!rule.byDay.includes(i + 1)) rule.byDay.push(i + 1);
    }
    rule.byDay.sort((a, b) => a - b);
  }
  const byMonthDay = parts.get('BYMONTHDAY');
  if (byMonthDay !== undefined) {
    if (freq !== 'MONTHLY')
      issues.push(bad(`${field}.BYMONTHDAY`, byMonthDay, 'is only supported with FREQ=MONTHLY'));
    rule.byMonthDay = intList(`${field}.BYMONTHDAY`, byMonthDay, 1, 31, issues);
  }
  const byHour = parts.get('BYHOUR');
  if (byHour !== undefined) rule.byHour = intList(`${field}.BYHOUR`, byHour, 0, 23, issues);
  const byMinute = parts.get('BYMINUTE');
  if (byMinute !== undefined) rule.byMinute = intList(`${field}.BYMINUTE`, byMinute, 0, 59, issues);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: rule };
}

/** Formats a parsed rule back to text (canonical order), for the editor. */
export function formatRrule(r: Rrule): string {
  const parts = [`FREQ=${r.freq}`];
  if (r.interval !== 1) parts.push(`INTERVAL=${r.interval}`);
  if (r.byDay?.length) parts.push(`BYDAY=${r.byDay.map((d) => WEEKDAYS[d - 1]).join(',')}`);
  if (r.byMonthDay?.length) parts.push(`BYMONTHDAY=${r.byMonthDay.join(',')}`);
  parts.push(`BYHOUR=${r.byHour.join(',')}`);
  if (r.byMinute.length !== 1 || r.byMinute[0] !== 0) parts.push(`BYMINUTE=${r.byMinute.join(',')}`);
  if (r.count !== undefined) parts.push(`COUNT=${r.count}`);
  return parts.join(';');
}

function monthIndex(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Whether the rule fires on a local day, given the entry's first day. */
function firesOn(r: Rrule, day: number, first: number): boolean {
  const weekday = weekdayOfDayNumber(day);
  switch (r.freq) {
    case 'DAILY':
      return (day - first) % r.interval === 0 && (!r.byDay || r.byDay.includes(weekday));
    case 'WEEKLY': {
      const weekOf = (d: number) => Math.floor((d - (weekdayOfDayNumber(d) - 1)) / 7);
      const days = r.byDay ?? [weekdayOfDayNumber(first)];
      return (weekOf(day) - weekOf(first)) % r.interval === 0 && days.includes(weekday);
    }
    case 'MONTHLY': {
      const dom = new Date(day * DAY_MS).getUTCDate();
      const days = r.byMonthDay ?? [new Date(first * DAY_MS).getUTCDate()];
      return (
        (monthIndex(day) - monthIndex(first)) % r.interval === 0 &&
        days.includes(dom) &&
        (!r.byDay || r.byDay.includes(weekday))
      );
    }
  }
}

export interface Occurrence {
  /** Due instant, ISO 8601 UTC. */
  due: string;
  /** "YYYY-MM-DD HH:MM" in the patient's zone. */
  dueLocal: string;
  /** Local date "YYYY-MM-DD". */
  date: string;
  readings: number;
  /** Index of the schedule entry it came from. */
  entry: number;
}

export interface OccurrenceWindow {
  /** The plan's start instant (its local date is day 0). */
  start: string;
  timeZone: string;
  /** Inclusive bounds (instants or ms). */
  from: string | number;
  to: string | number;
}

const msOf = (t: string | number): number => (typeof t === 'number' ? t : Date.parse(t));

/**
 * Due occasions of a schedule between from and to (inclusive), sorted by time. Entries with an invalid rrule
 * are skipped (plans are validated when saved). Day 0 is the start's local day, but occasions before the start
 * instant itself are never due (enrolled at 10:00, the 07:00 reading is not expected); COUNT counts them.
 */
export function occurrences(schedule: ScheduleEntry[], w: OccurrenceWindow): Occurrence[] {
  const zone = safeTimeZone(w.timeZone);
  const startMs = Date.parse(w.start);
  const fromMs = msOf(w.from);
  const toMs = msOf(w.to);
  if (![startMs, fromMs, toMs].every(Number.isFinite) || toMs < fromMs) return [];
  const day0 = localDayNumber(startMs, zone);
  const out: Occurrence[] = [];
  schedule.forEach((entry, index) => {
    const parsed = parseRrule(entry.rrule);
    if (!parsed.ok) return;
    const r = parsed.value;
    const first = day0 + (entry.startDay ?? 0);
    const last = entry.days !== undefined ? first + entry.days - 1 : Number.POSITIVE_INFINITY;
    const fromDay = Math.max(first, localDayNumber(fromMs, zone) - 1);
    const toDay = Math.min(last, localDayNumber(toMs, zone) + 1);
    // COUNT needs the occurrences before the window too: count from the first day.
    let seen = 0;
    const scanFrom = r.count !== undefined ? first : fromDay;
    for (let day = scanFrom; day <= toDay; day++) {
      if (!firesOn(r, day, first)) continue;
      for (const h of r.byHour)
        for (const m of r.byMinute) {
          if (r.count !== undefined && seen >= r.count) return;
          seen++;
          const ms = zonedTimeToMs(day, h, m, zone);
          if (ms < fromMs || ms > toMs || ms < startMs) continue;
          out.push({
            due: new Date(ms).toISOString(),
            dueLocal: localDateTime(ms, zone),
            date: dateOfDayNumber(day),
            readings: entry.readings ?? 1,
            entry: index,
          });
        }
    }
  });
  return out.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.entry - b.entry));
}

/** Problems of a schedule: invalid rules, bad day counts, and entries that never fire (field "schedule[i]…"). */
export function validateSchedule(schedule: unknown, field = 'schedule'): ValidationIssue[] {
  if (!Array.isArray(schedule) || schedule.length === 0)
    return [{ field, kind: 'required', message: `${field}: needs at least one timing` }];
  const issues: ValidationIssue[] = [];
  schedule.forEach((raw, i) => {
    const at = `${field}[${i}]`;
    const entry = raw as ScheduleEntry;
    if (entry == null || typeof entry !== 'object') {
      issues.push({ field: at, kind: 'invalid', message: `${at}: must be an object` });
      return;
    }
    const parsed = parseRrule(entry.rrule, `${at}.rrule`);
    if (!parsed.ok) issues.push(...parsed.issues);
    for (const [key, min] of [
      ['startDay', 0],
      ['days', 1],
      ['readings', 1],
    ] as const) {
      const v = entry[key];
      if (v !== undefined && (!Number.isInteger(v) || v < min || v > 100000))
        issues.push({
          field: `${at}.${key}`,
          kind: 'out-of-range',
          given: String(v),
          allowed: `whole number ≥ ${min}`,
          message: `${at}.${key}: ${String(v)} must be a whole number ≥ ${min}`,
        });
    }
    if (!parsed.ok || issues.some((x) => x.field.startsWith(at))) return;
    const r = parsed.value;
    // A valid rule can still never fire inside its window, depending on the day the plan starts (BYDAY=SA in a
    // 5-day window, BYMONTHDAY=31 in a 10-day one). A plan must not get a dead timing, so the window is tried
    // from every possible start: each weekday, and for monthly rules each day of a (leap) year.
    const days = Math.min(entry.days ?? SCHEDULE_HORIZON_DAYS, SCHEDULE_HORIZON_DAYS);
    const dead = deadStart(r, days);
    if (dead !== undefined)
      issues.push({
        field: `${at}.rrule`,
        kind: 'invalid',
        given: entry.rrule,
        message: `${at}.rrule: ${entry.rrule} never fires within ${entry.days !== undefined ? `its ${entry.days} day(s)` : 'two years'} when the plan starts on ${describeStart(r, dead)}`,
      });
  });
  return issues;
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** Day numbers of 1970-01-05 (a Monday) and 1972-01-01 (a leap year's first day). */
const FIRST_MONDAY = 4;
const LEAP_YEAR_START = 730;

/** A start day from which the rule never fires within `days` days, or undefined when every start works. */
function deadStart(r: Rrule, days: number): number | undefined {
  const starts =
    r.freq === 'MONTHLY'
      ? Array.from({ length: 366 }, (_, i) => LEAP_YEAR_START + i)
      : Array.from({ length: 7 }, (_, i) => FIRST_MONDAY + i);
  for (const first of starts) {
    let fires = false;
    for (let day = first; day < first + days && !fires; day++) fires = firesOn(r, day, first);
    if (!fires) return first;
  }
  return undefined;
}

function describeStart(r: Rrule, day: number): string {
  if (r.freq !== 'MONTHLY') return `a ${WEEKDAY_NAMES[weekdayOfDayNumber(day) - 1]}`;
  const d = new Date(day * DAY_MS);
  return `${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]}`;
}
