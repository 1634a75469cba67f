// Protocols (PlanDefinition) and care plans: the shapes the library, the editor, the merge and the server
// share. Texts are Localized (sv and en); the FHIR form carries the English text in the translation
// extension (fhir.ts).

import type { RuleConfig } from '../rules/types';
import type { AdviceSet, Localized, Thresholds } from '../types';

/**
 * One timing of an activity. `rrule` is a subset of RFC 5545 RRULE evaluated in the patient's local time:
 * FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, BYDAY (MO…SU), BYMONTHDAY, BYHOUR, BYMINUTE, COUNT.
 * Example: "FREQ=DAILY;BYHOUR=7,20;BYMINUTE=0" — every day at 07:00 and 20:00.
 */
export interface ScheduleEntry {
  rrule: string;
  /** First local day of this timing, counted from the plan's start (day 0). Default 0. */
  startDay?: number;
  /** Number of local days the timing lasts; absent = open-ended. */
  days?: number;
  /** Readings expected per occasion, e.g. 2 for duplicate BP readings. Default 1. */
  readings?: number;
}

export type ActivityKind = 'measurement' | 'questionnaire';

/** An ActivityDefinition of a protocol: what the patient does, when, and how it is judged. */
export interface ProtocolActivity {
  /** Stable id within the protocol, e.g. "bp". */
  id: string;
  kind: ActivityKind;
  /** Measurement key or LOINC (kind measurement) or Questionnaire canonical URL (kind questionnaire). */
  code: string;
  title: Localized;
  instructions: Localized;
  /** One or more timings (e.g. ESH: daily for 7 days, then weekly). */
  schedule: ScheduleEntry[];
  /** Default limits per value code (e.g. 8480-6), canonical unit. */
  thresholds?: Record<string, Thresholds>;
  /** Self-care advice per value code and level. */
  advice?: Record<string, AdviceSet>;
  /**
   * Minutes after a due time before a missed reading is reported; absent = not reported. With `missedCheck`,
   * it only sets when the patient's own list shows an occasion as missed.
   */
  missedGraceMinutes?: number;
  /** A missed-measurement check of its own, reported instead of one item per missed occasion. */
  missedCheck?: MissedCheck;
  /**
   * false: the run-in never proposes personal limits for this measurement's values, e.g. BP in pregnancy, where
   * a rising BP is the pre-eclampsia signal the limits are there to catch. Absent or true: the run-in applies
   * where it can (the value codes in RUN_IN_MIN_SPREAD). Measurements only; in a merged plan, one protocol's
   * false wins.
   */
  runIn?: boolean;
}

/**
 * When staff hear of missing readings, apart from when the patient is asked to measure: e.g. "no reading for two
 * days" is due at noon on Mon, Wed, Fri and Sun, and any reading in the 48 hours before counts
 * (earlyMinutes 2880, graceMinutes 0). One missed morning is the patient's reminder's business.
 */
export interface MissedCheck {
  /** The check's due times (same RRULE subset as the activity's schedule). */
  schedule: ScheduleEntry[];
  /** How long before a due time a reading counts for it (the missedMeasurement rule's earlyMinutes). */
  earlyMinutes: number;
  /** Minutes after a due time before the miss is reported. */
  graceMinutes: number;
}

export interface Protocol {
  /** Stable slug, e.g. "hypertension". */
  id: string;
  title: Localized;
  description: Localized;
  activities: ProtocolActivity[];
  /** Rule configs (rule kinds from core/rules). Ids are unique within the protocol. */
  rules: RuleConfig[];
}

export type MonitoringKind = 'self-initiated' | 'recommended' | 'prescribed';

/** A protocol as used in a plan, with the version it came from. */
export interface VersionedProtocol {
  protocol: Protocol;
  version: number;
}

/** An activity of a merged plan: one per code, with the protocols it serves. */
export interface PlanActivity extends ProtocolActivity {
  sources: string[];
  /** When this activity's schedule starts (day 0), if not the plan's start: the enrolment that brought it. */
  startsAt?: string;
}

export type ConflictKind = 'threshold' | 'schedule' | 'advice';

/** A difference between protocols found while merging, shown to staff. */
export interface PlanConflict {
  kind: ConflictKind;
  /** Value code (thresholds, advice) or activity code (schedule). */
  code: string;
  /** Threshold limit, e.g. "yellowHigh". */
  field?: string;
  /** What each protocol wanted. */
  values: { protocol: string; value: unknown }[];
  /** What the plan uses and why. */
  chosen: unknown;
  resolution: 'tighter' | 'denser' | 'first' | 'override';
}

/** Staff decisions that win over the merge. */
export interface PlanOverrides {
  /** Per value code, limit by limit (null switches a limit off). */
  thresholds?: Record<string, Thresholds>;
}

export interface MergedPlan {
  activities: PlanActivity[];
  rules: RuleConfig[];
  /** The limits per value code the plan sets (before personal thresholds). */
  thresholds: Record<string, Thresholds>;
  advice: Record<string, AdviceSet>;
  conflicts: PlanConflict[];
}
