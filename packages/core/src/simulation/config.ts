// THE rule configurations the simulation runs, per protocol: the one place to read what was simulated.
//
// Both rule sets use the protocol library's rules and limits as shipped (packages/core/src/protocols,
// the protocol's rules and its activities' thresholds), with missed-measurement rules built from the
// activities' schedules or their own `missedCheck` at run time, exactly as the server's job builds them
// (missedMeasurementRules). They differ in the limits over time:
// - 'run-in' (the default, what the product does): after the 14-day run-in, the patient's personal yellow
//   limits proposed from their own stored readings (proposePersonalLimits) apply once a nurse accepts them
//   (runIn.ts);
// - 'library': the library's limits for the whole period, as for a unit that never accepts a proposal.

import { libraryProtocol } from '../protocols/library';
import { missedMeasurementRules, runInValueCodes } from '../protocols/plan';
import type { PlanActivity } from '../protocols/types';
import type { MissedMeasurementConfig, RuleConfig } from '../rules/types';
import { effectiveThresholds } from '../thresholds';
import type { Thresholds } from '../types';
import { iso, localMs, SIM_TIME_ZONE } from './clock';
import { CODES } from './data';
import type { ProtocolId } from './model';

export const RULE_SETS = ['run-in', 'library'] as const;
export type RuleSet = (typeof RULE_SETS)[number];

export interface SimPlan {
  /** Rules judged at intake (every kind but missed measurement). */
  rules: RuleConfig[];
  /** The library's limits per value code; codes not listed use DEFAULT_THRESHOLDS. */
  thresholds: Record<string, Thresholds>;
  /** The missed-measurement rules a job running at `now` (ms) evaluates. */
  missedRulesAt: (now: number) => MissedMeasurementConfig[];
  /** Value codes the run-in proposes limits for (runInValueCodes: honours an activity's `runIn: false`). */
  runInCodes: string[];
}

/** The library protocol each simulated protocol follows. */
export const LIBRARY_IDS: Record<ProtocolId, string> = {
  hypertension: 'hypertension',
  heartFailure: 'heart-failure',
  diabetes1: 'diabetes-type-1',
  diabetes2: 'diabetes-type-2',
  copd: 'copd',
  asthma: 'asthma',
  pregnancyHypertension: 'hypertension-pregnancy',
};

const SIM_START_ISO = iso(localMs(0, 0));

/** The plain rule of thumb (ESC 2021 self-care advice): more than 2 kg gained in 3 days. */
export const TWO_KG_IN_THREE_DAYS: RuleConfig = {
  id: 'hf-weight-2kg-3d',
  kind: 'changeOverWindow',
  code: CODES.weight,
  delta: 2,
  windowDays: 3,
};

/** The library protocol's rules, limits and missed-measurement rules, as shipped. */
function library(protocol: ProtocolId): SimPlan {
  const proto = libraryProtocol(LIBRARY_IDS[protocol]);
  if (!proto) throw new Error(`the protocol library has no ${LIBRARY_IDS[protocol]}`);
  const thresholds: Record<string, Thresholds> = {};
  for (const a of proto.activities) Object.assign(thresholds, a.thresholds ?? {});
  const activities: PlanActivity[] = proto.activities.map((a) => ({ ...a, sources: [proto.id] }));
  return {
    rules: structuredClone(proto.rules).filter((r) => r.kind !== 'missedMeasurement'),
    thresholds,
    missedRulesAt: (now) =>
      missedMeasurementRules(activities, { start: SIM_START_ISO, timeZone: SIM_TIME_ZONE, now: iso(now) }),
    runInCodes: runInValueCodes(proto.activities),
  };
}

/** The plan a simulated patient on this protocol starts with (both rule sets). */
export function planFor(protocol: ProtocolId): SimPlan {
  return library(protocol);
}

export function thresholdsLookup(plan: SimPlan): (code: string) => Thresholds {
  return (code) => plan.thresholds[code] ?? effectiveThresholds(code);
}

/**
 * Staff minutes per item (see docs/simulation.md for the reasoning): a red alert is a phone call with
 * assessment and documentation; a yellow one a look at the trend and usually a message; an informational
 * item (recommended monitoring) is read and acknowledged in bulk; a missed measurement has already sent the
 * patient a reminder, so staff only glance at it; a run-in review is reading the proposal against the
 * patient's run-in readings and accepting or rejecting it, once per patient with a proposal.
 */
export const MINUTES_PER_ITEM = { red: 6, yellow: 3, informational: 1, missed: 1, runInReview: 2 } as const;
