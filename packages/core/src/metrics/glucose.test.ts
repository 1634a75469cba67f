import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type GlucoseMetricsReading, glucoseMetrics } from './glucose';

const START = Date.parse('2026-03-02T00:00:00Z');
/** Readings every `interval` minutes from START. */
const series = (values: number[], interval = 15): GlucoseMetricsReading[] =>
  values.map((value, i) => ({ time: new Date(START + i * interval * 60_000).toISOString(), value }));
const one = (value: number, unit?: 'mmol/L' | 'mg/dL') => glucoseMetrics(series([value]), { unit });

describe('glucoseMetrics — hand-computed cohorts', () => {
  it('one reading in each range (mmol/L)', () => {
    // 2.5 < 3.0 (TBR2); 3.5 in 3.0–3.8 (TBR1); 5.0 in 3.9–10.0 (TIR); 12.0 in 10.1–13.9 (TAR1); 15.0 > 13.9 (TAR2).
    const r = glucoseMetrics(series([2.5, 3.5, 5.0, 12.0, 15.0]));
    expect(r.tbr2).toBe(20);
    expect(r.tbr1).toBe(20);
    expect(r.tir).toBe(20);
    expect(r.tar1).toBe(20);
    expect(r.tar2).toBe(20);
    // mean 38 / 5 = 7.6; squared deviations 26.01 + 16.81 + 6.76 + 19.36 + 54.76 = 123.7; SD = √(123.7 / 4).
    expect(r.mean).toBeCloseTo(7.6, 10);
    expect(r.sd).toBeCloseTo(Math.sqrt(30.925), 10);
    expect(r.sd).toBeCloseTo(5.561025, 6);
    expect(r.cv).toBeCloseTo(73.17138, 4);
    // Bergenstal 2018: 3.31 + 0.02392 × (7.6 × 18.016) = 6.58516; 12.71 + 4.70587 × 7.6 = 48.474612.
    expect(r.gmiPercent).toBeCloseTo(6.585165, 5);
    expect(r.gmiMmolPerMol).toBeCloseTo(48.474612, 6);
    // Klonoff: 3.0×20 + 2.4×20 + 1.6×20 + 0.8×20 = 156 → capped at 100, zone E.
    expect(r.gri).toBe(100);
    expect(r.griZone).toBe('E');
    // Span 60 min → 1 day → 96 expected at 15 min; 5 / 96.
    expect(r.activePercent).toBeCloseTo(5.208333, 5);
    expect(r.sufficient).toBe(false);
  });

  it('a flat 100 mg/dL series', () => {
    const r = glucoseMetrics(series([100, 100, 100, 100]), { unit: 'mg/dL' });
    expect(r).toMatchObject({ mean: 100, sd: 0, cv: 0, tir: 100, tbr1: 0, tar2: 0, gri: 0, griZone: 'A' });
    expect(r.gmiPercent).toBeCloseTo(5.702, 10); // 3.31 + 0.02392 × 100
    expect(r.gmiMmolPerMol).toBeCloseTo(38.830504, 5); // 12.71 + 4.70587 × 100 / 18.016
  });

  it('five values around 5.4 mmol/L: sample SD (n − 1), not population', () => {
    const r = glucoseMetrics(series([5.0, 5.2, 5.4, 5.6, 5.8]));
    expect(r.mean).toBeCloseTo(5.4, 10);
    expect(r.sd).toBeCloseTo(Math.sqrt(0.4 / 4), 10); // population SD would be √(0.4 / 5) = 0.2828
    expect(r.cv).toBeCloseTo(5.85607, 5);
  });

  it('a single reading has SD 0', () => {
    expect(one(6).sd).toBe(0);
  });
});

