import { describe, expect, it } from 'vitest';
import { type HomeBpReading, homeBloodPressureSummary } from './homeBp';

// ESH home BP protocol (Parati 2008; Stergiou 2021): duplicate morning and evening readings for 7 days, the
// first day discarded, at least 12 readings; home hypertension ≥ 135/85, normal < 130/80.

/** Duplicate morning (07:00, 07:02) and evening (21:00, 21:02) readings in Stockholm winter time (UTC+1). */
function week(days: number, value: (day: number, i: number) => [number, number]): HomeBpReading[] {
  const out: HomeBpReading[] = [];
  for (let d = 0; d < days; d++) {
    const date = `2026-02-${String(2 + d).padStart(2, '0')}`;
    ['07:00', '07:02', '21:00', '21:02'].forEach((hm, i) => {
      const [systolic, diastolic] = value(d, i);
      out.push({ time: `${date}T${hm}:00+01:00`, systolic, diastolic });
    });
  }
  return out;
}

describe('homeBloodPressureSummary', () => {
  it('discards day 1 and averages the other six days (24 readings)', () => {
    const r = homeBloodPressureSummary(week(7, (d) => (d === 0 ? [170, 105] : [128, 78])));
    expect(r).toEqual({
      meanSystolic: 128,
      meanDiastolic: 78,
      readingsUsed: 24,
      daysUsed: 6,
      classification: 'normal',
    });
  });

  it('discards the earliest day even when readings come unsorted', () => {
    const r = homeBloodPressureSummary(week(4, (d) => (d === 0 ? [200, 120] : [140, 90])).reverse());
    expect(r).toMatchObject({ meanSystolic: 140, meanDiastolic: 90, readingsUsed: 12, daysUsed: 3 });
  });

  it.each([
    // [mean systolic, mean diastolic, class]
    [129, 79, 'normal'],
    [129, 80, 'borderline'],
    [130, 79, 'borderline'],
    [134, 84, 'borderline'],
    [135, 70, 'hypertensive'],
    [120, 85, 'hypertensive'],
    [150, 95, 'hypertensive'],
  ] as const)('%i/%i → %s', (sys, dia, cls) => {
    const r = homeBloodPressureSummary(week(4, () => [sys, dia]));
    expect(r.classification).toBe(cls);
    expect([r.meanSystolic, r.meanDiastolic]).toEqual([sys, dia]);
  });

  it('rounds means to whole mmHg (halves up) and classifies the rounded means', () => {
    // 12 readings: six 134 and six 135 → 134.5 → 135 → hypertensive; diastolic 79.5 → 80
    const r = homeBloodPressureSummary(week(4, (_, i) => (i % 2 === 0 ? [134, 79] : [135, 80])));
    expect(r).toMatchObject({ meanSystolic: 135, meanDiastolic: 80, classification: 'hypertensive' });
    // (9 × 129 + 3 × 131) / 12 = 129.5 → 130 and (9 × 79 + 3 × 81) / 12 = 79.5 → 80: borderline, not normal
    const s = homeBloodPressureSummary(week(4, (d, i) => (d === 1 && i < 3 ? [131, 81] : [129, 79])));
    expect(s).toMatchObject({ meanSystolic: 130, meanDiastolic: 80, classification: 'borderline' });
    // (10 × 129 + 2 × 131) / 12 = 129.33 → 129 and 79.33 → 79: normal
    const t = homeBloodPressureSummary(week(4, (d, i) => (d === 1 && i < 2 ? [131, 81] : [129, 79])));
    expect(t).toMatchObject({ meanSystolic: 129, meanDiastolic: 79, classification: 'normal' });
  });

  it('needs at least 12 readings after day 1', () => {
    const twelve = week(4, () => [120, 70]);
    expect(homeBloodPressureSummary(twelve).classification).toBe('normal');
    const eleven = twelve.slice(0, -1);
    expect(homeBloodPressureSummary(eleven)).toEqual({
      meanSystolic: 120,
      meanDiastolic: 70,
      readingsUsed: 11,
      daysUsed: 3,
      classification: 'insufficient',
    });
  });

  it('empty or day-1-only series are insufficient with null means', () => {
    const none = { meanSystolic: null, meanDiastolic: null, readingsUsed: 0, daysUsed: 0 };
    expect(homeBloodPressureSummary([])).toEqual({ ...none, classification: 'insufficient' });
    expect(homeBloodPressureSummary(week(1, () => [150, 95]))).toEqual({
      ...none,
      classification: 'insufficient',
    });
  });

  it('groups by local day in Europe/Stockholm: 23:30 UTC belongs to the next day', () => {
    const readings: HomeBpReading[] = [
      { time: '2026-02-01T23:30:00Z', systolic: 200, diastolic: 120 }, // 2 Feb 00:30 local: day 1
      ...week(4, (d) => (d === 0 ? [200, 120] : [125, 75])),
    ];
    const r = homeBloodPressureSummary(readings);
    expect(r).toMatchObject({ readingsUsed: 12, daysUsed: 3, meanSystolic: 125 });
    // In UTC the early reading is a day of its own, so all of 2 Feb is used.
    expect(homeBloodPressureSummary(readings, { timeZone: 'UTC' })).toMatchObject({
      readingsUsed: 16,
      daysUsed: 4,
    });
  });

  it('handles the spring DST change (29 March 2026, 23-hour day)', () => {
    // 00:30 local on 30 March is 22:30 UTC on the 29th (CEST, UTC+2); 00:30 on 29 March is 23:30 UTC on the 28th.
    const readings: HomeBpReading[] = [
      { time: '2026-03-27T08:00:00+01:00', systolic: 180, diastolic: 110 },
      ...[
        '2026-03-28T23:30:00Z',
        '2026-03-29T21:59:00Z',
        '2026-03-29T22:30:00Z',
        '2026-03-30T21:30:00Z',
      ].flatMap((time) => [
        { time, systolic: 130, diastolic: 80 },
        { time, systolic: 130, diastolic: 80 },
        { time, systolic: 130, diastolic: 80 },
      ]),
    ];
    const r = homeBloodPressureSummary(readings);
    // local days: 27 (discarded), 29 (6 readings), 30 (3 + 3) → 12 readings over 2 days
    expect(r).toMatchObject({ readingsUsed: 12, daysUsed: 2, classification: 'borderline' });
  });

  it('throws naming the reading or option', () => {
    const ok = week(1, () => [120, 80]);
    expect(() => homeBloodPressureSummary([...ok, { time: 'x', systolic: 120, diastolic: 80 }])).toThrow(
      /^readings\[4\]\.time: "x" is not an ISO 8601/,
    );
    expect(() =>
      homeBloodPressureSummary([
        ...ok,
        { time: '2026-02-03T07:00:00Z', systolic: Number.NaN, diastolic: 80 },
      ]),
    ).toThrow(/^readings\[4\]\.systolic: NaN is not a finite number/);
    expect(() =>
      homeBloodPressureSummary([{ time: '2026-02-03T07:00:00Z', systolic: 120, diastolic: 800 }]),
    ).toThrow(/^readings\[0\]\.diastolic: 800 is outside 20–300/);
    expect(() => homeBloodPressureSummary(ok, { timeZone: 'Mars/Olympus' })).toThrow(
      /^timeZone: "Mars\/Olympus" is not a known IANA time zone/,
    );
    expect(() => homeBloodPressureSummary(null as never)).toThrow(/^readings: not an array/);
  });
});
