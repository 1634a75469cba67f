// THE rule configurations the simulation runs, per protocol: the one place to read what was simulated.
//
// - 'library': the protocol library's rules and limits as shipped (packages/core/src/protocols, defaultRules
//   and the activities' thresholds), missed-measurement rules from the activities' schedules or their own
//   `missedCheck` at run time, exactly as the server's job builds them (missedMeasurementRules).
// - 'tuned': the configuration this simulation arrived at (docs/simulation.md): personal yellow limits after
//   the run-in (issue 3, part 3), staff-facing limits where the library's defaults flag treated patients every
//   week, and the heart-failure weight rules tuned for the Targets. The protocol library can adopt it.

import { libraryProtocol } from '../protocols/library';
import { missedMeasurementRules } from '../protocols/plan';
import type { PlanActivity } from '../protocols/types';
import { DAY_MS } from '../rules/time';
import type { MissedMeasurementConfig, RuleConfig } from '../rules/types';
import { effectiveThresholds } from '../thresholds';
import type { Thresholds } from '../types';
import { iso, localMs, SIM_TIME_ZONE, weekday } from './clock';
import { CAT_ID, CODES } from './data';
import type { ProtocolId, SimPatient } from './model';

export const RULE_SETS = ['tuned', 'library'] as const;
export type RuleSet = (typeof RULE_SETS)[number];

