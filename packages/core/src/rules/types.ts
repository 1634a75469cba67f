// The clinical rule engine: shapes shared by every rule kind. A rule kind is one module implementing `Rule`,
// registered in RULE_KINDS (index.ts). Rules are pure: everything they know comes from the RuleContext.

import type { News2Subscores } from '../metrics';
import type { AlertReason, NormalizedMeasurement, Thresholds, ValidationIssue } from '../types';

export type RuleSeverity = 'yellow' | 'red';

/** One stored value of one value code (a measurement LOINC, or a panel component such as systolic 8480-6). */
export interface TimedValue {
  /** ISO 8601 instant (UTC or with offset). */
  time: string;
  /** Canonical unit of the code. */
  value: number;
}

/** A new measurement, as validated and normalised at intake, with its time. */
export interface RuleMeasurement extends NormalizedMeasurement {
  effectiveAt: string;
}

export type Consciousness = 'A' | 'C' | 'V' | 'P' | 'U';

/** One questionnaire response: item scores in item order (item 1 first) and, if known, the scored total. */
export interface QuestionnaireAnswers {
  /** Instrument id, e.g. "phq-9". */
  questionnaire: string;
  time: string;
  items: number[];
  /** Defaults to the sum of the items. */
  total?: number;
}

export interface RuleContext {
  /** IANA zone; "a day" for daily rules and schedules is the patient's local day. Invalid → Europe/Stockholm. */
  patientTimeZone: string;
  /** The evaluation instant. Data after it is ignored. */
  now: string;
  /** Recent history per value code (e.g. the last 30 days), ascending by time. May include the new ones. */
  history: Record<string, TimedValue[]>;
  /** The measurement(s) just received, if any (none when a job runs the rules). Merged into the history. */
  measurements?: RuleMeasurement[];
  /** The limits in force for a value code (plan + personal overrides). */
  thresholdsFor: (code: string) => Thresholds;
  /** Questionnaire responses, ascending by time. */
  responses?: QuestionnaireAnswers[];
  /** ACVPU observations for NEWS2; without one in the vitals window the patient is taken as Alert. */
  consciousness?: { time: string; value: Consciousness }[];
}

/** How one value is chosen per local day for daily rules. */
export type DailyValue = 'first' | 'last' | 'min' | 'max' | 'mean';

interface RuleBase {
  /** Stable id within the plan; part of every dedupeKey. */
  id: string;
  /** Whether an open alert of this rule is resolved ("all clear") when the values are back in range. */
  autoResolve?: boolean;
  /** false switches the rule off without removing it. */
  enabled?: boolean;
  /** 'patient': the finding gives the patient the plan's self-care advice but no staff alert (a rule of
   *  thumb such as "2 kg in 3 days" that is too noisy for the worklist). Default 'care'. */
  audience?: 'care' | 'patient';
}

export interface AbsoluteBoundsConfig extends RuleBase {
  kind: 'absoluteBounds';
  /** Measurement or value code; a panel (85354-9) judges each component. */
  code: string;
  /** Replaces the limits from thresholdsFor limit by limit; null switches a limit off. */
  thresholds?: Thresholds;
  /** Confirmed yellow: a yellow finding only when the deviation persists (see BoundConfirm). Red never waits. */
  confirm?: BoundConfirm;
}

/**
 * Confirmed yellow, e.g. gestational hypertension: BP ≥ 140/90 on two occasions at least 4 hours apart (ACOG
 * Practice Bulletin 222, 2020; ISSHP 2018) is `{ readings: 2, withinHours: 24, apartHours: 4 }`. A reading
 * beyond a yellow limit (not red) gives a finding only when, counting it, `readings` readings of the same value
 * code (a panel: per component) lie beyond the same limit in the same direction (a red one counts), each of the
 * others within `withinHours` of it, before or after (up to now: a back-dated reading confirms a later one),
 * and counted only when at least `apartHours` from the readings already counted (duplicates taken a minute
 * apart are one occasion). Readings outside the window — a gap — confirm nothing: the reading waits for the
 * next one. Limits are those in force now.
 */