describe('glucoseMetrics — range boundaries (Battelino 2019)', () => {
  // mmol/L, classified on the value rounded to one decimal as meters report: 3.85 → 3.9 (in range).
  it.each([
    [0.5, 'tbr2'],
    [2.9, 'tbr2'],
    [2.94, 'tbr2'],
    [2.95, 'tbr1'],
    [3.0, 'tbr1'],
    [3.8, 'tbr1'],
    [3.84, 'tbr1'],
    [3.85, 'tir'],
    [3.9, 'tir'],
    [10.0, 'tir'],
    [10.04, 'tir'],
    [10.05, 'tar1'],
    [10.1, 'tar1'],
    [13.9, 'tar1'],
    [13.94, 'tar1'],
    [13.95, 'tar2'],
    [14.0, 'tar2'],
    [33.3, 'tar2'],
  ] as const)('%f mmol/L → %s', (value, range) => {
    expect(one(value)[range]).toBe(100);
  });

  // mg/dL, on the value rounded to a whole number: < 54, 54–69, 70–180, 181–250, > 250.
  it.each([
    [40, 'tbr2'],
    [53, 'tbr2'],
    [53.4, 'tbr2'],
    [53.5, 'tbr1'],
    [54, 'tbr1'],
    [69, 'tbr1'],
    [69.5, 'tir'],
    [70, 'tir'],
    [180, 'tir'],
    [180.4, 'tir'],
    [181, 'tar1'],
    [250, 'tar1'],
    [251, 'tar2'],
    [400, 'tar2'],
  ] as const)('%f mg/dL → %s', (value, range) => {
    expect(one(value, 'mg/dL')[range]).toBe(100);
  });
});

describe('glucoseMetrics — glycemia risk index (Klonoff 2022)', () => {
  /** 100 readings: the given count in each range, the rest 6.0 mmol/L (in range). */
  const cohort = (n: { tbr2?: number; tbr1?: number; tar1?: number; tar2?: number }) => {
    const values = [
      ...Array<number>(n.tbr2 ?? 0).fill(2.5),
      ...Array<number>(n.tbr1 ?? 0).fill(3.5),
      ...Array<number>(n.tar1 ?? 0).fill(12),
      ...Array<number>(n.tar2 ?? 0).fill(16),
    ];
    return glucoseMetrics(series([...values, ...Array<number>(100 - values.length).fill(6)]));
  };

  it.each([
    [{}, 0, 'A'],
    [{ tar1: 25 }, 20, 'A'], // 0.8 × 25
    [{ tar1: 26 }, 20.8, 'B'], // rounds to 21
    [{ tbr2: 5, tar2: 10 }, 31, 'B'], // 3.0 × 5 + 1.6 × 10
    [{ tar1: 50 }, 40, 'B'],
    [{ tbr1: 17 }, 40.8, 'C'], // 2.4 × 17
    [{ tbr2: 10, tbr1: 5, tar2: 10, tar1: 5 }, 62, 'D'], // 30 + 12 + 16 + 4
    [{ tbr1: 25 }, 60, 'C'], // 2.4 × 25
    [{ tar2: 38 }, 60.8, 'D'], // rounds to 61
    [{ tar2: 50 }, 80, 'D'],
    [{ tar2: 51 }, 81.6, 'E'],
    [{ tbr2: 40 }, 100, 'E'], // 120 capped
  ] as const)('%o → GRI %f, zone %s', (n, gri, zone) => {
    const r = cohort(n);
    expect(r.gri).toBeCloseTo(gri, 10);
    expect(r.griZone).toBe(zone);
  });
});

