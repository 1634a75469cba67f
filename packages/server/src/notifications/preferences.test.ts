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
