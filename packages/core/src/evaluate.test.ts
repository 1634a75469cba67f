import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import { DEFAULT_ADVICE, effectiveThresholds } from './thresholds';
import type { NormalizedMeasurement, Thresholds } from './types';

const m = (code: string, values: number[], unit: string): NormalizedMeasurement => ({
  code,
  values,
  unit,
  originalValues: values,
  originalUnits: values.map(() => unit),
});
const defaults = (code: string): Thresholds => effectiveThresholds(code);

describe('evaluate with default thresholds (strict limits)', () => {
  it.each<[string, NormalizedMeasurement, string, [string, string, string, number][]]>([
    ['BP 135/85 is at the limit: green', m('85354-9', [135, 85], 'mm[Hg]'), 'green', []],
    [
      'BP 136/80: systolic yellow',
      m('85354-9', [136, 80], 'mm[Hg]'),
      'yellow',
      [['8480-6', 'yellow', 'high', 135]],
    ],
    [
      'BP 182/95: red systolic first',
      m('85354-9', [182, 95], 'mm[Hg]'),
      'red',
      [
        ['8480-6', 'red', 'high', 180],
        ['8462-4', 'yellow', 'high', 85],
      ],
    ],
    [
      'BP 150/115: red diastolic before yellow systolic',
      m('85354-9', [150, 115], 'mm[Hg]'),
      'red',
      [
        ['8462-4', 'red', 'high', 110],
        ['8480-6', 'yellow', 'high', 135],
      ],
    ],
    [
      'BP 89/55: red low, yellow low',
      m('85354-9', [89, 55], 'mm[Hg]'),
      'red',
      [
        ['8480-6', 'red', 'low', 90],
        ['8462-4', 'yellow', 'low', 60],
      ],
    ],
    // NEWS2: HR ≤ 40 scores 3, 91–110 scores 1.
    ['HR 40', m('8867-4', [40], '/min'), 'red', [['8867-4', 'red', 'low', 41]]],
    ['HR 101', m('8867-4', [101], '/min'), 'yellow', [['8867-4', 'yellow', 'high', 100]]],
    ['HR 100', m('8867-4', [100], '/min'), 'green', []],
    // NEWS2 scale 1: SpO2 ≤ 91 scores 3, 94–95 scores 1.
    ['SpO2 91', m('59408-5', [91], '%'), 'red', [['59408-5', 'red', 'low', 92]]],
    ['SpO2 93', m('59408-5', [93], '%'), 'yellow', [['59408-5', 'yellow', 'low', 94]]],
    ['SpO2 94', m('59408-5', [94], '%'), 'green', []],
    ['SpO2 100', m('59408-5', [100], '%'), 'green', []],
    // Glucose consensus: level 2 hypoglycaemia < 3.0 mmol/L; level 1 hyperglycaemia > 10.0.
    ['glucose 2.9', m('15074-8', [2.9], 'mmol/L'), 'red', [['15074-8', 'red', 'low', 3]]],
    ['glucose 3.0', m('15074-8', [3], 'mmol/L'), 'yellow', [['15074-8', 'yellow', 'low', 3.9]]],
    ['glucose 10.1', m('15074-8', [10.1], 'mmol/L'), 'yellow', [['15074-8', 'yellow', 'high', 10]]],
    ['temperature 39.1', m('8310-5', [39.1], 'Cel'), 'red', [['8310-5', 'red', 'high', 39]]],
    ['weight has no default limits', m('29463-7', [250], 'kg'), 'green', []],
  ])('%s', (_name, input, severity, reasons) => {
    const e = evaluate(input, defaults);
    expect(e.severity).toBe(severity);
    expect(e.reasons.map((r) => [r.code, r.severity, r.direction, r.limit])).toEqual(reasons);
    for (const r of e.reasons) expect(r.unit).toBe(input.unit);
  });
});

describe('advice', () => {
  it('gives the worst reason’s advice, else normal', () => {
    expect(evaluate(m('85354-9', [182, 95], 'mm[Hg]'), defaults).advice).toBe(
      DEFAULT_ADVICE['8480-6']!.redHigh,
    );
    expect(evaluate(m('85354-9', [120, 80], 'mm[Hg]'), defaults).advice).toBe(
      DEFAULT_ADVICE['8480-6']!.normal,
    );
    expect(evaluate(m('29463-7', [80], 'kg'), defaults).advice).toBeUndefined();
  });

  it('prefers the plan’s advice, falling back to the default per level', () => {
    const own = { sv: 'Ta en extra tablett enligt planen.', en: 'Take an extra tablet as planned.' };
    const adviceFor = (code: string) => (code === '29463-7' ? { yellowHigh: own } : { normal: own });
    expect(evaluate(m('29463-7', [85], 'kg'), () => ({ yellowHigh: 84 }), adviceFor).advice).toBe(own);
    expect(evaluate(m('8867-4', [105], '/min'), defaults, adviceFor).advice).toBe(
      DEFAULT_ADVICE['8867-4']!.yellowHigh,
    );
  });
});
