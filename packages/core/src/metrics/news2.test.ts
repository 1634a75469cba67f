import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type News2Input, type News2Subscores, scoreNews2 } from './news2';

// All expectations from the Royal College of Physicians NEWS2 chart 1 (scoring) and chart 2 (thresholds and
// triggers), RCP 2017. `normal` scores 0 on every row.
const normal: News2Input = {
  respiratoryRate: 16,
  spo2: 97,
  spo2Scale: 1,
  onOxygen: false,
  systolic: 120,
  pulse: 70,
  consciousness: 'A',
  temperature: 37.0,
};

const score = (patch: Partial<News2Input>) => scoreNews2({ ...normal, ...patch });

describe('scoreNews2 — every band boundary of chart 1', () => {
  it('scores 0 for a normal set', () => {
    const r = score({});
    expect(r).toEqual({
      total: 0,
      subscores: {
        respiratoryRate: 0,
        spo2: 0,
        oxygen: 0,
        systolic: 0,
        pulse: 0,
        consciousness: 0,
        temperature: 0,
      },
      risk: 'low',
      redScore: false,
    });
  });

  const cases: [keyof News2Subscores, Partial<News2Input>, number][] = [
    // Respiration rate: ≤8 → 3, 9–11 → 1, 12–20 → 0, 21–24 → 2, ≥25 → 3.
    ...(
      [
        [0, 3],
        [8, 3],
        [9, 1],
        [11, 1],
        [12, 0],
        [20, 0],
        [21, 2],
        [24, 2],
        [25, 3],
        [60, 3],
      ] as const
    ).map(([v, s]): [keyof News2Subscores, Partial<News2Input>, number] => [
      'respiratoryRate',
      { respiratoryRate: v },
      s,
    ]),
    // SpO2 scale 1: ≤91 → 3, 92–93 → 2, 94–95 → 1, ≥96 → 0.
    ...(
      [
        [70, 3],
        [91, 3],
        [92, 2],
        [93, 2],
        [94, 1],
        [95, 1],
        [96, 0],
        [100, 0],
      ] as const
    ).map(([v, s]): [keyof News2Subscores, Partial<News2Input>, number] => ['spo2', { spo2: v }, s]),
    // SpO2 scale 2 on air: ≤83 → 3, 84–85 → 2, 86–87 → 1, 88–92 → 0, ≥93 on air → 0.
    ...(
      [
        [80, 3],
        [83, 3],
        [84, 2],
        [85, 2],
        [86, 1],
        [87, 1],
        [88, 0],
        [92, 0],
        [93, 0],
        [97, 0],
        [100, 0],
      ] as const
    ).map(([v, s]): [keyof News2Subscores, Partial<News2Input>, number] => [
      'spo2',
      { spo2: v, spo2Scale: 2, onOxygen: false },
      s,
    ]),
    // SpO2 scale 2 on oxygen: as on air up to 92; 93–94 → 1, 95–96 → 2, ≥97 → 3.
    ...(
      [
        [83, 3],
        [84, 2],
        [85, 2],
        [86, 1],
        [87, 1],
        [88, 0],
        [92, 0],
        [93, 1],
        [94, 1],
        [95, 2],
        [96, 2],
        [97, 3],
        [100, 3],
      ] as const
    ).map(([v, s]): [keyof News2Subscores, Partial<News2Input>, number] => [
      'spo2',
      { spo2: v, spo2Scale: 2, onOxygen: true },
      s,
    ]),
    // Air or oxygen: oxygen → 2, air → 0 (both scales).
    ['oxygen', { onOxygen: true }, 2],
    ['oxygen', { onOxygen: true, spo2Scale: 2, spo2: 90 }, 2],
    ['oxygen', { onOxygen: false }, 0],
    // Systolic BP: ≤90 → 3, 91–100 → 2, 101–110 → 1, 111–219 → 0, ≥220 → 3.
    ...(
      [
        [60, 3],
        [90, 3],
        [91, 2],
        [100, 2],
        [101, 1],
        [110, 1],
        [111, 0],
        [219, 0],
        [220, 3],
        [260, 3],
      ] as const
    ).map(([v, s]): [keyof News2Subscores, Partial<News2Input>, number] => ['systolic', { systolic: v }, s]),
    // Pulse: ≤40 → 3, 41–50 → 1, 51–90 → 0, 91–110 → 1, 111–130 → 2, ≥131 → 3.
    ...(
      [
        [30, 3],
        [40, 3],
        [41, 1],
        [50, 1],
        [51, 0],
        [90, 0],
        [91, 1],
        [110, 1],
        [111, 2],
        [130, 2],
        [131, 3],
        [180, 3],
      ] as const
    ).map(([v, s]): [keyof News2Subscores, Partial<News2Input>, number] => ['pulse', { pulse: v }, s]),
    // Consciousness: Alert → 0; new Confusion, Voice, Pain, Unresponsive → 3.
    ['consciousness', { consciousness: 'A' }, 0],
    ['consciousness', { consciousness: 'C' }, 3],
    ['consciousness', { consciousness: 'V' }, 3],
    ['consciousness', { consciousness: 'P' }, 3],
    ['consciousness', { consciousness: 'U' }, 3],
    // Temperature: ≤35.0 → 3, 35.1–36.0 → 1, 36.1–38.0 → 0, 38.1–39.0 → 1, ≥39.1 → 2.
    ...(
      [
        [33.5, 3],
        [35.0, 3],
        [35.1, 1],
        [36.0, 1],
        [36.1, 0],
        [38.0, 0],
        [38.1, 1],
        [39.0, 1],
        [39.1, 2],
        [41.0, 2],
      ] as const
    ).map(([v, s]): [keyof News2Subscores, Partial<News2Input>, number] => [
      'temperature',
      { temperature: v },
      s,
    ]),
  ];

  it.each(cases)('%s %o → %i', (key, patch, expected) => {
    const r = score(patch);
    expect(r.subscores[key]).toBe(expected);
    const others = Object.entries(r.subscores).filter(([k]) => k !== key && k !== 'oxygen');
    for (const [k, v] of others) expect(v, k).toBe(0);
  });

  it.each([
    // Values are rounded as charted before banding: whole numbers, temperature to 0.1 °C, halves up.
    [{ respiratoryRate: 20.4 }, 'respiratoryRate', 0],
    [{ respiratoryRate: 20.5 }, 'respiratoryRate', 2],
    [{ spo2: 95.5 }, 'spo2', 0],
    [{ systolic: 90.4 }, 'systolic', 3],
    [{ pulse: 90.5 }, 'pulse', 1],
    [{ temperature: 35.04 }, 'temperature', 3],
    [{ temperature: 35.05 }, 'temperature', 1],
    [{ temperature: 38.05 }, 'temperature', 1],
  ] as const)('rounds %o before banding', (patch, key, expected) => {
    expect(score(patch).subscores[key]).toBe(expected);
  });
});

