// Date, time and number helpers. All times are shown in Swedish time whatever the device says,
// so staff and patients talk about the same clock.
import { type Lang, localDayNumber, zonedTimeToMs } from '@hemma/core';

export const TIME_ZONE = 'Europe/Stockholm';
const LOCALES: Record<Lang, string> = { sv: 'sv-SE', en: 'en-GB' };
const DAY_MS = 86_400_000;

/** Today's date ("YYYY-MM-DD") in Swedish time, for date fields: the UTC date is yesterday until 01:00/02:00. */
export const todayDate = (now: Date = new Date()): string =>
  new Date(localDayNumber(now.getTime(), TIME_ZONE) * DAY_MS).toISOString().slice(0, 10);

/** The instant a Swedish calendar day ("YYYY-MM-DD", as the server stores medication dates) begins. */
export const startOfDayMs = (date: string): number =>
  zonedTimeToMs(Date.parse(`${date}T00:00:00Z`) / DAY_MS, 0, 0, TIME_ZONE);

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: TIME_ZONE, ...options });
    cache.set(key, f);
  }
  return f;
}

export const formatDateTime = (iso: string | number | Date, lang: Lang): string =>
  dtf(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** Compact date and time for tables: "22 nov. 07:10"; the year only when it is not this year. */
export function formatDateTimeCompact(
  iso: string | number | Date,
  lang: Lang,
  now: Date = new Date(),
): string {
  const date = new Date(iso);
  const sameYear = dtf(lang, { year: 'numeric' }).format(date) === dtf(lang, { year: 'numeric' }).format(now);
  return dtf(lang, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

export const formatDate = (iso: string | number | Date, lang: Lang): string =>
  dtf(lang, { dateStyle: 'medium' }).format(new Date(iso));

export const formatShortDate = (iso: string | number | Date, lang: Lang): string =>
  dtf(lang, { day: 'numeric', month: 'short' }).format(new Date(iso));

/** "för 5 min sedan" / "5 min ago". */
export function formatRelative(iso: string, lang: Lang, now: number = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(LOCALES[lang], { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(0, 'minute');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

/** Whole years between a birth date (YYYY-MM-DD) and today. */
export function ageInYears(birthDate: string, today: Date = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age--;
  return age;
}

/** Parses what people type: "82,4", "82.4", " 1 234,5". Returns NaN for anything else. */
export function parseDecimal(input: string): number {
  const s = input
    .trim()
    .replace(/[\s\u00a0]/g, '')
    .replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return Number.NaN;
  return Number(s);
}

/** ISO timestamp for `days` days ago, for observation queries. */
export const daysAgoIso = (days: number, now: number = Date.now()): string =>
  new Date(now - days * 86_400_000).toISOString();

/** Value for <input type="datetime-local"> in the device's time zone (the picker works in local time). */
export function toLocalInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
