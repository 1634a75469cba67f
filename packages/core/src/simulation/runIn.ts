// The run-in as the product runs it (issue 3, part 3), modelled for the simulation:
// - at the end of day 14 of the enrolment, proposePersonalLimits (../run-in.ts, the function the server uses)
//   proposes personal yellow limits from the readings the server has stored for days 1–14 (typing errors and
//   duplicates included), for every value code the plan has limits for and the run-in applies to (not those
//   of an activity with `runIn: false`, e.g. BP in pregnancy);
// - a nurse reviews the proposal on the next weekday (NURSE_REVIEW_MINUTE local time) and accepts it with
//   probability `acceptance` (one decision per patient, drawn from a random stream of its own so that the
//   cohort's data do not change with it); a code whose usual value lies beyond a red limit is never accepted
//   (the plan needs a clinician, not a wider yellow band);
// - from then on the accepted limits apply; before, the library's. A patient with too few run-in readings keeps
//   the library's limits (the simulation does not model a second run-in: conservative).

import { judgedValueCodes } from '../rules/common';
import { proposePersonalLimits, RUN_IN, type RunInProposal, type RunInReading } from '../run-in';
import type { Thresholds } from '../types';
import { localMs, SIM_TIME_ZONE, weekday } from './clock';
import type { SimPlan } from './config';
import type { Submission } from './model';
import { Rng } from './random';

/** When the nurse works through the day's run-in proposals: 10:00, after the morning readings are in. */
export const NURSE_REVIEW_MINUTE = 10 * 60;

/** The first weekday (Mon–Fri) on or after the day after the run-in: the day the nurse decides. */
export function runInDecisionDay(runInEndDay: number = RUN_IN.days - 1): number {
  let day = runInEndDay + 1;
  while (weekday(day) > 5) day++;
  return day;
}

export interface RunInOutcome {
  /** Simulation day and instant of the nurse's decision. */
  decisionDay: number;
  decisionMs: number;
  proposals: RunInProposal[];
  /** Whether the nurse had anything to review (a proposal, or a usual value beyond red): priced once. */
  reviewed: boolean;
  /** Whether the nurse accepted (false also when there was nothing to accept). */
  accepted: boolean;
  /** The limits in force from decisionMs, per value code: only accepted proposals. */
  limits: Record<string, Thresholds>;
}

/** The run-in readings per value code: what the server stored for the enrolment's first RUN_IN.days days. */
export function runInReadings(submissions: readonly Submission[]): Map<string, RunInReading[]> {
  const out = new Map<string, RunInReading[]>();
  for (const s of submissions) {
    if (s.day >= RUN_IN.days) break;
    for (const m of s.measurements)
      judgedValueCodes(m.code).forEach((code, i) => {
        const value = m.values[i];
        if (value === undefined) return;
        const list = out.get(code) ?? [];
        list.push({ time: m.effectiveAt, value });
        out.set(code, list);
      });
  }
  return out;
}

/**
 * The run-in of one patient. `draw` is the patient's acceptance draw in [0, 1): the nurse accepts when it is
 * below `acceptance`.
 */
export function simulateRunIn(
  plan: SimPlan,
  submissions: readonly Submission[],
  acceptance: number,
  draw: number,
): RunInOutcome {
  const decisionDay = runInDecisionDay();
  const readings = runInReadings(submissions);
  // Codes with plan limits that the run-in applies to: not those an activity opts out (runIn: false).
  const proposals = plan.runInCodes
    .filter((code) => plan.thresholds[code] !== undefined)
    .map((code) =>
      proposePersonalLimits(code, plan.thresholds[code]!, readings.get(code) ?? [], {
        timeZone: SIM_TIME_ZONE,
      }),
    );
  const reviewable = proposals.filter(
    (p) => p.status === 'proposed' || (p.status === 'unchanged' && p.usualBeyondRed),
  );
  const accepted = reviewable.length > 0 && draw < acceptance;
  const limits: Record<string, Thresholds> = {};
  if (accepted)
    for (const p of proposals)
      if (p.status === 'proposed' && !p.usualBeyondRed) limits[p.code] = { ...p.proposed };
  return {
    decisionDay,
    decisionMs: localMs(decisionDay, NURSE_REVIEW_MINUTE),
    proposals,
    reviewed: reviewable.length > 0,
    accepted: accepted && Object.keys(limits).length > 0,
    limits,
  };
}

/** The patient's acceptance draw: a stream apart from the one that generates the data. */
export function acceptanceDraw(seed: number, patientIndex: number): number {
  return new Rng(seed, -(patientIndex + 1)).next();
}
