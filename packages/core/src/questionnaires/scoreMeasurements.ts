// Questionnaire scores as catalogue measurements, so score Observations go through the one intake path
// (thresholds, alerts, worklist, charts, FHIR) like any value. Imports only the score codes (scoreCodes.ts),
// never the instruments' questions nor the catalogue (which includes these).
//
// Default limits (strict: a value above yellowHigh is yellow), from the instruments' published cut-offs:
// PHQ-9 ≥ 10 moderate (yellow), ≥ 20 severe (red) — Kroenke 2001; GAD-7 ≥ 10 moderate, ≥ 15 severe — Spitzer
// 2006; CAT > 20 high, > 30 very high impact — CAT user guide; ACT ≤ 19 not well controlled, ≤ 15 very poorly
// controlled — Nathan 2004, Schatz 2006; pain NRS ≥ 7 severe — the usual 0–10 NRS bands (Serlin et al., Pain
// 1995). The heart-failure symptom score is Hemma's own: two symptoms a little worse, or one much worse, is
// yellow. PHQ-9 item 9 needs no limit: the questionnaire rule makes any answer above 0 red whatever is set.

import type { MeasurementDef, Thresholds } from '../types';
import {
  ACT_TOTAL,
  CAT_TOTAL,
  GAD7_TOTAL,
  HF_SYMPTOM_SCORE,
  LOINC_SYSTEM,
  MMRC_GRADE,
  PAIN_NRS_SCORE,
  PHQ9_ITEM9,
  PHQ9_TOTAL,
} from './scoreCodes';
import type { ScoreCode } from './types';

const SCORE_UNIT = { ucum: '{score}', display: 'points', toCanonical: (v: number) => v };

function scoreMeasurement(key: string, code: ScoreCode, min: number, max: number): MeasurementDef {
  return {
    key,
    loinc: code.code,
    ...(code.system !== LOINC_SYSTEM ? { system: code.system } : {}),
    name: code.name,
    unit: '{score}',
    unitDisplay: 'points',
    inputUnits: [SCORE_UNIT],
    possible: { min, max },
    decimals: 0,
    category: 'survey',
  };
}

export const SCORE_MEASUREMENTS: MeasurementDef[] = [
  scoreMeasurement('phq-9', PHQ9_TOTAL, 0, 27),
  scoreMeasurement('phq-9-item-9', PHQ9_ITEM9, 0, 3),
  scoreMeasurement('gad-7', GAD7_TOTAL, 0, 21),
  scoreMeasurement('mmrc', MMRC_GRADE, 0, 4),
  scoreMeasurement('pain-nrs', PAIN_NRS_SCORE, 0, 10),
  scoreMeasurement('hf-symptoms', HF_SYMPTOM_SCORE, 0, 6),
  scoreMeasurement('cat', CAT_TOTAL, 0, 40),
  scoreMeasurement('act', ACT_TOTAL, 5, 25),
];

export const SCORE_THRESHOLDS: Record<string, Thresholds> = {
  '44261-6': { yellowHigh: 9, redHigh: 19 },
  '70274-6': { yellowHigh: 9, redHigh: 14 },
  'cat-total': { yellowHigh: 20, redHigh: 30 },
  'act-total': { yellowLow: 20, redLow: 16 },
  '72514-3': { yellowHigh: 6 },
  'hf-symptom-score': { yellowHigh: 1 },
};
