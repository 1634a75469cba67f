// Deviation from the personal baseline: an individualised moving average with a standard-deviation band.
//
// Daily values (first reading of the local day, as in changeOverWindow) form the series. The baseline is the
// mean and SD of the daily values (outliers left out, below) in the `baselineDays` days that end `excludeDays`
// days before the current day; the most recent days are left out so that a deviation that has begun does not pull its own baseline
// along. The current value is judged against mean ± k·max(SD, minSd). The SD floor keeps very stable
// patients (SD 0.1 kg) from being alarmed by 0.2 kg; `confirmDays` (default 2) asks that the newest daily
// values all lie beyond the band, so one odd reading (a heavy meal, a coat on the scale) does not alert,
// while fluid retention, which persists, does.
//
// The baseline is robust to typing errors: before the mean and SD are taken, daily values farther than
// BASELINE_OUTLIER_FENCE robust SDs from the window's median are left out (the modified z-score of Iglewicz &
// Hoaglin, "How to Detect and Handle Outliers", ASQC 1993: |x − median| / (1.4826·MAD) > 3.5 marks an
// outlier; the robust SD is floored at the code's SD floor). A mistyped weight (8.24 for 82.4) otherwise sat in
// the baseline for two weeks, inflated its SD to many kilograms and hid real fluid gain (docs/simulation.md).
// A real change within the window (a new diuretic dose, 2 kg lost) shifts the median and the MAD with it and
// stays in the baseline.
//
// Why this and not MACD (EWMA short − EWMA long, used for weight in e.g. the TEN-HMS analysis by Zhang et al.,
// Eur J Heart Fail 2009): both catch gradual gain that "2 kg in 3 days" misses, but an EWMA over calendar
// days needs imputation for missing days (common in home monitoring) and its signal has no unit a nurse can
// check, whereas here the reason reads "84,1 kg, 2,3 kg above the personal average 81,8 kg", gaps simply
// shrink the baseline sample, and every parameter has a clinical meaning.

import {
  canonicalValueCode,
  checkNumber,
  checkOneOf,
  checkSeverity,
  checkValueCode,
  DAILY_METHODS,
  type DayValue,
  dailyValues,
  decimalsOf,
  finding,
  issue,
  round,
  seriesFor,
  unitOf,
  zoneOf,
} from './common';
import type { BaselineDeviationConfig, Rule, RuleContext } from './types';

/** SD floors per value code, canonical unit: about the measurement's day-to-day noise at best. */
export const BASELINE_MIN_SD: Record<string, number> = {
  '29463-7': 0.5, // weight, kg
  '19935-6': 20, // peak flow, L/min
  '20150-9': 0.1, // FEV1, L
  '59408-5': 1, // SpO2, %
  '8480-6': 5, // systolic, mmHg
  '8462-4': 3, // diastolic, mmHg
  '8867-4': 4, // heart rate, /min
  '8310-5': 0.2, // temperature, °C
  '9279-1': 1, // respiratory rate, /min
  '15074-8': 0.5, // glucose, mmol/L
  '55423-8': 1000, // steps
};

/** Daily values farther than this many robust SDs from the baseline window's median are left out of it. */
export const BASELINE_OUTLIER_FENCE = 3.5;

