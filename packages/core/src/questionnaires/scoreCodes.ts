// The codes of the questionnaires' score Observations, kept apart from the instruments' questions: the
// catalogue (scoreMeasurements.ts) needs only these, and the patient app's first download includes the
// catalogue but not the questionnaires (bench/web-budget.ts). Each instrument takes its code from here.
import type { ScoreCode } from './types';

// Not imported from ../fhir: the catalogue includes the score measurements, and fhir imports the catalogue.
export const LOINC_SYSTEM = 'http://loinc.org';
export const HEMMA_SCORE_SYSTEM = 'http://hemma.se/fhir/CodeSystem/score';

export const PHQ9_TOTAL: ScoreCode = {
  system: LOINC_SYSTEM,
  code: '44261-6',
  name: { sv: 'PHQ-9 totalpoäng', en: 'PHQ-9 total score' },
};

export const PHQ9_ITEM9: ScoreCode = {
  system: LOINC_SYSTEM,
  code: '44260-8',
  name: { sv: 'PHQ-9 fråga 9 (självskadetankar)', en: 'PHQ-9 item 9 (thoughts of self-harm)' },
};

export const GAD7_TOTAL: ScoreCode = {
  system: LOINC_SYSTEM,
  code: '70274-6',
  name: { sv: 'GAD-7 totalpoäng', en: 'GAD-7 total score' },
};

export const MMRC_GRADE: ScoreCode = {
  system: HEMMA_SCORE_SYSTEM,
  code: 'mmrc-grade',
  name: { sv: 'mMRC-grad', en: 'mMRC grade' },
};

export const PAIN_NRS_SCORE: ScoreCode = {
  system: LOINC_SYSTEM,
  code: '72514-3',
  name: { sv: 'Smärtintensitet (NRS 0–10)', en: 'Pain intensity (NRS 0–10)' },
};

export const HF_SYMPTOM_SCORE: ScoreCode = {
  system: HEMMA_SCORE_SYSTEM,
  code: 'hf-symptom-score',
  name: { sv: 'Hjärtsviktssymtom (0–6)', en: 'Heart failure symptoms (0–6)' },
};

export const CAT_TOTAL: ScoreCode = {
  system: HEMMA_SCORE_SYSTEM,
  code: 'cat-total',
  name: { sv: 'CAT totalpoäng', en: 'CAT total score' },
};

export const ACT_TOTAL: ScoreCode = {
  system: HEMMA_SCORE_SYSTEM,
  code: 'act-total',
  name: { sv: 'ACT totalpoäng', en: 'ACT total score' },
};