describe('glucoseMetrics — data sufficiency (≥ 14 days, ≥ 70 % active)', () => {
  const fourteenDays = Array.from({ length: 14 * 96 }, () => 6);

  it('14 full days at 15 min: 100 % active, sufficient', () => {
    const r = glucoseMetrics(series(fourteenDays));
    expect(r.activePercent).toBe(100);
    expect(r.sufficient).toBe(true);
  });

  it('70.1 % of the readings over the same span: sufficient', () => {
    // keep 7 of every 10; the last reading (index 1343) is kept, so the span is still 14 days
    const kept = series(fourteenDays).filter((_, i) => i % 10 < 7);
    expect(kept).toHaveLength(942);
    const r = glucoseMetrics(kept);
    expect(r.activePercent).toBeCloseTo((942 / 1344) * 100, 10);
    expect(r.sufficient).toBe(true);
  });

  it('69.9 % over 14 given days: not sufficient', () => {
    const r = glucoseMetrics(series(fourteenDays).slice(0, 940), { days: 14 });
    expect(r.activePercent).toBeCloseTo((940 / 1344) * 100, 10);
    expect(r.sufficient).toBe(false);
  });

  it('13 full days: not sufficient even at 100 %', () => {
    const r = glucoseMetrics(series(Array.from({ length: 13 * 96 }, () => 6)));
    expect(r.activePercent).toBe(100);
    expect(r.sufficient).toBe(false);
  });

  it('5-minute sensors: pass the interval', () => {
    const r = glucoseMetrics(
      series(
        Array.from({ length: 288 }, () => 6),
        5,
      ),
      { expectedIntervalMinutes: 5 },
    );
    expect(r.activePercent).toBe(100);
    // at the default 15 min the same data would exceed 100 %: capped
    expect(
      glucoseMetrics(
        series(
          Array.from({ length: 288 }, () => 6),
          5,
        ),
      ).activePercent,
    ).toBe(100);
  });

  it('duplicate reading times count once towards activity', () => {
    const r = glucoseMetrics([...series([6, 6]), ...series([6, 6])], { days: 1 });
    expect(r.activePercent).toBeCloseTo((2 / 96) * 100, 10);
  });
});

describe('glucoseMetrics — bad input throws', () => {
  it.each([
    [[], {}, /^readings: no readings given/],
    [[{ time: '2026-03-02T00:00:00Z', value: Number.NaN }], {}, /^readings\[0\]\.value \(mmol\/L\): NaN/],
    [series([6, 0.2]), {}, /^readings\[1\]\.value \(mmol\/L\): 0.2 is outside 0.5–50/],
    [series([110]), {}, /^readings\[0\]\.value \(mmol\/L\): 110 is outside/],
    [[{ time: 'yesterday', value: 6 }], {}, /^readings\[0\]\.time: "yesterday" is not an ISO 8601/],
    [[{ time: '2026-03-02T07:00:00', value: 6 }], {}, /^readings\[0\]\.time: .* with offset/],
    [series([6]), { unit: 'mg' }, /^unit: "mg"/],
    [series([6]), { expectedIntervalMinutes: 0 }, /^expectedIntervalMinutes: 0/],
    [series([6]), { days: -1 }, /^days: -1/],
  ])('%#', (readings, options, message) => {
    expect(() => glucoseMetrics(readings as GlucoseMetricsReading[], options as never)).toThrow(message);
  });
});

describe('glucoseMetrics — properties', () => {
  const readings = fc.array(fc.double({ min: 0.5, max: 50, noNaN: true }), { minLength: 1, maxLength: 300 });

  it('the five percentages sum to 100 ± 0.01; GRI is 0–100; every percentage is 0–100', () => {
    fc.assert(
      fc.property(readings, (values) => {
        const r = glucoseMetrics(series(values));
        expect(Math.abs(r.tbr2 + r.tbr1 + r.tir + r.tar1 + r.tar2 - 100)).toBeLessThanOrEqual(0.01);
        for (const p of [r.tbr2, r.tbr1, r.tir, r.tar1, r.tar2, r.activePercent, r.gri]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(100);
        }
        expect(r.sd).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('mmol/L and the same data in mg/dL agree on mean and GMI', () => {
    fc.assert(
      fc.property(readings, (values) => {
        const mmol = glucoseMetrics(series(values));
        const mgdl = glucoseMetrics(series(values.map((v) => v * 18.016)), { unit: 'mg/dL' });
        expect(mgdl.mean).toBeCloseTo(mmol.mean * 18.016, 6);
        expect(mgdl.gmiPercent).toBeCloseTo(mmol.gmiPercent, 8);
        expect(mgdl.gmiMmolPerMol).toBeCloseTo(mmol.gmiMmolPerMol, 8);
        expect(mgdl.cv).toBeCloseTo(mmol.cv, 8);
      }),
    );
  });
});