export interface BoundConfirm {
  /** Readings beyond the limit needed, this one included: a whole number from 2 to 10. */
  readings: number;
  /** How far (hours, before or after) the other readings may lie from this one: > 0, ≤ 168. */
  withinHours: number;
  /** Minimum hours between counted readings (an occasion), ≥ 0; default 0 (every reading counts). */
  apartHours?: number;
}

export interface ChangeOverWindowConfig extends RuleBase {
  kind: 'changeOverWindow';
  code: string;
  /** Signed limit in the canonical unit: +2 fires on a rise of more than 2, −2 on a fall of more than 2. */
  delta: number;
  /** Fire on a change of more than |delta| in either direction. */
  bothDirections?: boolean;
  /** Whole local days, ≥ 1. */
  windowDays: number;
  severity?: RuleSeverity;
  /** Default 'first' (the morning value). */
  daily?: DailyValue;
}

export interface BaselineDeviationConfig extends RuleBase {
  kind: 'baselineDeviation';
  code: string;
  /** Default 'rise'. */
  direction?: 'rise' | 'fall' | 'either';
  /** Days in the baseline window, default 14. */
  baselineDays?: number;
  /** Most recent days before the current one left out of the baseline, default 2. */
  excludeDays?: number;
  /** Fewer daily values in the baseline window → no judgement. Default 7. */
  minBaselineDays?: number;
  /** Band half-width in standard deviations, default 2.5. */
  k?: number;
  /** Floor of the SD in the canonical unit; required for codes without a default (see BASELINE_MIN_SD). */
  minSd?: number;
  /** The newest this-many daily values must all lie beyond the band, default 2 (≤ excludeDays + 1). */
  confirmDays?: number;
  severity?: RuleSeverity;
  daily?: DailyValue;
}

export type MissedSchedule =
  /** Due instants (ISO 8601), e.g. from the schedule module. */
  | { dueTimes: string[] }
  /** Local wall-clock times ("08:00") in the patient's zone, on ISO weekdays 1 (Mon)–7 (Sun), default every day. */
  | { byLocalTime: string[]; daysOfWeek?: number[] };

export interface MissedMeasurementConfig extends RuleBase {
  kind: 'missedMeasurement';
  code: string;
  schedule: MissedSchedule;
  /** Minutes after a due time before the slot counts as missed, default 120. */
  graceMinutes?: number;
  /** Minutes before a due time from which a reading counts for the slot, default 360. */
  earlyMinutes?: number;
  /** How far back due slots are reported, default 24 h. */
  lookbackHours?: number;
  /** Slots before this instant (e.g. the plan's start) are never missed. */
  startsAt?: string;
}

export interface News2Config extends RuleBase {
  kind: 'news2';
  /** All five vitals must lie within this many minutes, default 60. */
  windowMinutes?: number;
  /** SpO2 scale 2 (target 88–92 %) only when prescribed by a clinician. Default 1. */
  spo2Scale?: 1 | 2;
  onOxygen?: boolean;
}

export interface QuestionnaireConfig extends RuleBase {
  kind: 'questionnaire';
  questionnaire: string;
  /** Expected number of items; responses of another length are ignored. */
  itemCount?: number;
  /** Total ≥ min gives the band's severity; the highest band reached wins. */
  bands?: { min: number; severity: RuleSeverity }[];
  /** Total rose by ≥ delta since the previous response. */
  change?: { delta: number; severity?: RuleSeverity };
  /** Item (1-based) answered above `above`. PHQ-9 item 9 > 0 is always red, configured or not. */
  itemFlags?: { item: number; above: number; severity?: RuleSeverity }[];
}

