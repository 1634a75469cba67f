import { describe, expect, it } from 'vitest';
import { type WeightReading, weightChange } from './weight';

/** One morning weight (07:00 Stockholm winter time) per day of February 2026 from the given day. */
const mornings = (fromDay: number, values: number[]): WeightReading[] =>
  values.map((value, i) => ({
    time: `2026-02-${String(fromDay + i).padStart(2, '0')}T07:00:00+01:00`,
    value,
  }));
const NOW = '2026-02-10T09:00:00+01:00';

describe('weightChange', () => {
  // Heart failure: e.g. a gain of 2 kg in 3 days (ESC 2021) — the rules use this metric.
  it.each([
    [1, 0.5, '2026-02-09'],
    [3, 2.1, '2026-02-07'],
    [7, 2.4, '2026-02-03'],
  ])('%i days → %f kg since %s', (days, change, from) => {
    const readings = mornings(1, [80.0, 80.1, 80.2, 80.1, 80.3, 80.4, 80.5, 81.0, 82.1, 82.6]);
    const r = weightChange(readings, { days, now: NOW });
    expect(r?.change).toBe(change);
    expect(r?.reference.date).toBe(from);
    expect(r?.latest).toEqual({ date: '2026-02-10', time: '2026-02-10T07:00:00+01:00', value: 82.6 });
    expect(r?.days).toBe(days);
  });

  it('uses the first reading of each local day (the morning weight), whatever the order given', () => {
    const readings: WeightReading[] = [
      { time: '2026-02-10T20:00:00+01:00', value: 84.0 }, // evening, after meals: ignored
      { time: '2026-02-10T06:30:00+01:00', value: 82.0 },
      { time: '2026-02-07T22:00:00+01:00', value: 78.0 }, // evening: ignored
      { time: '2026-02-07T07:15:00+01:00', value: 80.0 },
    ];
    expect(weightChange(readings, { days: 3, now: '2026-02-10T21:00:00+01:00' })).toMatchObject({
      change: 2,
      latest: { value: 82.0 },
      reference: { value: 80.0, date: '2026-02-07' },
    });
  });

  it('counts days in the local time zone: 23:30 UTC is the next morning in Stockholm', () => {
    const readings: WeightReading[] = [
      { time: '2026-02-06T23:30:00Z', value: 80.0 }, // 7 Feb 00:30 local
      { time: '2026-02-10T06:00:00Z', value: 81.5 },
    ];
    expect(weightChange(readings, { days: 3, now: NOW })?.reference.date).toBe('2026-02-07');
    // In New York it is still the 6th: 4 days before the 10th, within the default tolerance of 1 day.
    expect(weightChange(readings, { days: 3, now: NOW, timeZone: 'America/New_York' })?.reference.date).toBe(
      '2026-02-06',
    );
  });

  it('crosses the spring DST change by calendar days', () => {
    const readings: WeightReading[] = [
      { time: '2026-03-27T07:00:00+01:00', value: 90.0 },
      { time: '2026-03-30T07:00:00+02:00', value: 91.2 },
    ];
    expect(weightChange(readings, { days: 3, now: '2026-03-30T08:00:00+02:00' })).toMatchObject({
      change: 1.2,
      days: 3,
    });
  });

  it('with a gap, takes the nearest day within the tolerance; on a tie the earlier day', () => {
    // no reading on the 7th (the target for 3 days): the 6th and 8th tie → the 6th
    const readings = mornings(1, [80, 80, 80, 80, 80, 81, 0, 81.5, 82, 82.5]).filter((r) => r.value !== 0);
    expect(weightChange(readings, { days: 3, now: NOW })).toMatchObject({
      change: 1.5,
      reference: { date: '2026-02-06' },
      days: 4,
    });
    // with the 6th gone too the 8th is the only one within a day
    const fewer = readings.filter((r) => !r.time.startsWith('2026-02-06'));
    expect(weightChange(fewer, { days: 3, now: NOW })?.reference.date).toBe('2026-02-08');
  });

  it('returns null when there is nothing to compare', () => {
    expect(weightChange([], { days: 3, now: NOW })).toBeNull();
    expect(weightChange(mornings(10, [80]), { days: 3, now: NOW })).toBeNull();
    // only a reading far before the window
    expect(weightChange([...mornings(1, [80]), ...mornings(10, [82])], { days: 3, now: NOW })).toBeNull();
    // ... unless the tolerance allows it
    expect(
      weightChange([...mornings(1, [80]), ...mornings(10, [82])], { days: 3, now: NOW, toleranceDays: 6 })
        ?.change,
    ).toBe(2);
  });

  it('ignores readings after now', () => {
    const readings = mornings(1, [80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 95]);
    expect(weightChange(readings, { days: 3, now: NOW })?.change).toBe(0);
  });

  it('throws naming the option or reading', () => {
    const ok = mornings(1, [80, 81]);
    expect(() => weightChange(ok, { days: 0, now: NOW })).toThrow(/^days: 0 is not a whole number of days/);
    expect(() => weightChange(ok, { days: 2.5, now: NOW })).toThrow(/^days: 2.5/);
    expect(() => weightChange(ok, { days: 3, now: 'now' })).toThrow(/^now: "now" is not an ISO 8601/);
    expect(() => weightChange(ok, { days: 3, now: NOW, toleranceDays: -1 })).toThrow(/^toleranceDays: -1/);
    expect(() => weightChange(ok, { days: 3, now: NOW, timeZone: 'Nowhere' })).toThrow(/^timeZone/);
    expect(() => weightChange([{ time: NOW, value: Number.NaN }], { days: 3, now: NOW })).toThrow(
      /^readings\[0\]\.value \(kg\): NaN/,
    );
    expect(() => weightChange([{ time: NOW, value: 0 }], { days: 3, now: NOW })).toThrow(
      /^readings\[0\]\.value \(kg\): 0 is outside 1–400/,
    );
    expect(() => weightChange(ok, undefined as never)).toThrow(/^options/);
  });
});
