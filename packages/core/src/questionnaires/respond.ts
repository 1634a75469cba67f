// Building a QuestionnaireResponse from answers keyed by linkId (groups nested as in the questionnaire): used by
// the patient app's form and by tests.

import { flattenItems } from './build';
import type {
  Questionnaire,
  QuestionnaireDef,
  QuestionnaireItem,
  QuestionnaireResponse,
  ResponseAnswer,
  ResponseItem,
} from './types';

export type AnswerValue = string | number | boolean;

/** The answer for a question: choice by option code (or by score when a number is given), else the value. */
export function answerFor(q: QuestionnaireItem, v: AnswerValue): ResponseAnswer {
  switch (q.type) {
    case 'choice': {
      const options = (q.answerOption ?? []).map((o) => o.valueCoding);
      const c =
        typeof v === 'number'
          ? options.find((o) => o.extension?.some((e) => e.valueDecimal === v))
          : options.find((o) => o.code === v);
      if (!c) throw new Error(`${q.linkId}: no option ${String(v)}`);
      return { valueCoding: { system: c.system, code: c.code } } as ResponseAnswer;
    }
    case 'integer':
      return { valueInteger: v as number };
    case 'decimal':
      return { valueDecimal: v as number };
    case 'boolean':
      return { valueBoolean: v as boolean };
    default:
      return { valueString: v as string };
  }
}

/** A completed response to `source` (a Questionnaire, or a shipped definition) with the given answers. */
export function buildResponse(
  source: Questionnaire | QuestionnaireDef,
  values: Record<string, AnswerValue | undefined>,
): QuestionnaireResponse {
  const questionnaire = 'resourceType' in source ? source : source.questionnaire;
  const known = new Set(flattenItems(questionnaire.item).map((i) => i.linkId));
  for (const k of Object.keys(values)) if (!known.has(k)) throw new Error(`unknown linkId ${k}`);
  const build = (items: QuestionnaireItem[]): ResponseItem[] =>
    items.flatMap((q): ResponseItem[] => {
      if (q.type === 'group') {
        const inner = build(q.item ?? []);
        return inner.length ? [{ linkId: q.linkId, item: inner }] : [];
      }
      if (q.type === 'display' || values[q.linkId] === undefined) return [];
      return [{ linkId: q.linkId, answer: [answerFor(q, values[q.linkId]!)] }];
    });
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: questionnaire.url,
    status: 'completed',
    item: build(questionnaire.item),
  };
}

/** PHQ-9 / GAD-7 style: item scores in order → values by linkId. */
export function byScores(prefix: string, scores: number[]): Record<string, number> {
  return Object.fromEntries(scores.map((s, i) => [`${prefix}-${i + 1}`, s]));
}
