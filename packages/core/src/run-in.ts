// Run-in: personal yellow limits proposed from a patient's own first weeks of readings.
//
// Population limits flag a stable patient whose usual value sits near a yellow limit every few days, and those
// items are most of a unit's staff time (see docs/simulation.md). Regions running home monitoring set personal
// limits after a start-up period; this module proposes them, a nurse accepts or rejects them.
//
// The proposal widens yellow limits to the patient's usual value ± 2.5 day-to-day spreads. Usual value and
// spread are the median and the scaled median absolute deviation (1.4826 × MAD, a consistent estimator of the
// SD for normal data; Rousseeuw & Croux, JASA 1993;88:1273), so a mistyped reading or an odd day does not move
// them. Safety rules that never bend:
// - yellow limits are only widened, never narrowed (the plan's limits stay the floor);
// - red limits never move (acting on red is a clinical decision about the plan, not a run-in statistic);
// - a widened yellow limit stops at the red limit;
// - only blood pressure, heart rate and SpO2 are proposed: glucose limits guard against hypoglycaemia and
//   are never personalised from data, and weight, PEF and FEV1 are already judged against the patient's own
//   baseline by their rules.

import { localDayNumber, toMs } from './rules/time';
import type { Thresholds } from './types';

export const RUN_IN = {
  /** Length of the run-in in days from the enrolment's start. */
  days: 14,
  /** Least readings and distinct local days in the run-in for a proposal. */
  minReadings: 7,
  minDays: 5,
  /** Half-width of the personal band in robust SDs. */
  spreads: 2.5,
} as const;

/**
 * Value codes a run-in proposes limits for, with the smallest spread used (a patient whose readings hardly
 * vary would otherwise get a band narrower than the measuring device's own precision).
 */
export const RUN_IN_MIN_SPREAD: Readonly<Record<string, number>> = {
  '8480-6': 4, // systolic, mmHg (validated home monitors: ±3 mmHg, ±5 mmHg SD; ISO 81060-2)
  '8462-4': 3, // diastolic, mmHg
  '8867-4': 3, // heart rate, /min
  '59408-5': 1, // SpO2, % (pulse oximeters: accuracy ±2 % between 70 and 100 %)
};

export interface RunInReading {
  time: string;
  value: number;
}

interface ProposalBase {
  code: string;
  /** Readings and distinct local days of the run-in that were used. */
  readingsUsed: number;
  daysUsed: number;
}

export type RunInProposal =
  | (ProposalBase & { status: 'not-applicable' })
  | (ProposalBase & { status: 'insufficient' })
  | (ProposalBase & {
      /** `proposed`: the personal limits differ from those in force; `unchanged`: the current ones already fit. */
      status: 'proposed' | 'unchanged';
      current: Thresholds;
      proposed: Thresholds;
      /** Median of the run-in readings. */
      usual: number;
      /** 1.4826 × MAD of the run-in readings, at least the code's minimum spread. */
      spread: number;
      /** The usual value itself is beyond a red limit: the plan needs a clinician's review, not wider yellow. */
      usualBeyondRed: boolean;
    });

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The run-in proposal for one value code, from the readings taken during the run-in (the caller selects the
 * window: `RUN_IN.days` local days from the enrolment's start) and the limits in force for that code.
 */
export function proposePersonalLimits(
  code: string,
  current: Thresholds,
  readings: readonly RunInReading[],
  options: { timeZone?: string } = {},
): RunInProposal {
  const timeZone = options.timeZone ?? 'Europe/Stockholm';
  const usable = readings.filter((r) => Number.isFinite(r.value) && Number.isFinite(toMs(r.time)));
  const days = new Set(usable.map((r) => localDayNumber(toMs(r.time), timeZone)));
  const base = { code, readingsUsed: usable.length, daysUsed: days.size };
  const minSpread = RUN_IN_MIN_SPREAD[code];
  if (minSpread == null) return { ...base, status: 'not-applicable' };
  if (usable.length < RUN_IN.minReadings || days.size < RUN_IN.minDays)
    return { ...base, status: 'insufficient' };

  const values = usable.map((r) => r.value).sort((a, b) => a - b);
  const usual = median(values);
  const mad = median(values.map((v) => Math.abs(v - usual)).sort((a, b) => a - b));
  const spread = Math.max(minSpread, 1.4826 * mad);
  const proposed: Thresholds = { ...current };
  if (current.yellowHigh != null) {
    const widened = Math.max(current.yellowHigh, Math.ceil(usual + RUN_IN.spreads * spread));
    proposed.yellowHigh = current.redHigh != null ? Math.min(widened, current.redHigh) : widened;
  }
  if (current.yellowLow != null) {
    const widened = Math.min(current.yellowLow, Math.floor(usual - RUN_IN.spreads * spread));
    proposed.yellowLow = current.redLow != null ? Math.max(widened, current.redLow) : widened;
  }
  const changed = proposed.yellowHigh !== current.yellowHigh || proposed.yellowLow !== current.yellowLow;
  return {
    ...base,
    status: changed ? 'proposed' : 'unchanged',
    current: { ...current },
    proposed,
    usual: round1(usual),
    spread: round1(spread),
    usualBeyondRed:
      (current.redHigh != null && usual > current.redHigh) ||
      (current.redLow != null && usual < current.redLow),
  };
}