describe('scoreNews2 — chart 2 risk bands', () => {
  it.each([
    // total 0–4 without a 3 → low
    [{}, 0, 'low', false],
    [{ respiratoryRate: 22, pulse: 95, temperature: 38.5 }, 4, 'low', false],
    // any single 3 with total ≤ 4 → low-medium
    [{ respiratoryRate: 8 }, 3, 'low-medium', true],
    [{ consciousness: 'C' }, 3, 'low-medium', true],
    [{ systolic: 90, pulse: 95 }, 4, 'low-medium', true],
    // 5–6 → medium (with or without a 3)
    [{ respiratoryRate: 22, pulse: 115, temperature: 38.5 }, 5, 'medium', false],
    [{ onOxygen: true, spo2: 92, pulse: 95, temperature: 38.5 }, 6, 'medium', false],
    [{ respiratoryRate: 25, pulse: 115 }, 5, 'medium', true],
    // ≥ 7 → high
    [{ respiratoryRate: 25, pulse: 115, temperature: 38.5, systolic: 105 }, 7, 'high', true],
    [
      {
        respiratoryRate: 30,
        spo2: 85,
        onOxygen: true,
        systolic: 80,
        pulse: 140,
        consciousness: 'U',
        temperature: 34.5,
      },
      20,
      'high',
      true,
    ],
  ] as const)('%o → %i %s', (patch, total, risk, red) => {
    const r = score(patch as Partial<News2Input>);
    expect(r.total).toBe(total);
    expect(r.risk).toBe(risk);
    expect(r.redScore).toBe(red);
  });

  it('scale 2 on oxygen: a hypercapnic patient at 97 % scores 3 + 2 for oxygen', () => {
    const r = score({ spo2Scale: 2, onOxygen: true, spo2: 97 });
    expect(r.subscores).toMatchObject({ spo2: 3, oxygen: 2 });
    expect(r.total).toBe(5);
    expect(r.risk).toBe('medium');
  });
});

describe('scoreNews2 — bad input throws naming the field', () => {
  it.each([
    [{ respiratoryRate: Number.NaN }, /^respiratoryRate: NaN is not a finite number/],
    [{ respiratoryRate: -1 }, /^respiratoryRate: -1 is outside 0–100/],
    [{ spo2: 101 }, /^spo2: 101 is outside 0–100/],
    [{ spo2: Number.POSITIVE_INFINITY }, /^spo2: Infinity/],
    [{ systolic: 500 }, /^systolic: 500/],
    [{ pulse: -5 }, /^pulse: -5/],
    [{ temperature: 98.6 }, /^temperature: 98.6 is outside 10–50/],
    [{ temperature: '37' }, /^temperature: "37" is not a finite number/],
    [{ spo2Scale: 3 }, /^spo2Scale: 3 is not 1 or 2/],
    [{ onOxygen: 'yes' }, /^onOxygen/],
    [{ consciousness: 'X' }, /^consciousness: X is not one of A, C, V, P, U/],
  ])('%o', (patch, message) => {
    expect(() => score(patch as unknown as Partial<News2Input>)).toThrow(message);
  });

  it('rejects a missing input object', () => {
    expect(() => scoreNews2(undefined as unknown as News2Input)).toThrow(/input must be an object/);
  });
});

describe('scoreNews2 — properties', () => {
  const input = fc.record<News2Input>({
    respiratoryRate: fc.integer({ min: 0, max: 100 }),
    spo2: fc.integer({ min: 0, max: 100 }),
    spo2Scale: fc.constantFrom(1 as const, 2 as const),
    onOxygen: fc.boolean(),
    systolic: fc.double({ min: 0, max: 400, noNaN: true }),
    pulse: fc.integer({ min: 0, max: 400 }),
    consciousness: fc.constantFrom('A' as const, 'C' as const, 'V' as const, 'P' as const, 'U' as const),
    temperature: fc.double({ min: 10, max: 50, noNaN: true }),
  });

  it('total is the sum of the subscores, 0–20, and the risk follows chart 2', () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = scoreNews2(i);
        const values = Object.values(r.subscores);
        expect(r.total).toBe(values.reduce((a, b) => a + b, 0));
        expect(r.total).toBeGreaterThanOrEqual(0);
        expect(r.total).toBeLessThanOrEqual(20);
        expect(r.redScore).toBe(values.includes(3));
        const expected = r.total >= 7 ? 'high' : r.total >= 5 ? 'medium' : r.redScore ? 'low-medium' : 'low';
        expect(r.risk).toBe(expected);
      }),
    );
  });
});
