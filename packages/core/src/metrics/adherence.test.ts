import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adherence, adherenceByDay } from './adherence';

describe('adherence', () => {
  it.each([
    [14, 14, 100],
    [14, 7, 50],
    [14, 0, 0],
    [14, 20, 100], // capped
    [0, 0, 100], // nothing due, nothing missed
    [0, 3, 100],
  ])('expected %i, received %i → %f %', (expected, received, percent) => {
    expect(adherence({ expected, received })).toBe(percent);
  });

  it('throws on negative or non-finite counts', () => {
    expect(() => adherence({ expected: -1, received: 0 })).toThrow(/^expected: -1 is outside/);
    expect(() => adherence({ expected: 5, received: Number.NaN })).toThrow(/^received: NaN/);
    expect(() => adherence(undefined as never)).toThrow(/expected, received/);
  });

  it('is always 0–100', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (expected, received) => {
        const p = adherence({ expected, received });
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe('adherenceByDay', () => {
  // Duplicate BP readings (perDay 2) over one week of March 2026 in Stockholm (UTC+1).
  const readings = [
    { time: '2026-03-01T07:00:00+01:00' },
    { time: '2026-03-01T07:02:00+01:00' }, // 1 Mar: 2 → met
    { time: '2026-03-02T07:00:00+01:00' }, // 2 Mar: 1 → not met
    { time: '2026-03-03T07:00:00+01:00' },
    { time: '2026-03-03T07:02:00+01:00' },
    { time: '2026-03-03T21:00:00+01:00' }, // 3 Mar: 3 → met
    { time: '2026-03-04T22:59:00Z' }, // 4 Mar 23:59 local
    { time: '2026-03-04T23:01:00Z' }, // 5 Mar 00:01 local
    { time: '2026-03-05T07:00:00+01:00' }, // 5 Mar: 2 → met; 4 Mar: 1 → not met
    { time: '2026-02-28T07:00:00+01:00' }, // outside the range
    { time: '2026-03-08T07:00:00+01:00' }, // outside the range
  ];

  it('counts local days with at least perDay readings', () => {
    const r = adherenceByDay(readings, { from: '2026-03-01', to: '2026-03-07', perDay: 2 });
    expect(r.days).toBe(7);
    expect(r.daysMet).toBe(3);
    expect(r.percent).toBeCloseTo((3 / 7) * 100, 10);
    expect(r.byDay).toEqual([
      { date: '2026-03-01', count: 2, met: true },
      { date: '2026-03-02', count: 1, met: false },
      { date: '2026-03-03', count: 3, met: true },
      { date: '2026-03-04', count: 1, met: false },
      { date: '2026-03-05', count: 2, met: true },
      { date: '2026-03-06', count: 0, met: false },
      { date: '2026-03-07', count: 0, met: false },
    ]);
  });

  it('perDay defaults to 1; from/to may be instants (their local dates)', () => {
    const r = adherenceByDay(readings, { from: '2026-02-28T23:30:00Z', to: '2026-03-05T12:00:00Z' });
    // from = 1 Mar local, to = 5 Mar
    expect(r).toMatchObject({ days: 5, daysMet: 5, percent: 100 });
  });

  it('counts calendar days across DST (29 March and 25 October 2026)', () => {
    expect(adherenceByDay([], { from: '2026-03-27', to: '2026-03-31' }).days).toBe(5);
    expect(adherenceByDay([], { from: '2026-10-24', to: '2026-10-26' }).days).toBe(3);
    const r = adherenceByDay([{ time: '2026-03-29T22:30:00Z' }], { from: '2026-03-29', to: '2026-03-30' });
    expect(r.byDay.map((d) => d.count)).toEqual([0, 1]); // 30 March 00:30 CEST
  });

  it('throws on a bad range, perDay or reading', () => {
    expect(() => adherenceByDay([], { from: '2026-03-07', to: '2026-03-01' })).toThrow(
      /^to: 2026-03-01 is before from: 2026-03-07/,
    );
    expect(() => adherenceByDay([], { from: '2026-02-30', to: '2026-03-01' })).toThrow(
      /^from: "2026-02-30" is not a valid calendar date/,
    );
    expect(() => adherenceByDay([], { from: 'monday', to: '2026-03-01' })).toThrow(/^from: "monday"/);
    expect(() => adherenceByDay([], { from: '2026-03-01', to: '2026-03-01', perDay: 0 })).toThrow(
      /^perDay: 0/,
    );
    expect(() => adherenceByDay([], { from: '2000-01-01', to: '2026-03-01' })).toThrow(/more than 3700 days/);
    expect(() => adherenceByDay([{ time: '1 March' }], { from: '2026-03-01', to: '2026-03-01' })).toThrow(
      /^readings\[0\]\.time/,
    );
  });
});