export interface GlucoseConfig extends RuleBase {
  kind: 'glucose';
  /** Default 15074-8. */
  code?: string;
  /** Level 2 hypoglycaemia, default 3.0 mmol/L (red below). */
  redLow?: number;
  /** Level 1 hypoglycaemia, default 3.9 mmol/L (yellow below). */
  yellowLow?: number;
}

export type RuleConfig =
  | AbsoluteBoundsConfig
  | ChangeOverWindowConfig
  | BaselineDeviationConfig
  | MissedMeasurementConfig
  | News2Config
  | QuestionnaireConfig
  | GlucoseConfig;

export type RuleKind = RuleConfig['kind'];

export type BoundReason = {
  type: 'bound';
  time: string;
  /** With a confirmed yellow: the other readings beyond the limit that confirmed it, ascending. */
  confirmedBy?: TimedValue[];
} & AlertReason;

export interface ChangeReason {
  type: 'change';
  code: string;
  unit: string;
  /** The change found, rounded to the code's decimals (signed). */
  delta: number;
  /** The configured limit (signed). */
  limit: number;
  windowDays: number;
  /** Local days between the two daily values (≤ windowDays when a day is missing). */
  days: number;
  from: TimedValue;
  to: TimedValue;
}

export interface BaselineReason {
  type: 'baseline';
  code: string;
  unit: string;
  value: number;
  time: string;
  /** Personal baseline: mean of the daily values in the baseline window. */
  mean: number;
  /** SD used (after the floor). */
  sd: number;
  k: number;
  /** value − mean. */
  deviation: number;
  direction: 'high' | 'low';
  /** Daily values the baseline was computed from. */
  baselineDays: number;
}

export interface MissedReason {
  type: 'missed';
  code: string;
  /** Due instant, UTC. */
  due: string;
  /** Due time in the patient's zone, "YYYY-MM-DD HH:MM". */
  dueLocal: string;
  graceMinutes: number;
}

export interface News2Reason {
  type: 'news2';
  total: number;
  risk: 'low' | 'low-medium' | 'medium' | 'high';
  redScore: boolean;
  subscores: News2Subscores;
  /** Time of the newest vital in the set. */
  time: string;
}

export interface QuestionnaireReason {
  type: 'questionnaire';
  questionnaire: string;
  check: 'band' | 'change' | 'item';
  total: number;
  time: string;
  /** Band minimum, change limit or item limit ("above"). */
  limit: number;
  previousTotal?: number;
  /** 1-based item number (check 'item'). */
  item?: number;
  answer?: number;
}

export type RuleReason =
  | BoundReason
  | ChangeReason
  | BaselineReason
  | MissedReason
  | News2Reason
  | QuestionnaireReason;

export interface RuleFinding {
  ruleId: string;
  kind: RuleKind;
  /** Value code, questionnaire id, or "news2". For a panel finding: the component of `reason`. */
  code: string;
  severity: RuleSeverity;
  /** The worst reason (the first of equals). */
  reason: RuleReason;
  /**
   * The other reasons of one item, one per value code, worst first: an absolute-bounds rule on a panel gives one
   * finding per reading and direction (BP above its limits is one item), with each component's reason.
   */
  related?: RuleReason[];
  /** The same persisting deviation gives the same key: the server updates one open alert with it. */
  dedupeKey: string;
  /** Resolve the open alert when the rule clears (see Rule.clears). */
  autoResolve: boolean;
}

export interface Rule<C extends RuleConfig = RuleConfig> {
  kind: C['kind'];
  /** Used when the config does not say. */
  defaultAutoResolve: boolean;
  /** Problems with the config; field paths are relative to the config ("windowDays"). */
  validate(config: C): ValidationIssue[];
  /** Findings for the state at ctx.now. Never throws on a valid config. */
  evaluate(config: C, ctx: RuleContext): RuleFinding[];
  /** True when there is data to judge and it is back in range: open alerts of this rule may be resolved. */
  clears?(config: C, ctx: RuleContext): boolean;
}
