// Glucose metrics for CGM and meter data.
// Sources:
// - Battelino T, et al. Clinical targets for continuous glucose monitoring data interpretation:
//   recommendations from the international consensus on time in range. Diabetes Care 2019;42:1593–1603.
//   Ranges (table 1 / figure 1) and data sufficiency: ≥ 14 days, ≥ 70 % of possible CGM readings.
// - Bergenstal RM, et al. Glucose management indicator (GMI). Diabetes Care 2018;41:2275–2280:
//   GMI (%) = 3.31 + 0.02392 × mean glucose (mg/dL); GMI (mmol/mol) = 12.71 + 4.70587 × mean glucose (mmol/L).
// - Klonoff DC, et al. A glycemia risk index (GRI) of hypoglycemia and hyperglycemia for continuous glucose
//   monitoring validated by clinician ratings. J Diabetes Sci Technol 2023;17(5):1226–1242 (online 2022):
//   GRI = 3.0 × VLow + 2.4 × Low + 1.6 × VHigh + 0.8 × High (percent of time), capped at 100; zones A–E by
//   quintile (0–20, 21–40, 41–60, 61–80, 81–100).

import { roundTo } from '../validate';
import { finiteIn, nonEmptyArray, positive } from './input';
import { DAY_MS, parseInstant } from './time';

export type GlucoseUnit = 'mmol/L' | 'mg/dL';
export type GriZone = 'A' | 'B' | 'C' | 'D' | 'E';

export interface GlucoseMetricsReading {
  /** ISO 8601 date-time with offset. */
  time: string;
  /** Glucose in the unit of the options (default mmol/L). */
  value: number;
}

export interface GlucoseMetricsOptions {
  /** Unit of the values and of mean/sd in the result. Default mmol/L. */
  unit?: GlucoseUnit;
  /** Interval between expected readings. Default 15 minutes (CGM; many sensors read every 5, pass 5 then). */
  expectedIntervalMinutes?: number;
  /** Days the readings should cover. Default: the span of the data, rounded up to whole days (at least 1). */
  days?: number;
}

export interface GlucoseMetrics {
  /** Mean glucose, in the given unit. */
  mean: number;
  /** Sample standard deviation (n − 1), in the given unit; 0 for a single reading. */
  sd: number;
  /** Coefficient of variation, % (SD / mean × 100). */
  cv: number;
  /** Glucose management indicator, % (DCCT). */
  gmiPercent: number;
  /** Glucose management indicator, mmol/mol (IFCC). */
  gmiMmolPerMol: number;
  /** Time below range level 2, % (< 3.0 mmol/L, < 54 mg/dL). */
  tbr2: number;
  /** Time below range level 1, % (3.0–3.8 mmol/L, 54–69 mg/dL). */
  tbr1: number;
  /** Time in range, % (3.9–10.0 mmol/L, 70–180 mg/dL). */
  tir: number;
  /** Time above range level 1, % (10.1–13.9 mmol/L, 181–250 mg/dL). */
  tar1: number;
  /** Time above range level 2, % (> 13.9 mmol/L, > 250 mg/dL). */
  tar2: number;
  /** Glycemia risk index 0–100. */
  gri: number;
  griZone: GriZone;
  /** Readings present / readings expected over `days`, % (0–100). */
  activePercent: number;
  /** ≥ 14 days and ≥ 70 % active (Battelino 2019). */
  sufficient: boolean;
}

/** mg/dL per mmol/L (molar mass of glucose 180.16 g/mol), the factor the catalogue converts with. */
export const GLUCOSE_MGDL_PER_MMOLL = 18.016;

// Possible range (the catalogue's, 0.5–50 mmol/L); outside it a value is a typing or device error.
const POSSIBLE: Record<GlucoseUnit, readonly [number, number]> = {
  'mmol/L': [0.5, 50],
  'mg/dL': [9, 901],
};

type RangeKey = 'tbr2' | 'tbr1' | 'tir' | 'tar1' | 'tar2';

/** Range of one value. mmol/L: classified on the value rounded to one decimal (as meters and CGM apps report),
 *  so 3.85 → 3.9 → in range and 10.04 → 10.0 → in range. mg/dL: on the value rounded to a whole number. */
