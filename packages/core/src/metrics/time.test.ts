import { describe, expect, it } from 'vitest';
import { checkTimeZone, dateOfDayNumber, dayNumber, isCalendarDate, localDate, parseInstant } from './time';

describe('parseInstant', () => {
  it('accepts ISO 8601 date-times with an offset', () => {
    expect(parseInstant('2026-03-01T07:30:00+01:00', 't')).toBe(Date.parse('2026-03-01T06:30:00Z'));
    expect(parseInstant('2026-03-01T07:30Z', 't')).toBe(Date.parse('2026-03-01T07:30:00Z'));
    expect(parseInstant('2026-03-01T07:30:00.123Z', 't')).toBe(Date.parse('2026-03-01T07:30:00.123Z'));
  });

  it.each(['2026-03-01T07:30:00', '2026-03-01', 'yesterday', '2026-13-01T00:00:00Z', 42, null])(
    'rejects %o, naming the field',
    (t) => {
      expect(() => parseInstant(t, 'readings[2].time')).toThrow(/^readings\[2\]\.time: /);
    },
  );
});

describe('localDate', () => {
  it.each([
    // Stockholm: CET (UTC+1) in winter, CEST (UTC+2) from 29 March 2026 01:00 UTC to 25 October 01:00 UTC.
    ['2026-03-01T22:59:59Z', 'Europe/Stockholm', '2026-03-01'],
    ['2026-03-01T23:00:00Z', 'Europe/Stockholm', '2026-03-02'],
    ['2026-03-29T21:59:59Z', 'Europe/Stockholm', '2026-03-29'],
    ['2026-03-29T22:00:00Z', 'Europe/Stockholm', '2026-03-30'],
    ['2026-10-25T22:59:59Z', 'Europe/Stockholm', '2026-10-25'],
    ['2026-10-25T23:00:00Z', 'Europe/Stockholm', '2026-10-26'],
    ['2026-03-02T03:00:00Z', 'America/New_York', '2026-03-01'],
    ['2026-03-02T03:00:00Z', 'UTC', '2026-03-02'],
  ])('%s in %s is %s', (time, tz, date) => {
    expect(localDate(Date.parse(time), tz)).toBe(date);
  });

  it('rejects unknown time zones', () => {
    expect(() => checkTimeZone('Europe/Atlantis')).toThrow(/^timeZone: "Europe\/Atlantis" is not a known/);
    expect(() => checkTimeZone('')).toThrow(/^timeZone/);
    expect(checkTimeZone('Europe/Stockholm')).toBe('Europe/Stockholm');
  });
});

describe('day numbers', () => {
  it('round-trips calendar dates and does calendar arithmetic', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2026-03-01') - dayNumber('2026-02-28')).toBe(1);
    expect(dateOfDayNumber(dayNumber('2024-02-29') + 1)).toBe('2024-03-01');
    expect(() => dayNumber('2026-02-29')).toThrow(/not a calendar date/);
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-28T00:00Z')).toBe(false);
  });
});
