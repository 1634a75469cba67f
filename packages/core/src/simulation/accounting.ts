// Detection accounting: which episodes an alert detected, how early, and which alerts were false.
//
// Definitions (docs/simulation.md):
// - An episode is detected when an alert on one of its kind's codes is raised or updated in its pre-event
//   window [onsetDay, eventDay]; the warning is eventDay minus the first such day (0 = on the event day).
// - A false alert is a clinical alert (any kind but missed measurement) opened outside every pre-event window
//   of the same patient. Missed-measurement items are adherence work, counted apart.

import type { RuleSeverity } from '../rules/types';
import type { SimAlert } from './alerts';
import { CAT_ID, CODES } from './data';
import type { Episode, EpisodeKind } from './model';

/** The codes whose alerts count as detecting an episode of each kind. */
export const EPISODE_CODES: Record<EpisodeKind, readonly string[]> = {
  heartFailureDecompensation: [CODES.weight],
  hypertensiveCrisis: [CODES.systolic, CODES.diastolic, CODES.urineProtein],
  hypoglycaemia: [CODES.glucose],
  copdExacerbation: [CODES.spo2, CODES.pulse, CODES.pef, CAT_ID],
};

export interface EpisodeOutcome {
  episode: Episode;
  detected: boolean;
  /** Days of warning before the event, null when not detected. */
  daysWarning: number | null;
}

export function isClinical(a: SimAlert): boolean {
  return a.kind !== 'missedMeasurement';
}

/** Outcome of each episode of one patient given that patient's alerts. */
export function episodeOutcomes(
  episodes: readonly Episode[],
  alerts: readonly SimAlert[],
  codes: Record<EpisodeKind, readonly string[]> = EPISODE_CODES,
): EpisodeOutcome[] {
  return episodes.map((episode) => {
    let first: number | null = null;
    for (const a of alerts) {
      if (!isClinical(a) || !codes[episode.kind].includes(a.code)) continue;
      for (const d of a.raisedDays)
        if (d >= episode.onsetDay && d <= episode.eventDay && (first === null || d < first)) first = d;
    }
    return {
      episode,
      detected: first !== null,
      daysWarning: first === null ? null : episode.eventDay - first,
    };
  });
}

/** Whether a clinical alert opened outside every pre-event window of the patient. */
export function isFalseAlert(a: SimAlert, episodes: readonly Episode[]): boolean {
  if (!isClinical(a)) return false;
  return !episodes.some((e) => a.openedDay >= e.onsetDay && a.openedDay <= e.eventDay);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface MinutesModel {
  red: number;
  yellow: number;
  informational: number;
  missed: number;
  /** A nurse's review of one patient's run-in proposal. */
  runInReview: number;
}

export type ItemType = keyof MinutesModel;

/** How staff meet an alert: by its worst severity, as information under recommended monitoring. */
export function itemType(a: SimAlert, recommended: boolean): Exclude<ItemType, 'runInReview'> {
  if (a.kind === 'missedMeasurement') return 'missed';
  if (recommended) return 'informational';
  return (a.severity satisfies RuleSeverity) === 'red' ? 'red' : 'yellow';
}

/**
 * Items an alert makes if staff acknowledge an open item every `afterDays` days from its opening and a finding in a
 * later such period opens a new one (the server: an acknowledged alert is closed, the next finding of its key
 * opens another): one item per period with findings. The model prices an open alert once however long it stays
 * open; this is the stricter accounting of docs/simulation.md ("a caveat on the all-clear persistence").
 */
export function itemsIfAcknowledgedAfter(a: SimAlert, afterDays: number): number {
  return new Set(a.raisedDays.map((day) => Math.floor((day - a.openedDay) / afterDays))).size;
}