function medianOf(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The baseline window's values without outliers: those within BASELINE_OUTLIER_FENCE × max(1.4826·MAD, minSd)
 * of the median.
 */
export function withoutOutliers(values: readonly number[], minSd: number): number[] {
  if (values.length < 3) return [...values];
  const median = medianOf([...values].sort((a, b) => a - b));
  const mad = medianOf(values.map((v) => Math.abs(v - median)).sort((a, b) => a - b));
  const fence = BASELINE_OUTLIER_FENCE * Math.max(1.4826 * mad, minSd) + 1e-9;
  return values.filter((v) => Math.abs(v - median) <= fence);
}

export const BASELINE_DEFAULTS = {
  baselineDays: 14,
  excludeDays: 2,
  minBaselineDays: 7,
  k: 2.5,
  confirmDays: 2,
} as const;

interface Judgement {
  code: string;
  current: DayValue;
  mean: number;
  sd: number;
  n: number;
  /** Whether the newest confirmDays values are all beyond the band, per side. */
  high: boolean;
  low: boolean;
  /** Whether the current value alone is beyond the band, per side. */
  currentHigh: boolean;
  currentLow: boolean;
}

function settings(config: BaselineDeviationConfig) {
  return {
    baselineDays: config.baselineDays ?? BASELINE_DEFAULTS.baselineDays,
    excludeDays: config.excludeDays ?? BASELINE_DEFAULTS.excludeDays,
    minBaselineDays: config.minBaselineDays ?? BASELINE_DEFAULTS.minBaselineDays,
    k: config.k ?? BASELINE_DEFAULTS.k,
    confirmDays: config.confirmDays ?? BASELINE_DEFAULTS.confirmDays,
  };
}

function judge(config: BaselineDeviationConfig, ctx: RuleContext): Judgement | undefined {
  const code = canonicalValueCode(config.code);
  if (!code) return undefined;
  const s = settings(config);
  const minSd = config.minSd ?? BASELINE_MIN_SD[code] ?? 0;
  const days = dailyValues(seriesFor(ctx, code), zoneOf(ctx), config.daily ?? 'first');
  const current = days[days.length - 1];
  if (!current) return undefined;
  const end = current.day - s.excludeDays; // exclusive
  const base = withoutOutliers(
    days.filter((d) => d.day >= end - s.baselineDays && d.day < end).map((d) => d.value),
    minSd,
  );
  if (base.length < Math.max(2, s.minBaselineDays)) return undefined;
  const mean = base.reduce((a, b) => a + b, 0) / base.length;
  const variance = base.reduce((a, b) => a + (b - mean) ** 2, 0) / (base.length - 1);
  const sd = Math.max(Math.sqrt(variance), minSd);
  const recent = days.slice(-s.confirmDays);
  // With a gap, an older value may sit inside the baseline window: then the deviation is not confirmed yet.
  const confirmable = recent.length === s.confirmDays && recent.every((d) => d.day >= end);
  const band = s.k * sd;
  const eps = 1e-9;
  return {
    code,
    current,
    mean,
    sd,
    n: base.length,
    high: confirmable && recent.every((d) => d.value - mean > band + eps),
    low: confirmable && recent.every((d) => mean - d.value > band + eps),
    currentHigh: current.value - mean > band + eps,
    currentLow: mean - current.value > band + eps,
  };
}

function side(config: BaselineDeviationConfig, j: Judgement): 'high' | 'low' | undefined {
  const direction = config.direction ?? 'rise';
  if (j.high && direction !== 'fall') return 'high';
  if (j.low && direction !== 'rise') return 'low';
  return undefined;
}

export const baselineDeviationRule: Rule<BaselineDeviationConfig> = {
  kind: 'baselineDeviation',
  defaultAutoResolve: true,

  validate(config) {
    const issues = [
      ...checkValueCode(config.code),
      ...checkOneOf(config.direction, 'direction', ['rise', 'fall', 'either']),
      ...checkNumber(config.baselineDays, 'baselineDays', { above: 1, integer: true, max: 365 }),
      ...checkNumber(config.excludeDays, 'excludeDays', { min: 0, integer: true, max: 60 }),
      ...checkNumber(config.minBaselineDays, 'minBaselineDays', { min: 2, integer: true }),
      ...checkNumber(config.k, 'k', { above: 0 }),
      ...checkNumber(config.minSd, 'minSd', { min: 0 }),
      ...checkNumber(config.confirmDays, 'confirmDays', { min: 1, integer: true, max: 14 }),
      ...checkSeverity(config.severity),
      ...checkOneOf(config.daily, 'daily', DAILY_METHODS),
    ];
    if (issues.length > 0) return issues;
    const s = settings(config);
    const code = canonicalValueCode(config.code)!;
    if (config.minSd === undefined && BASELINE_MIN_SD[code] === undefined)
      issues.push(issue('minSd', 'required', `is required for ${code} (no default SD floor)`));
    if (s.minBaselineDays > s.baselineDays)
      issues.push(
        issue(
          'minBaselineDays',
          'invalid',
          `${s.minBaselineDays} must be at most baselineDays (${s.baselineDays})`,
          s.minBaselineDays,
          `≤ ${s.baselineDays}`,
        ),
      );
    if (s.confirmDays > s.excludeDays + 1)
      issues.push(
        issue(
          'confirmDays',
          'invalid',
          `${s.confirmDays} must be at most excludeDays + 1 (${s.excludeDays + 1}), so confirming days are not part of the baseline`,
          s.confirmDays,
          `≤ ${s.excludeDays + 1}`,
        ),
      );
    return issues;
  },

  evaluate(config, ctx) {
    const j = judge(config, ctx);
    if (!j) return [];
    const direction = side(config, j);
    if (!direction) return [];
    const decimals = decimalsOf(j.code) + 1;
    return [
      finding(
        {
          ruleId: config.id,
          kind: 'baselineDeviation',
          code: j.code,
          severity: config.severity ?? 'yellow',
          reason: {
            type: 'baseline',
            code: j.code,
            unit: unitOf(j.code),
            value: j.current.value,
            time: j.current.time,
            mean: round(j.mean, decimals),
            sd: round(j.sd, decimals),
            k: settings(config).k,
            deviation: round(j.current.value - j.mean, decimals),
            direction,
            baselineDays: j.n,
          },
          dedupeKey: `${config.id}:${j.code}:${direction}`,
        },
        config,
        baselineDeviationRule.defaultAutoResolve,
      ),
    ];
  },

  clears(config, ctx) {
    const j = judge(config, ctx);
    if (!j) return false;
    const direction = config.direction ?? 'rise';
    return !(j.currentHigh && direction !== 'fall') && !(j.currentLow && direction !== 'rise');
  },
};
