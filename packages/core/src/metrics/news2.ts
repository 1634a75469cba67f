// National Early Warning Score 2 (NEWS2).
// Source: Royal College of Physicians. National Early Warning Score (NEWS) 2: Standardising the assessment of
// acute-illness severity in the NHS. Updated report of a working party. London: RCP, 2017 — chart 1 (the
// scoring system), chart 2 (thresholds and triggers) and the SpO2 scale 2 guidance (section 4, for patients
// with hypercapnic respiratory failure, whose target saturation is 88–92 %).

import { roundTo } from '../validate';
import { finiteIn } from './input';

export type News2Consciousness = 'A' | 'C' | 'V' | 'P' | 'U';

export interface News2Input {
  /** Breaths per minute. */
  respiratoryRate: number;
  /** Oxygen saturation, %. */
  spo2: number;
  /** 1 = the usual scale; 2 = target 88–92 % (hypercapnic respiratory failure), prescribed by a clinician. */
  spo2Scale: 1 | 2;
  /** Supplemental oxygen (any device); scores 2 on the "air or oxygen?" row. */
  onOxygen: boolean;
  /** Systolic blood pressure, mmHg. */
  systolic: number;
  /** Pulse, beats per minute. */
  pulse: number;
  /** ACVPU: Alert, new Confusion, responds to Voice, to Pain, Unresponsive. */
  consciousness: News2Consciousness;
  /** Temperature, °C. */
  temperature: number;
}

export interface News2Subscores {
  respiratoryRate: number;
  spo2: number;
  oxygen: number;
  systolic: number;
  pulse: number;
  consciousness: number;
  temperature: number;
}

export type News2Risk = 'low' | 'low-medium' | 'medium' | 'high';

export interface News2Result {
  /** Aggregate score 0–20, the sum of the subscores. */
  total: number;
  subscores: News2Subscores;
  /** RCP chart 2: 0–4 low (any single 3 → low-medium), 5–6 medium, ≥ 7 high. */
  risk: News2Risk;
  /** A score of 3 in any single parameter (the "red score"). */
  redScore: boolean;
}

/** Bands as [inclusive upper bound, score], checked in order; the last bound is Infinity. */
type Bands = readonly (readonly [number, number])[];

// RCP 2017, chart 1. Each row reads "≤ bound → score".
const RESPIRATORY_RATE: Bands = [
  [8, 3], // ≤ 8
  [11, 1], // 9–11
  [20, 0], // 12–20
  [24, 2], // 21–24
  [Infinity, 3], // ≥ 25
];
const SPO2_SCALE_1: Bands = [
  [91, 3], // ≤ 91
  [93, 2], // 92–93
  [95, 1], // 94–95
  [Infinity, 0], // ≥ 96
];
// Scale 2, at or below 92 %; ≥ 93 % depends on oxygen (see spo2Score).
const SPO2_SCALE_2_LOW: Bands = [
  [83, 3], // ≤ 83
  [85, 2], // 84–85
  [87, 1], // 86–87
  [92, 0], // 88–92
];
const SPO2_SCALE_2_ON_OXYGEN: Bands = [
  [94, 1], // 93–94 on oxygen
  [96, 2], // 95–96 on oxygen
  [Infinity, 3], // ≥ 97 on oxygen
];
const SYSTOLIC: Bands = [
  [90, 3], // ≤ 90
  [100, 2], // 91–100
  [110, 1], // 101–110
  [219, 0], // 111–219
  [Infinity, 3], // ≥ 220
];
const PULSE: Bands = [
  [40, 3], // ≤ 40
  [50, 1], // 41–50
  [90, 0], // 51–90
  [110, 1], // 91–110
  [130, 2], // 111–130
  [Infinity, 3], // ≥ 131
];
const TEMPERATURE: Bands = [
  [35.0, 3], // ≤ 35.0
  [36.0, 1], // 35.1–36.0
  [38.0, 0], // 36.1–38.0
  [39.0, 1], // 38.1–39.0
  [Infinity, 2], // ≥ 39.1
];

// Physically impossible values are rejected (not scored). Generous on purpose: NEWS2 must score the
// extremes (e.g. pulse 30, systolic 60) that matter most.
const LIMITS = {
  respiratoryRate: [0, 100],
  spo2: [0, 100],
  systolic: [0, 400],
  pulse: [0, 400],
  temperature: [10, 50],
} as const;

const CONSCIOUSNESS = ['A', 'C', 'V', 'P', 'U'] as const;

function band(bands: Bands, value: number): number {
  for (const [upper, score] of bands) if (value <= upper) return score;
  /* c8 ignore next */
  throw new Error('unreachable: bands end with Infinity');
}

function spo2Score(spo2: number, scale: 1 | 2, onOxygen: boolean): number {
  if (scale === 1) return band(SPO2_SCALE_1, spo2);
  if (spo2 <= 92) return band(SPO2_SCALE_2_LOW, spo2);
  // ≥ 93 %: on air scores 0; on oxygen, over-oxygenation for a patient with a target of 88–92 % scores.
  return onOxygen ? band(SPO2_SCALE_2_ON_OXYGEN, spo2) : 0;
}

function risk(total: number, redScore: boolean): News2Risk {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  return redScore ? 'low-medium' : 'low';
}

/**
 * NEWS2 from one set of vital signs (RCP 2017).
 *
 * Values are rounded as they are charted before banding — whole numbers, temperature to 0.1 °C, halves up —
 * so 20.4 breaths/min scores as 20 and 35.05 °C as 35.1. Non-finite or impossible values, an unknown SpO2
 * scale or ACVPU level throw a RangeError/TypeError naming the field.
 */
export function scoreNews2(input: News2Input): News2Result {
  if (input == null || typeof input !== 'object') throw new TypeError('scoreNews2: input must be an object');
  const rr = roundTo(finiteIn(input.respiratoryRate, 'respiratoryRate', ...LIMITS.respiratoryRate), 0);
  const spo2 = roundTo(finiteIn(input.spo2, 'spo2', ...LIMITS.spo2), 0);
  const systolic = roundTo(finiteIn(input.systolic, 'systolic', ...LIMITS.systolic), 0);
  const pulse = roundTo(finiteIn(input.pulse, 'pulse', ...LIMITS.pulse), 0);
  const temperature = roundTo(finiteIn(input.temperature, 'temperature', ...LIMITS.temperature), 1);
  if (input.spo2Scale !== 1 && input.spo2Scale !== 2)
    throw new RangeError(`spo2Scale: ${String(input.spo2Scale)} is not 1 or 2`);
  if (typeof input.onOxygen !== 'boolean')
    throw new TypeError(`onOxygen: ${String(input.onOxygen)} is not true or false`);
  if (!(CONSCIOUSNESS as readonly unknown[]).includes(input.consciousness))
    throw new RangeError(`consciousness: ${String(input.consciousness)} is not one of A, C, V, P, U (ACVPU)`);

  const subscores: News2Subscores = {
    respiratoryRate: band(RESPIRATORY_RATE, rr),
    spo2: spo2Score(spo2, input.spo2Scale, input.onOxygen),
    oxygen: input.onOxygen ? 2 : 0,
    systolic: band(SYSTOLIC, systolic),
    pulse: band(PULSE, pulse),
    consciousness: input.consciousness === 'A' ? 0 : 3,
    temperature: band(TEMPERATURE, temperature),
  };
  const values = Object.values(subscores);
  const total = values.reduce((a, b) => a + b, 0);
  const redScore = values.some((s) => s === 3);
  return { total, subscores, risk: risk(total, redScore), redScore };
}