export interface SimPlan {
  /** Rules judged at intake (every kind but missed measurement). */
  rules: RuleConfig[];
  /** Personal/plan limits per value code; codes not listed use DEFAULT_THRESHOLDS. */
  thresholds: Record<string, Thresholds>;
  /** The missed-measurement rules a job running at `now` (ms) evaluates. */
  missedRulesAt: (now: number) => MissedMeasurementConfig[];
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

/**
 * Heart-failure weight rules as tuned by the simulation (the Targets of issue 3; the sweep is in
 * docs/simulation.md): the personal-baseline band alone — 14-day baseline ending 2 days back, band 2.5 SD with
 * a 0.6 kg SD floor (so at least 1.5 kg above the personal mean), confirmed on 2 mornings. Adding "2 kg in
 * 3 days" on top catches a few more episodes but gives several times the false alerts (a single mistyped
 * weight fires it); the rule of thumb stays as self-care advice for the patient, not as a staff alert.
 */
export const HEART_FAILURE_WEIGHT_RULES: RuleConfig[] = [
  {
    id: 'hf-weight-baseline',
    kind: 'baselineDeviation',
    code: CODES.weight,
    direction: 'rise',
    baselineDays: 14,
    excludeDays: 2,
    minBaselineDays: 7,
    k: 2.5,
    minSd: 0.6,
    confirmDays: 2,
  },
];

/** A missed-measurement check: local due times (on ISO weekdays, default every day) and the grace period. */
interface MissedSpec {
  id: string;
  code: string;
  times: [number, number][];
  daysOfWeek?: number[];
  graceMinutes: number;
  /** How long before a due time a reading counts for it (the rule's earlyMinutes). */
  earlyMinutes?: number;
}

const missed = (
  id: string,
  code: string,
  times: string[],
  daysOfWeek?: number[],
  graceMinutes = 240,
): MissedSpec => ({
  id,
  code,
  times: times.map((t) => t.split(':').map(Number) as [number, number]),
  graceMinutes,
  ...(daysOfWeek ? { daysOfWeek } : {}),
});

/**
 * "No reading for two days": due at noon every other day (Mon, Wed, Fri, Sun), and any reading in the 48 hours
 * before counts. One missed morning is the patient's reminder's business; two days without data are staff's.
 * The library ships the same check as `noReadingForTwoDays()` (an activity's `missedCheck`).
 */
const twoDaysWithout = (id: string, code: string): MissedSpec => ({
  ...missed(id, code, ['12:00'], [1, 3, 5, 7], 0),
  earlyMinutes: 48 * 60,
});

/** Missed rules with the due instants of the last day and a half, as the server's job builds them. */
function missedRules(specs: MissedSpec[]): (now: number) => MissedMeasurementConfig[] {
  return (now) => {
    const today = Math.floor((now - localMs(0, 0)) / DAY_MS);
    const out: MissedMeasurementConfig[] = [];
    for (const spec of specs) {
      const dueTimes: string[] = [];
      for (let day = Math.max(0, today - 2); day <= today; day++) {
        if (spec.daysOfWeek && !spec.daysOfWeek.includes(weekday(day))) continue;
        for (const [h, m] of spec.times) {
          const due = localMs(day, h * 60 + m);
          if (due <= now && due >= now - (24 * 60 + spec.graceMinutes) * 60_000) dueTimes.push(iso(due));
        }
      }
      if (dueTimes.length === 0) continue;
      out.push({
        id: `missed.${spec.id}`,
        kind: 'missedMeasurement',
        code: spec.code,
        schedule: { dueTimes },
        graceMinutes: spec.graceMinutes,
        ...(spec.earlyMinutes !== undefined ? { earlyMinutes: spec.earlyMinutes } : {}),
        startsAt: SIM_START_ISO,
        autoResolve: true,
      });
    }
    return out;
  };
}

/**
 * Personal yellow limits after the run-in (issue 3, part 3): a clinic widens a protocol's yellow limit for a
 * patient whose usual value sits near it, to 2.5 day-to-day SDs from the usual value, so a stable patient is
 * not flagged every week for being who they are. Limits are never narrowed, and red limits never move.
 */
export function personalLimits(protocol: Thresholds, usual: number, sd: number): Thresholds {
  const out: Thresholds = { ...protocol };
  if (protocol.yellowHigh != null) {
    const high = Math.max(protocol.yellowHigh, Math.round(usual + 2.5 * sd));
    out.yellowHigh = protocol.redHigh != null ? Math.min(high, protocol.redHigh) : high;
  }
  if (protocol.yellowLow != null) {
    const low = Math.min(protocol.yellowLow, Math.round(usual - 2.5 * sd));
    out.yellowLow = protocol.redLow != null ? Math.max(low, protocol.redLow) : low;
  }
  return out;
}

/** Day-to-day SD of one home reading in the generator (day effect and reading noise, see data.ts). */
export const READING_SD = { systolic: 8, diastolic: 5.5, pulse: 5, spo2: 1.2 } as const;

function bpLimits(p: SimPatient, systolic: Thresholds, diastolic: Thresholds): Record<string, Thresholds> {
  return {
    [CODES.systolic]: personalLimits(systolic, p.baseline.systolic!, READING_SD.systolic),
    [CODES.diastolic]: personalLimits(diastolic, p.baseline.diastolic!, READING_SD.diastolic),
  };
}

interface TunedPlan {
  rules: RuleConfig[];
  thresholds: Record<string, Thresholds>;
  missed?: MissedSpec[];
}

function tuned(protocol: ProtocolId, p: SimPatient): TunedPlan {
  const b = p.baseline;
  switch (protocol) {
    case 'hypertension':
      // Home BP under treatment hovers around 135/85; staff act on grade 2–3 values (ESH 2023). No
      // missed-measurement items: with 1–2 readings a week a missed day is not a safety matter, and adherence
      // shows on the unit's dashboard.
      return {
        rules: [{ id: 'ht-bp', kind: 'absoluteBounds', code: CODES.bp }],
        thresholds: bpLimits(
          p,
          { redLow: 90, yellowLow: 100, yellowHigh: 160, redHigh: 180 },
          { redLow: 50, yellowLow: 60, yellowHigh: 100, redHigh: 110 },
        ),
      };
    case 'pregnancyHypertension':
      // NICE NG133: severe hypertension ≥ 160/110 (red); yellow from 150/100; daily BP, weekly dipstick.
      return {
        rules: [
          { id: 'preg-bp', kind: 'absoluteBounds', code: CODES.bp },
          { id: 'preg-protein', kind: 'absoluteBounds', code: CODES.urineProtein },
          // Fasting glucose screens for gestational diabetes: highs matter (NICE NG3: ≥ 5.6 mmol/L); a fasting
          // value under 3.9 is common in pregnancy without glucose-lowering drugs, so only level 2 is flagged.
          { id: 'preg-glucose', kind: 'glucose', redLow: 3.0, yellowLow: 3.0 },
        ],
        missed: [twoDaysWithout('bp', CODES.bp)],
        thresholds: {
          ...bpLimits(
            p,
            { redLow: 90, yellowLow: 100, yellowHigh: 149, redHigh: 159 },
            { redLow: 50, yellowLow: 60, yellowHigh: 99, redHigh: 109 },
          ),
          [CODES.urineProtein]: { yellowHigh: 0.5, redHigh: 2 },
          [CODES.glucose]: { yellowHigh: 5.5, redHigh: 11 },
        },
      };
    case 'heartFailure':
      return {
        rules: [
          ...HEART_FAILURE_WEIGHT_RULES,
          { id: 'hf-bp', kind: 'absoluteBounds', code: CODES.bp },
          { id: 'hf-pulse', kind: 'absoluteBounds', code: CODES.pulse },
        ],
        missed: [twoDaysWithout('weight', CODES.weight)],
        thresholds: {
          // Heart-failure drugs keep BP low: alert on symptomatic hypotension, not on 100 mmHg.
          ...bpLimits(
            p,
            { redLow: 80, yellowLow: 90, yellowHigh: 160, redHigh: 180 },
            { redLow: 40, yellowLow: 45, yellowHigh: 100, redHigh: 110 },
          ),
          [CODES.pulse]: personalLimits(
            { redLow: 40, yellowLow: 45, yellowHigh: 110, redHigh: 130 },
            b.pulse!,
            READING_SD.pulse,
          ),
        },
      };
    case 'diabetes1':
      // CGM: level 2 hypoglycaemia only (the sensor alarms the patient at level 1); no high alerts.
      return {
        rules: [{ id: 't1-glucose', kind: 'glucose', redLow: 3.0, yellowLow: 3.0 }],
        thresholds: { [CODES.glucose]: { redLow: 3.0, yellowLow: 3.0 } },
      };
    case 'diabetes2':
      // Consensus lows (yellow < 3.9, red < 3.0); highs only where they need action soon (fasting > 15).
      return {
        rules: [{ id: 't2-glucose', kind: 'glucose' }],
        thresholds: { [CODES.glucose]: { redLow: 3.0, yellowLow: 3.9, yellowHigh: 15, redHigh: 20 } },
      };
    case 'copd':
      return {
        rules: [
          { id: 'copd-spo2', kind: 'absoluteBounds', code: CODES.spo2 },
          { id: 'copd-pulse', kind: 'absoluteBounds', code: CODES.pulse },
          {
            id: 'copd-pef',
            kind: 'baselineDeviation',
            code: CODES.pef,
            direction: 'fall',
            k: 2.5,
            confirmDays: 2,
          },
          {
            id: 'copd-cat',
            kind: 'questionnaire',
            questionnaire: CAT_ID,
            itemCount: 8,
            change: { delta: 4 },
          },
        ],
        missed: [twoDaysWithout('spo2', CODES.spo2)],
        thresholds: {
          // BTS 2017: 88–92 % is the target for those at risk of hypercapnia, so red below 88 at most.
          [CODES.spo2]: personalLimits(
            { redLow: Math.min(88, Math.round(b.spo2!) - 4), yellowLow: 92 },
            b.spo2!,
            READING_SD.spo2,
          ),
          [CODES.pulse]: personalLimits(
            { redLow: 41, yellowLow: 50, yellowHigh: 110, redHigh: 130 },
            b.pulse!,
            READING_SD.pulse,
          ),
        },
      };
    case 'asthma': {
      // Asthma action plan zones by personal best (GINA): red below 50 %; yellow here below 60 %.
      const best = b.pefBest!;
      return {
        rules: [
          { id: 'asthma-pef', kind: 'absoluteBounds', code: CODES.pef },
          {
            id: 'asthma-pef-trend',
            kind: 'baselineDeviation',
            code: CODES.pef,
            direction: 'fall',
            k: 3,
            confirmDays: 2,
          },
        ],
        thresholds: { [CODES.pef]: { redLow: Math.round(best * 0.5), yellowLow: Math.round(best * 0.6) } },
      };
    }
  }
}

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
  };
}

/** The plan a simulated patient is on under a rule set. */
export function planFor(p: SimPatient, ruleSet: RuleSet = 'tuned'): SimPlan {
  if (ruleSet === 'library') return library(p.protocol);
  const t = tuned(p.protocol, p);
  return { rules: t.rules, thresholds: t.thresholds, missedRulesAt: missedRules(t.missed ?? []) };
}

export function thresholdsLookup(plan: SimPlan): (code: string) => Thresholds {
  return (code) => plan.thresholds[code] ?? effectiveThresholds(code);
}

/**
 * Staff minutes per item (see docs/simulation.md for the reasoning): a red alert is a phone call with
 * assessment and documentation; a yellow one a look at the trend and usually a message; an informational
 * item (recommended monitoring) is read and acknowledged in bulk; a missed measurement has already sent the
 * patient a reminder, so staff only glance at it.
 */
export const MINUTES_PER_ITEM = { red: 6, yellow: 3, informational: 1, missed: 1 } as const;
