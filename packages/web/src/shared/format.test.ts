import { describe, expect, it } from 'vitest';
import { startOfDayMs, todayDate } from './format';

describe('todayDate: the Swedish date, the default of date fields', () => {
  it.each([
    ['2026-11-21T23:30:00Z', '2026-11-22'], // 00:30 CET: already the 22nd in Stockholm
    ['2026-06-30T22:30:00Z', '2026-07-01'], // 00:30 CEST
    ['2026-06-30T21:59:00Z', '2026-06-30'], // 23:59 CEST
    ['2026-11-22T12:00:00Z', '2026-11-22'],
  ])('%s → %s', (now, expected) => {
    expect(todayDate(new Date(now))).toBe(expected);
  });
});

describe('startOfDayMs: where a medication date sits on the charts', () => {
  it.each([
    ['2026-11-22', '2026-11-21T23:00:00.000Z'], // CET
    ['2026-07-01', '2026-06-30T22:00:00.000Z'], // CEST
    ['2027-03-28', '2027-03-27T23:00:00.000Z'], // the spring-forward day starts in CET
    ['2026-10-26', '2026-10-25T23:00:00.000Z'], // the day after fall-back
  ])('%s begins at %s', (date, expected) => {
    expect(new Date(startOfDayMs(date)).toISOString()).toBe(expected);
  });
});
