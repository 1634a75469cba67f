// The synthetic cohort: who is in it, how well they measure, and which deteriorations they will have.
// Parameter sources are in docs/simulation.md; the numbers here carry a short note each.

import type { Episode, EpisodeKind, MonitoringKind, ProtocolId, SimPatient } from './model';
import { Rng } from './random';

/**
 * Case mix of a primary-care-led home-monitoring programme (an assumption, see docs/simulation.md):
 * hypertension and heart failure dominate; type 1 diabetes is small because CGM users are mostly followed on
 * the diabetes clinic's own platform.
 */
export const CASE_MIX: readonly (readonly [ProtocolId, number])[] = [
  ['hypertension', 0.3],
  ['heartFailure', 0.2],
  ['diabetes2', 0.15],
  ['copd', 0.15],
  ['asthma', 0.1],
  ['diabetes1', 0.05],
  ['pregnancyHypertension', 0.05],
];

/**
 * Expected episodes per patient per 26 weeks. Heart failure, COPD and hypoglycaemia are at the published
 * rates; hypertensive crises are enriched about tenfold (1–2 %/year in the population) so that their
 * sensitivity rests on more than a handful of episodes. More episodes only add true alerts: staff minutes are
 * slightly pessimistic for it.
 */
export const EPISODE_RATES: Partial<Record<ProtocolId, readonly (readonly [EpisodeKind, number])[]>> = {
  heartFailure: [['heartFailureDecompensation', 0.35]],
  hypertension: [['hypertensiveCrisis', 0.05]],
  pregnancyHypertension: [['hypertensiveCrisis', 0.1]],
  diabetes1: [['hypoglycaemia', 0.6]],
  // Only for the third of type 2 patients on insulin or a sulfonylurea (UK Hypoglycaemia Study Group 2007).
  diabetes2: [['hypoglycaemia', 0.2]],
  copd: [['copdExacerbation', 0.6]],
};

/** First day an episode may begin: a personal baseline needs a couple of weeks of data. */
export const EARLIEST_ONSET_DAY = 14;
/** Days between one episode's recovery and the next onset. */
const MIN_GAP_DAYS = 21;

function monitoringFor(protocol: ProtocolId): MonitoringKind {
  // CGM lows go to the patient's own sensor alarm; the clinic sees them as information (see docs).
  return protocol === 'diabetes1' ? 'recommended' : 'prescribed';
}

/** Share of scheduled days measured: good / moderate / poor adherers (Tele-HF, BEAT-HF, TIM-HF2; see docs). */
function adherence(rng: Rng): number {
  const group = rng.pick([
    ['good', 0.65],
    ['moderate', 0.25],
    ['poor', 0.1],
  ] as const);
  if (group === 'good') return rng.uniform(0.9, 0.99);
  if (group === 'moderate') return rng.uniform(0.7, 0.9);
  return rng.uniform(0.4, 0.7);
}

function episode(kind: EpisodeKind, onsetDay: number, rng: Rng): Episode {
  switch (kind) {
    case 'heartFailureDecompensation': {
      // Chaudhry 2007: gain starts about a week before admission; brief: 2–5 kg over 5–14 days.
      const length = rng.int(5, 14);
      return {
        kind,
        onsetDay,
        eventDay: onsetDay + length,
        magnitude: rng.uniform(2, 5),
        stayDays: rng.int(4, 10),
      };
    }
    case 'hypertensiveCrisis':
      return {
        kind,
        onsetDay,
        eventDay: onsetDay + rng.int(1, 4),
        magnitude: rng.uniform(185, 220),
        stayDays: 0,
      };
    case 'hypoglycaemia':
      // Cox 2007: severe hypoglycaemia follows 1–2 days of more frequent lows.
      return {
        kind,
        onsetDay,
        eventDay: onsetDay + rng.int(1, 3),
        magnitude: rng.uniform(1.8, 2.6),
        stayDays: 0,
      };
    case 'copdExacerbation':
      // Seemungal 2000: symptoms build over about a week before the exacerbation is treated.
      return {
        kind,
        onsetDay,
        eventDay: onsetDay + rng.int(3, 10),
        magnitude: rng.uniform(0.5, 1),
        stayDays: rng.chance(0.2) ? rng.int(3, 8) : 0,
      };
  }
}

/** Recovery days after the event before another episode may start. */
function recovery(e: Episode): number {
  return e.stayDays + (e.kind === 'copdExacerbation' ? 14 : 7);
}

