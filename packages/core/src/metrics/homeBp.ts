// Home blood pressure summary per the ESH home BP monitoring protocol.
// Sources:
// - Parati G, et al. European Society of Hypertension guidelines for blood pressure monitoring at home:
//   a summary report of the Second International Consensus Conference on Home Blood Pressure Monitoring.
//   J Hypertens 2008;26:1505–1526 — 7 days of duplicate morning and evening readings, discard the first day,
//   average the rest; at least 12 readings for a decision.
// - Stergiou GS, et al. 2021 European Society of Hypertension practice guidelines for office and out-of-office
//   blood pressure measurement. J Hypertens 2021;39:1293–1302 — same protocol; home hypertension ≥ 135/85 mmHg.
// - Parati 2008 (above) also gives < 130/80 mmHg as normal home BP; Hemma calls the band between "borderline".

import { roundTo } from '../validate';
import { finiteIn } from './input';
import { checkTimeZone, DEFAULT_TIME_ZONE, localDate, parseInstant } from './time';

export interface HomeBpReading {
  /** ISO 8601 date-time with offset. */
  time: string;
  /** mmHg. */
  systolic: number;
  /** mmHg. */
  diastolic: number;
}

export interface HomeBpOptions {
  /** IANA time zone the patient's days are counted in. Default Europe/Stockholm. */
  timeZone?: string;
}

export type HomeBpClassification = 'normal' | 'borderline' | 'hypertensive' | 'insufficient';

export interface HomeBpSummary {
  /** Mean systolic of the readings used, whole mmHg; null when no reading is left after discarding day 1. */
  meanSystolic: number | null;
  /** Mean diastolic of the readings used, whole mmHg; null when no reading is left after discarding day 1. */
  meanDiastolic: number | null;
  /** Readings after the first day. */
  readingsUsed: number;
  /** Local days with readings after the first day. */
  daysUsed: number;
  classification: HomeBpClassification;
}

/** At least this many readings after the first day for a classification (ESH 2008). */
export const HOME_BP_MIN_READINGS = 12;

// The catalogue's possible range for blood pressure components; outside it a value is a typing error.
const POSSIBLE = [20, 300] as const;

/**
 * Summary of a home BP series (ESH protocol).
 *
 * Readings are grouped by local calendar day in `timeZone` (Intl, so DST days are 23 or 25 hours long);
 * the first day with readings is discarded and the rest averaged, systolic and diastolic separately. Means are
 * rounded to whole mmHg (halves up), as home monitors display them, and the classification uses the rounded
 * means so figure and class always agree: hypertensive if ≥ 135 systolic or ≥ 85 diastolic, normal if < 130
 * and < 80, borderline otherwise; 'insufficient' (means still given) with fewer than 12 readings after day 1.
 * An empty series is 'insufficient' with null means. A bad time or value throws, naming the reading.
 */
export function homeBloodPressureSummary(
  readings: HomeBpReading[],
  options: HomeBpOptions = {},
): HomeBpSummary {
  if (!Array.isArray(readings)) throw new TypeError('readings: not an array');
  const timeZone = checkTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE);

  const days = new Map<string, { systolic: number; diastolic: number }[]>();
  readings.forEach((r, i) => {
    if (r == null || typeof r !== 'object') throw new TypeError(`readings[${i}]: not a reading object`);
    const systolic = finiteIn(r.systolic, `readings[${i}].systolic`, ...POSSIBLE);
    const diastolic = finiteIn(r.diastolic, `readings[${i}].diastolic`, ...POSSIBLE);
    const day = localDate(parseInstant(r.time, `readings[${i}].time`), timeZone);
    const list = days.get(day) ?? [];
    list.push({ systolic, diastolic });
    days.set(day, list);
  });

  // ISO dates sort chronologically as strings; drop the first day.
  const used = [...days.keys()]
    .sort()
    .slice(1)
    .flatMap((d) => days.get(d) ?? []);
  const daysUsed = Math.max(0, days.size - 1);
  if (used.length === 0)
    return {
      meanSystolic: null,
      meanDiastolic: null,
      readingsUsed: 0,
      daysUsed,
      classification: 'insufficient',
    };

  const meanSystolic = roundTo(used.reduce((a, r) => a + r.systolic, 0) / used.length, 0);
  const meanDiastolic = roundTo(used.reduce((a, r) => a + r.diastolic, 0) / used.length, 0);
  let classification: HomeBpClassification;
  if (used.length < HOME_BP_MIN_READINGS) classification = 'insufficient';
  else if (meanSystolic >= 135 || meanDiastolic >= 85) classification = 'hypertensive';
  else if (meanSystolic < 130 && meanDiastolic < 80) classification = 'normal';
  else classification = 'borderline';
  return { meanSystolic, meanDiastolic, readingsUsed: used.length, daysUsed, classification };
}
