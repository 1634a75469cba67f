import { describe, expect, it } from 'vitest';
import type { RuleConfig } from '../rules/types';
import { effectiveThresholds } from '../thresholds';
import { runAlertLifecycle } from './alerts';
import { iso, localMs } from './clock';
import type { Submission } from './model';

const WEIGHT = '29463-7';
const BP = '85354-9';

function upload(day: number, code: string, values: number[], minutes = 450): Submission {
  const ms = localMs(day, minutes);
  return {
    ms,
    day,
    measurements: [
      { code, values, unit: '', originalValues: values, originalUnits: [], effectiveAt: iso(ms) },
    ],
    responses: [],
  };
}

const thresholdsFor = (code: string) => effectiveThresholds(code);
const bp: RuleConfig = { id: 'bp', kind: 'absoluteBounds', code: BP };

describe('runAlertLifecycle', () => {
  it('updates one open alert while a deviation persists and closes it on the all-clear', () => {
    const subs = [
      upload(0, BP, [150, 80]),
      upload(1, BP, [152, 82]),
      upload(2, BP, [149, 81]),
      upload(3, BP, [120, 75]),
      upload(4, BP, [151, 80]),
    ];
    const alerts = runAlertLifecycle({ rules: [bp], thresholdsFor, submissions: subs, days: 5 });
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({ openedDay: 0, raisedDays: [0, 1, 2], updates: 2, severity: 'yellow' });
    expect(alerts[0]!.resolvedMs).toBe(subs[3]!.ms);
    expect(alerts[1]).toMatchObject({ openedDay: 4, resolvedMs: null });
  });

  it('one BP item per reading: systolic and diastolic beyond their limits are one alert, updated', () => {
    const subs = [upload(0, BP, [150, 95]), upload(1, BP, [130, 95]), upload(2, BP, [150, 80])];
    const alerts = runAlertLifecycle({ rules: [bp], thresholdsFor, submissions: subs, days: 3 });
    expect(alerts.map((a) => [a.dedupeKey, a.raisedDays])).toEqual([['bp:85354-9:high', [0, 1, 2]]]);
  });

  it('keeps the worst severity of an alert while open', () => {
    const subs = [upload(0, BP, [150, 80]), upload(1, BP, [185, 90])];
    const [a] = runAlertLifecycle({ rules: [bp], thresholdsFor, submissions: subs, days: 2 });
    expect(a).toMatchObject({ severity: 'red', updates: 1 });
  });

  it('runs the production rules: +2.4 kg in 3 days is one change alert', () => {
    const rule: RuleConfig = { id: 'w', kind: 'changeOverWindow', code: WEIGHT, delta: 2, windowDays: 3 };
    const weights = [80, 80.2, 80.1, 80.4, 81.5, 82.5, 82.8];
    const subs = weights.map((w, d) => upload(d, WEIGHT, [w]));
    const alerts = runAlertLifecycle({ rules: [rule], thresholdsFor, submissions: subs, days: 7 });
    expect(alerts.map((a) => a.openedDay)).toEqual([5]);
    expect(alerts[0]!.raisedDays).toEqual([5, 6]);
  });

  it('makes a run of missed days one item, closed when the patient is back on schedule', () => {
    const missed = (now: number) => {
      const dueTimes: string[] = [];
      for (let d = 0; d < 10; d++) if (localMs(d, 420) <= now) dueTimes.push(iso(localMs(d, 420)));
      return [
        {
          id: 'missed.w',
          kind: 'missedMeasurement' as const,
          code: WEIGHT,
          schedule: { dueTimes },
          graceMinutes: 240,
        },
      ];
    };
    // Weighs on days 0–2 and 6–9: days 3, 4 and 5 are missed.
    const subs = [0, 1, 2, 6, 7, 8, 9].map((d) => upload(d, WEIGHT, [80], 410));
    const alerts = runAlertLifecycle({
      rules: [],
      missedRulesAt: missed,
      thresholdsFor,
      submissions: subs,
      days: 10,
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'missedMeasurement', openedDay: 3, raisedDays: [3, 4, 5] });
    expect(alerts[0]!.resolvedMs).toBe(localMs(6, 960));
  });

  it('reports no missed slot on paused (hospital) days', () => {
    const missed = (now: number) => [
      {
        id: 'missed.w',
        kind: 'missedMeasurement' as const,
        code: WEIGHT,
        schedule: {
          dueTimes: [0, 1, 2, 3].map((d) => iso(localMs(d, 420))).filter((t) => Date.parse(t) <= now),
        },
        graceMinutes: 240,
      },
    ];
    const subs = [upload(0, WEIGHT, [80], 410), upload(3, WEIGHT, [80], 410)];
    const paused = new Set([1, 2]);
    expect(
      runAlertLifecycle({
        rules: [],
        missedRulesAt: missed,
        thresholdsFor,
        submissions: subs,
        days: 4,
        pausedDays: paused,
      }),
    ).toHaveLength(0);
    expect(
      runAlertLifecycle({ rules: [], missedRulesAt: missed, thresholdsFor, submissions: subs, days: 4 }),
    ).toHaveLength(1);
  });
});
