import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, deliverableAt, localClock } from './preferences';

const p = DEFAULT_PREFERENCES; // quiet 21–08 Stockholm

describe('deliverableAt (quiet hours)', () => {
  it.each([
    // [now (UTC), channel, expected (UTC)] — Stockholm is UTC+1 in winter, UTC+2 in summer.
    ['2026-01-15T12:00:00Z', 'sms', '2026-01-15T12:00:00.000Z'], // 13:00 local: now
    ['2026-01-15T19:59:59Z', 'email', '2026-01-15T19:59:59.000Z'], // 20:59:59: still allowed
    ['2026-01-15T20:00:00Z', 'email', '2026-01-16T07:00:00.000Z'], // 21:00 → 08:00 next morning
    ['2026-01-15T23:30:00Z', 'push', '2026-01-16T07:00:00.000Z'], // 00:30 → 08:00 the same day
    ['2026-01-16T06:59:00Z', 'sms', '2026-01-16T07:00:00.000Z'], // 07:59 → 08:00
    ['2026-01-16T07:00:00Z', 'sms', '2026-01-16T07:00:00.000Z'], // 08:00: allowed
    ['2026-07-01T19:30:00Z', 'sms', '2026-07-02T06:00:00.000Z'], // summer 21:30 → 08:00 (UTC+2)
    ['2026-01-15T23:30:00Z', 'in-app', '2026-01-15T23:30:00.000Z'], // in-app is never held back
  ] as const)('%s %s → %s', (now, channel, expected) => {
    expect(deliverableAt(new Date(now), channel, p).toISOString()).toBe(expected);
  });

  // The end of quiet hours is 08:00 on the local clock, however many hours the night has.
  it.each([
    // Spring forward 2027-03-28 02:00 CET → 03:00 CEST: a 10-hour night 22:00–08:00.
    ['2027-03-27T21:00:00Z', '2027-03-28T06:00:00.000Z'], // 22:00 CET → 08:00 CEST
    ['2027-03-28T00:30:00Z', '2027-03-28T06:00:00.000Z'], // 01:30 CET, before the change
    ['2027-03-28T01:30:00Z', '2027-03-28T06:00:00.000Z'], // 03:30 CEST, after it
    // Fall back 2026-10-25 03:00 CEST → 02:00 CET: a 10½-hour wait from 22:30 to 08:00.
    ['2026-10-24T20:30:00Z', '2026-10-25T07:00:00.000Z'], // 22:30 CEST → 08:00 CET
    ['2026-10-25T00:30:00Z', '2026-10-25T07:00:00.000Z'], // 02:30 CEST, the first 02:30
    ['2026-10-25T01:30:00Z', '2026-10-25T07:00:00.000Z'], // 02:30 CET, the second
    // An ordinary night, for comparison.
    ['2026-11-14T21:00:00Z', '2026-11-15T07:00:00.000Z'], // 22:00 CET → 08:00 CET
  ] as const)('DST night: %s → %s', (now, expected) => {
    expect(deliverableAt(new Date(now), 'sms', p).toISOString()).toBe(expected);
  });

  it('ends quiet hours that end inside the spring-forward gap at the first instant after it', () => {
    // 02:00 does not exist in Stockholm on 2027-03-28; 03:00 CEST is the first local time after it.
    const early = { ...p, quietStart: 22, quietEnd: 2 };
    expect(deliverableAt(new Date('2027-03-27T22:00:00Z'), 'sms', early).toISOString()).toBe(
      '2027-03-28T01:00:00.000Z',
    );
  });

  it('supports a window that does not wrap midnight, and none at all', () => {
    const day = { ...p, quietStart: 12, quietEnd: 14 };
    expect(deliverableAt(new Date('2026-01-15T11:15:00Z'), 'sms', day).toISOString()).toBe(
      '2026-01-15T13:00:00.000Z',
    );
    expect(deliverableAt(new Date('2026-01-15T22:00:00Z'), 'sms', day).toISOString()).toBe(
      '2026-01-15T22:00:00.000Z',
    );
    const none = { ...p, quietStart: 0, quietEnd: 0 };
    expect(deliverableAt(new Date('2026-01-15T23:00:00Z'), 'sms', none).toISOString()).toBe(
      '2026-01-15T23:00:00.000Z',
    );
  });

  it('reads the wall clock of the patient’s time zone', () => {
    expect(localClock(new Date('2026-01-15T23:30:00Z'), 'Europe/Stockholm')).toEqual({
      date: '2026-01-16',
      h: 0,
      m: 30,
      s: 0,
    });
  });
});
