import { describe, expect, it } from 'vitest';
import { describeRuleReason } from './describe';
import { missedMeasurementRule as rule } from './missedMeasurement';
import { context, series, sthlm } from './testing';
import type { MissedMeasurementConfig, MissedReason } from './types';

const WEIGHT = '29463-7';
const config: MissedMeasurementConfig = {
  id: 'weight-daily',
  kind: 'missedMeasurement',
  code: WEIGHT,
  schedule: { byLocalTime: ['08:00'] },
  graceMinutes: 120,
};
const run = (points: [string, number][], now: string, c = config) =>
  rule.evaluate(c, context({ now: sthlm(now), history: { [WEIGHT]: series(points) } }));

describe('missedMeasurement', () => {
  it.each<[string, [string, number][], string, string[]]>([
    ['before the grace period ends: nothing', [], '2025-03-12 09:59', []],
    ['grace over, nothing received: missed', [], '2025-03-12 10:00', ['2025-03-12T07:00:00.000Z']],
    ['an early reading counts', [['2025-03-12 06:40', 80]], '2025-03-12 12:00', []],
    ['a late reading before the next slot counts', [['2025-03-12 11:00', 80]], '2025-03-12 12:00', []],
    [
      "yesterday's reading does not count for today",
      [['2025-03-11 08:05', 80]],
      '2025-03-12 12:00',
      ['2025-03-12T07:00:00.000Z'],
    ],
    // DST: 08:00 local is 07:00 UTC in winter, 06:00 UTC in summer.
    [
      'spring-forward day: due 08:00 CEST = 06:00 UTC',
      [['2025-03-29 08:00', 80]],
      '2025-03-30 10:30',
      ['2025-03-30T06:00:00.000Z'],
    ],
    [
      'fall-back day: due 08:00 CET = 07:00 UTC',
      [['2025-10-25 08:00', 80]],
      '2025-10-26 10:30',
      ['2025-10-26T07:00:00.000Z'],
    ],
  ])('%s', (_name, points, now, dues) => {
    const findings = run(points, now);
    expect(findings.map((f) => (f.reason as MissedReason).due)).toEqual(dues);
    for (const f of findings) {
      expect(f.severity).toBe('yellow');
      expect(f.dedupeKey).toBe(`weight-daily:${WEIGHT}:${(f.reason as MissedReason).due}`);
    }
  });

  it('twice daily with lookback: each slot its own finding and key; the reason names the local time', () => {
    const c: MissedMeasurementConfig = {
      ...config,
      code: '85354-9',
      schedule: { byLocalTime: ['08:00', '20:00'] },
    };
    const findings = rule.evaluate(
      c,
      context({ now: sthlm('2025-03-13 07:00'), history: { '8480-6': series([['2025-03-12 08:10', 130]]) } }),
    );
    expect(findings).toHaveLength(1);
    const reason = findings[0]!.reason as MissedReason;
    expect(reason.dueLocal).toBe('2025-03-12 20:00');
    expect(describeRuleReason(reason, 'sv')).toBe(
      'Systoliskt blodtryck saknas: skulle mätas 2025-03-12 20:00',
    );
    expect(describeRuleReason(reason, 'en')).toBe('Systolic blood pressure missing: due 2025-03-12 20:00');
  });

  it('weekdays only, explicit due times, startsAt', () => {
    // 15 March 2025 is a Saturday.
    expect(
      run([], '2025-03-15 12:00', {
        ...config,
        schedule: { byLocalTime: ['08:00'], daysOfWeek: [1, 2, 3, 4, 5] },
      }),
    ).toEqual([]);
    expect(
      run([], '2025-03-14 12:00', { ...config, schedule: { byLocalTime: ['08:00'], daysOfWeek: [5] } }),
    ).toHaveLength(1);
    expect(
      run([], '2025-03-14 12:00', { ...config, schedule: { dueTimes: ['2025-03-14T07:00:00Z'] } }),
    ).toHaveLength(1);
    expect(run([], '2025-03-14 12:00', { ...config, startsAt: '2025-03-14T09:00:00Z' })).toEqual([]);
  });

  it('clears when the newest past slot has its reading', () => {
    const ctx = (points: [string, number][]) =>
      context({ now: sthlm('2025-03-12 12:00'), history: { [WEIGHT]: series(points) } });
    expect(rule.clears!(config, ctx([]))).toBe(false);
    expect(rule.clears!(config, ctx([['2025-03-12 11:30', 80]]))).toBe(true);
  });

  it.each<[MissedMeasurementConfig['schedule'], string]>([
    [{ byLocalTime: [] }, 'schedule.byLocalTime: is empty: the schedule never fires'],
    [{ byLocalTime: ['08:00'], daysOfWeek: [] }, 'schedule.daysOfWeek: is empty: the schedule never fires'],
    [{ dueTimes: [] }, 'schedule.dueTimes: is empty: the schedule never fires'],
    [{ byLocalTime: ['25:00'] }, 'schedule.byLocalTime[0]: 25:00 is not a time HH:MM (00:00–23:59)'],
    [
      { byLocalTime: ['08:00'], daysOfWeek: [0] },
      'schedule.daysOfWeek[0]: 0 is not an ISO weekday 1 (Mon)–7 (Sun)',
    ],
  ])('validate schedule %o', (schedule, message) => {
    expect(rule.validate({ ...config, schedule }).map((i) => i.message)).toContain(message);
  });
});