function episodes(protocol: ProtocolId, days: number, rng: Rng): Episode[] {
  const out: Episode[] = [];
  for (const [kind, per26] of EPISODE_RATES[protocol] ?? []) {
    // Poisson count over the run, then onsets spread uniformly, dropping any that would not fit.
    const lambda = (per26 * days) / 182;
    let count = 0;
    for (let p = Math.exp(-lambda), s = p, u = rng.next(); u > s; count++) {
      p *= lambda / (count + 1);
      s += p;
    }
    const onsets = Array.from({ length: count }, () =>
      rng.int(EARLIEST_ONSET_DAY, Math.max(EARLIEST_ONSET_DAY, days - 1)),
    ).sort((a, b) => a - b);
    let free = EARLIEST_ONSET_DAY;
    for (const onset of onsets) {
      const e = episode(kind, Math.max(onset, free), rng);
      if (e.eventDay >= days) continue;
      out.push(e);
      free = e.eventDay + recovery(e) + MIN_GAP_DAYS;
    }
  }
  return out.sort((a, b) => a.onsetDay - b.onsetDay);
}

function baseline(protocol: ProtocolId, rng: Rng): Record<string, number> {
  const clip = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
  switch (protocol) {
    case 'hypertension':
      return { systolic: rng.normal(140, 12), diastolic: rng.normal(85, 8), pulse: rng.normal(72, 9) };
    case 'pregnancyHypertension':
      // Treated towards ≤ 135/85 (NICE NG133); tight control in CHIPS reached about 133/85.
      return {
        systolic: rng.normal(133, 7),
        diastolic: rng.normal(85, 5),
        pulse: rng.normal(84, 8),
      };
    case 'heartFailure':
      return {
        weight: clip(rng.normal(82, 16), 45, 150),
        systolic: clip(rng.normal(118, 14), 92, 170),
        diastolic: clip(rng.normal(70, 8), 50, 100),
        pulse: clip(rng.normal(70, 9), 50, 100),
      };
    case 'diabetes1':
      // Real-world CGM: mean ≈ 8.5 mmol/L, CV ≈ 35 % (log-normal spread s ≈ 0.33–0.42).
      return { glucoseMedian: rng.uniform(7.2, 9.5), glucoseLogSd: rng.uniform(0.3, 0.42) };
    case 'diabetes2':
      return {
        glucoseMedian: rng.uniform(6.2, 8.8),
        glucoseLogSd: rng.uniform(0.12, 0.2),
        weight: clip(rng.normal(88, 16), 50, 160),
        systolic: rng.normal(136, 12),
        diastolic: rng.normal(80, 8),
        pulse: rng.normal(74, 9),
        // About a third of people with type 2 diabetes use insulin or a sulfonylurea.
        hypoRisk: rng.chance(0.3) ? 1 : 0,
      };
    case 'copd':
      return {
        spo2: clip(Math.round(rng.normal(94, 1.8)), 89, 98),
        pulse: clip(rng.normal(82, 8), 60, 105),
        pef: clip(rng.normal(250, 70), 100, 500),
        cat: clip(Math.round(rng.normal(16, 6)), 2, 34),
      };
    case 'asthma':
      return { pefBest: clip(rng.normal(430, 80), 200, 700), control: rng.uniform(0.85, 0.97) };
  }
}

/** One patient: protocol, habits, baselines and episodes. The same rng then draws the patient's data. */
export function createPatient(seed: number, index: number, days: number): { patient: SimPatient; rng: Rng } {
  const rng = new Rng(seed, index + 1);
  const protocol = rng.pick(CASE_MIX);
  const gapLength = rng.int(3, 10);
  const gapStart = rng.int(0, Math.max(0, days - gapLength));
  const patient: SimPatient = {
    index,
    id: `sim-${String(index + 1).padStart(5, '0')}`,
    protocol,
    monitoring: monitoringFor(protocol),
    // Bluetooth devices are common for BP and weight; the rest type values in the app or by SMS.
    manualEntry: rng.chance(0.4),
    adherence: adherence(rng),
    // About a third have one longer break (holiday, illness) in half a year.
    gap: rng.chance(0.3) && gapLength < days ? { from: gapStart, to: gapStart + gapLength - 1 } : null,
    episodes: [],
    baseline: baseline(protocol, rng),
  };
  patient.episodes = episodes(protocol, days, rng);
  if (protocol === 'diabetes2' && patient.baseline.hypoRisk === 0) patient.episodes = [];
  return { patient, rng };
}

/** Days the patient is in hospital after an event: the plan is paused, nothing is due. */
export function hospitalDays(p: SimPatient): Set<number> {
  const out = new Set<number>();
  for (const e of p.episodes) for (let d = 1; d <= e.stayDays; d++) out.add(e.eventDay + d);
  return out;
}
