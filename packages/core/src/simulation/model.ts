// Shapes shared by the simulation modules.

import type { QuestionnaireAnswers, RuleMeasurement } from '../rules/types';

export const PROTOCOLS = [
  'hypertension',
  'heartFailure',
  'diabetes1',
  'diabetes2',
  'copd',
  'asthma',
  'pregnancyHypertension',
] as const;
export type ProtocolId = (typeof PROTOCOLS)[number];

export const EPISODE_KINDS = [
  'heartFailureDecompensation',
  'hypertensiveCrisis',
  'hypoglycaemia',
  'copdExacerbation',
] as const;
export type EpisodeKind = (typeof EPISODE_KINDS)[number];

/**
 * A deterioration injected into one patient's data. Values deviate from `onsetDay` and the clinical event
 * (hospitalisation, emergency visit, severe hypoglycaemia, treated exacerbation) happens on `eventDay`.
 * The pre-event window is [onsetDay, eventDay] inclusive: an alert raised in it detects the episode.
 */
export interface Episode {
  kind: EpisodeKind;
  onsetDay: number;
  eventDay: number;
  /** Size of the deviation at the event: kg gained, systolic peak mmHg, nadir mmol/L, or 0–1 severity. */
  magnitude: number;
  /** Days without measurements after the event (hospital stay); 0 when the patient stays at home. */
  stayDays: number;
}

/** How staff are involved (DOMAIN.md): prescribed → full alerting; recommended → informational items. */
export type MonitoringKind = 'prescribed' | 'recommended';

export interface SimPatient {
  index: number;
  id: string;
  protocol: ProtocolId;
  monitoring: MonitoringKind;
  /** Values typed by hand (app or SMS) rather than sent by a Bluetooth device: typing errors possible. */
  manualEntry: boolean;
  /** Probability of measuring on a scheduled day (before any holiday gap). */
  adherence: number;
  /** A run of days without any measurement (travel, illness), or null. */
  gap: { from: number; to: number } | null;
  episodes: Episode[];
  /** Personal baselines used by the generator (and, like a clinic after run-in, for personal thresholds). */
  baseline: Record<string, number>;
}

/** One upload: what a phone, a device gateway or an SMS delivers at once. */
export interface Submission {
  ms: number;
  /** Simulation day (0 = first day), local to the patient. */
  day: number;
  measurements: RuleMeasurement[];
  responses: QuestionnaireAnswers[];
}

export interface SimOptions {
  patients: number;
  weeks: number;
  seed: number;
  /** Share of typed values with a typing error; default TYPING_ERROR_RATE (1 %). */
  typingErrorRate?: number;
  /** Share of patients whose run-in proposal the nurse accepts (rule set 'run-in'); default 1. */
  runInAcceptance?: number;
}

/** Counts of what the measurement habits produced, so the documentation can state them. */
export interface HabitCounts {
  readings: number;
  duplicates: number;
  typingErrors: number;
  typingErrorsRejected: number;
  missedDays: number;
  scheduledDays: number;
}
