// Scoring of a validated response: the instrument scores come from scoreInstrument (metrics/instruments.ts),
// simple scales are sums. The result carries the score Observations to store and the answers in the shape the
// questionnaire rule (rules/questionnaire.ts) reads.

import { scoreInstrument } from '../metrics';
import type { QuestionnaireAnswers } from '../rules/types';
import { flattenItems, ordinalOf } from './build';
import type { QuestionnaireDef, ScoreCode } from './types';
import type { Answers } from './validate';

export interface ResponseScore {
  /** Total score, when the questionnaire is scored. */
  total: number | null;
  /** Severity band of the total (instruments only), e.g. "moderate". */
  band: string | null;
  /** Item flags that need attention whatever the total, e.g. "suicidality". */
  flags: string[];
  /** Item scores in scoring order. */
  itemScores: number[];
  /** Score Observations to store: the total, then single items stored on their own (PHQ-9 item 9). */
  observations: { code: ScoreCode; value: number }[];
}

/** The number an answer scores: the chosen option's ordinal value in the questionnaire, or the number given. */
export function answerScore(def: QuestionnaireDef, answers: Answers, linkId: string): number | undefined {
  const a = answers.get(linkId)?.[0];
  if (!a) return undefined;
  if (a.valueCoding) {
    const q = flattenItems(def.questionnaire.item).find((i) => i.linkId === linkId);
    const option = q?.answerOption?.find((o) => o.valueCoding.code === a.valueCoding!.code);
    return option ? ordinalOf(option.valueCoding) : undefined;
  }
  return a.valueInteger ?? a.valueDecimal;
}

/** Scores a response that validateResponse accepted. Throws if a scored item has no score (a broken definition). */
export function scoreResponse(def: QuestionnaireDef, answers: Answers): ResponseScore {
  const s = def.scoring;
  if (s.kind === 'none') return { total: null, band: null, flags: [], itemScores: [], observations: [] };
  const itemScores = s.items.map((linkId) => {
    const v = answerScore(def, answers, linkId);
    if (v === undefined) throw new RangeError(`${def.id}: ${linkId} has no score`);
    return v;
  });
  let total: number;
  let band: string | null = null;
  let flags: string[] = [];
  if (s.kind === 'instrument') {
    ({ total, band, flags } = scoreInstrument(s.instrument, itemScores));
  } else {
    total = itemScores.reduce((a, b) => a + b, 0);
    if (total < s.min || total > s.max)
      throw new RangeError(`${def.id}: total ${total} is outside ${s.min}–${s.max}`);
  }
  const observations = [{ code: s.total, value: total }];
  for (const o of def.itemObservations ?? []) {
    const v = answerScore(def, answers, o.linkId);
    if (v !== undefined) observations.push({ code: o.code, value: v });
  }
  return { total, band, flags, itemScores, observations };
}

/** The response as the questionnaire rule reads it (item scores in instrument order). */
export function ruleAnswers(def: QuestionnaireDef, time: string, score: ResponseScore): QuestionnaireAnswers {
  return {
    questionnaire: def.id,
    time,
    items: score.itemScores,
    ...(score.total !== null ? { total: score.total } : {}),
  };
}