function rangeOf(value: number, unit: GlucoseUnit): RangeKey {
  if (unit === 'mg/dL') {
    const v = roundTo(value, 0);
    if (v < 54) return 'tbr2';
    if (v < 70) return 'tbr1';
    if (v <= 180) return 'tir';
    if (v <= 250) return 'tar1';
    return 'tar2';
  }
  const v = roundTo(value, 1);
  if (v < 3.0) return 'tbr2';
  if (v < 3.9) return 'tbr1';
  if (v <= 10.0) return 'tir';
  if (v <= 13.9) return 'tar1';
  return 'tar2';
}

/** GRI zone on the GRI rounded to a whole number, so the zone agrees with the figure shown: 20.4 → A, 20.5 → B. */
function griZone(gri: number): GriZone {
  const g = roundTo(gri, 0);
  if (g <= 20) return 'A';
  if (g <= 40) return 'B';
  if (g <= 60) return 'C';
  if (g <= 80) return 'D';
  return 'E';
}

/**
 * CGM / meter glucose metrics per the international consensus on time in range (Battelino 2019).
 *
 * Each reading counts equally (no time weighting). Percentages are of readings, 0–100, unrounded. Mean and SD
 * are in the given unit; GMI % uses the mean in mg/dL and GMI mmol/mol the mean in mmol/L (converted with
 * 18.016 mg/dL per mmol/L when needed). Active % counts distinct reading times, capped at 100.
 * Empty input, a bad time or a value outside the possible range throws, naming the reading.
 */
export function glucoseMetrics(
  readings: GlucoseMetricsReading[],
  options: GlucoseMetricsOptions = {},
): GlucoseMetrics {
  nonEmptyArray(readings, 'readings');
  const unit = options.unit ?? 'mmol/L';
  if (unit !== 'mmol/L' && unit !== 'mg/dL')
    throw new RangeError(`unit: ${JSON.stringify(unit)} is not "mmol/L" or "mg/dL"`);
  const interval = positive(options.expectedIntervalMinutes ?? 15, 'expectedIntervalMinutes');
  if (options.days !== undefined) positive(options.days, 'days');

  const [min, max] = POSSIBLE[unit];
  const counts: Record<RangeKey, number> = { tbr2: 0, tbr1: 0, tir: 0, tar1: 0, tar2: 0 };
  const times = new Set<number>();
  let sum = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  readings.forEach((r, i) => {
    if (r == null || typeof r !== 'object') throw new TypeError(`readings[${i}]: not a reading object`);
    const value = finiteIn(r.value, `readings[${i}].value (${unit})`, min, max);
    const t = parseInstant(r.time, `readings[${i}].time`);
    counts[rangeOf(value, unit)]++;
    sum += value;
    times.add(t);
    first = Math.min(first, t);
    last = Math.max(last, t);
  });

  const n = readings.length;
  const mean = sum / n;
  // Sample SD (n − 1): the readings are a sample of the patient's glucose; the difference from the population
  // SD is negligible at CGM volumes (≥ 1 000 readings) and it is what R's sd() and most CGM tools report.
  const squares = readings.reduce((acc, r) => acc + (r.value - mean) ** 2, 0);
  const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  const cv = (sd / mean) * 100;

  const meanMgdl = unit === 'mg/dL' ? mean : mean * GLUCOSE_MGDL_PER_MMOLL;
  const meanMmol = unit === 'mmol/L' ? mean : mean / GLUCOSE_MGDL_PER_MMOLL;
  const gmiPercent = 3.31 + 0.02392 * meanMgdl;
  const gmiMmolPerMol = 12.71 + 4.70587 * meanMmol;

  const pct = (k: RangeKey): number => (counts[k] / n) * 100;
  const [tbr2, tbr1, tir, tar1, tar2] = [pct('tbr2'), pct('tbr1'), pct('tir'), pct('tar1'), pct('tar2')];
  const gri = Math.min(100, 3.0 * tbr2 + 2.4 * tbr1 + 1.6 * tar2 + 0.8 * tar1);

  const days = options.days ?? Math.max(1, Math.ceil((last - first) / DAY_MS));
  const expected = (days * 24 * 60) / interval;
  const activePercent = Math.min(100, (times.size / expected) * 100);
  const sufficient = days >= 14 && activePercent >= 70;

  return {
    mean,
    sd,
    cv,
    gmiPercent,
    gmiMmolPerMol,
    tbr2,
    tbr1,
    tir,
    tar1,
    tar2,
    gri,
    griZone: griZone(gri),
    activePercent,
    sufficient,
  };
}
