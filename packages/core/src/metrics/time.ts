// Instants and local calendar days. Pure: the time zone database comes from Intl, never from the process
// time zone or the clock.

export const DEFAULT_TIME_ZONE = 'Europe/Stockholm';

const DAY_MS = 86_400_000;
/** ISO 8601 date-time with an explicit offset ("Z" or ±hh:mm), so parsing never depends on the host's zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since the epoch of an ISO 8601 instant with offset, else throws naming `field`. */
export function parseInstant(time: unknown, field: string): number {
  const ms = typeof time === 'string' && ISO_INSTANT.test(time) ? Date.parse(time) : Number.NaN;
  if (!Number.isFinite(ms))
    throw new RangeError(
      `${field}: ${typeof time === 'string' ? JSON.stringify(time) : String(time)} is not an ISO 8601 date-time with offset (e.g. "2026-03-01T07:30:00+01:00")`,
    );
  return ms;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      throw new RangeError(`timeZone: ${JSON.stringify(timeZone)} is not a known IANA time zone`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Checks a time zone name, throwing a clear message when Intl does not know it. */
export function checkTimeZone(timeZone: unknown): string {
  if (typeof timeZone !== 'string' || timeZone === '')
    throw new RangeError(`timeZone: ${String(timeZone)} is not a known IANA time zone`);
  formatter(timeZone);
  return timeZone;
}

/** The local calendar date ("YYYY-MM-DD") of an instant in an IANA time zone (DST handled by Intl). */
export function localDate(ms: number, timeZone: string): string {
  let year = '';
  let month = '';
  let day = '';
  for (const p of formatter(timeZone).formatToParts(ms)) {
    if (p.type === 'year') year = p.value.padStart(4, '0');
    else if (p.type === 'month') month = p.value;
    else if (p.type === 'day') day = p.value;
  }
  return `${year}-${month}-${day}`;
}

/** Days since 1970-01-01 of a calendar date "YYYY-MM-DD" (calendar arithmetic, no time zone involved). */
export function dayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`${JSON.stringify(date)} is not a calendar date YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    throw new RangeError(`${JSON.stringify(date)} is not a calendar date YYYY-MM-DD`);
  return ms / DAY_MS;
}

/** The calendar date "YYYY-MM-DD" of a day number (inverse of dayNumber). */
export function dateOfDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Whether a string is a bare calendar date "YYYY-MM-DD". */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value);
}

export { DAY_MS };
