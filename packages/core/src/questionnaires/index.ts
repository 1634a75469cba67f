// The questionnaires Hemma ships, as FHIR R4 Questionnaires with sv/en texts, and what to do with a response:
// validate it item by item, score it, and (for licensed instruments) import a region's wording. New
// questionnaires are data: one file under instruments/ and one line in QUESTIONNAIRES.

import { GAD7 } from './instruments/gad7';
import { HF_SYMPTOMS } from './instruments/hfSymptoms';
import { ACT, CAT } from './instruments/licensed';
import { MMRC } from './instruments/mmrc';
import { PAIN_NRS } from './instruments/painNrs';
import { PHQ9 } from './instruments/phq9';
import { SYMPTOM_DIARY } from './instruments/symptomDiary';
import type { QuestionnaireDef, ScoreCode } from './types';

export * from './build';
export * from './import';
export * from './respond';
export * from './score';
export type * from './types';
export * from './validate';

export const QUESTIONNAIRES: readonly QuestionnaireDef[] = [
  PHQ9,
  GAD7,
  MMRC,
  PAIN_NRS,
  HF_SYMPTOMS,
  SYMPTOM_DIARY,
  CAT,
  ACT,
];

const byId = new Map(QUESTIONNAIRES.map((d) => [d.id, d]));

/** By id ("phq-9"), canonical URL (optionally "|version") or "Questionnaire/<id>". */
export function findQuestionnaire(ref: string): QuestionnaireDef | undefined {
  const [url] = ref.split('|');
  const id = url!.replace(/^.*\/Questionnaire\//, '').replace(/^Questionnaire\//, '');
  return byId.get(id);
}

/** Every score code a questionnaire stores (totals and single items), for naming and charts. */
export const SCORE_CODES: readonly ScoreCode[] = QUESTIONNAIRES.flatMap((d) => [
  ...(d.scoring.kind === 'none' ? [] : [d.scoring.total]),
  ...(d.itemObservations ?? []).map((o) => o.code),
]);

export function findScoreCode(code: string): ScoreCode | undefined {
  return SCORE_CODES.find((c) => c.code === code);
}
