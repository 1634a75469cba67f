// CAT (COPD Assessment Test, © GlaxoSmithKline) and ACT (Asthma Control Test, © QualityMetric / GSK): their
// wording is licensed, so Hemma ships only the structure and scoring (item count, answer ranges, linkIds) with
// placeholder texts. A region holding a licence imports the wording (importLicensedQuestionnaire). No LOINC
// code for either total was verified, so the totals use Hemma's score code system.

import { type ItemSpec, questionnaire } from '../build';
import { ACT_TOTAL, CAT_TOTAL } from '../scoreCodes';
import type { QuestionnaireDef } from '../types';

function placeholderItems(prefix: string, name: string, count: number, min: number, max: number): ItemSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    linkId: `${prefix}-${i + 1}`,
    prefix: `${i + 1}.`,
    type: 'choice' as const,
    required: true,
    text: { sv: `${name} fråga ${i + 1}`, en: `${name} item ${i + 1}` },
    options: Array.from({ length: max - min + 1 }, (_, k) => ({
      code: `${prefix}-${min + k}`,
      score: min + k,
      text: { sv: String(min + k), en: String(min + k) },
    })),
  }));
}

export const CAT: QuestionnaireDef = {
  id: 'cat',
  questionnaire: questionnaire({
    id: 'cat',
    name: 'CAT',
    title: { sv: 'CAT (KOL)', en: 'CAT (COPD)' },
    copyright: 'COPD Assessment Test © GlaxoSmithKline. Wording not included: imported by a licensed region.',
    items: placeholderItems('cat', 'CAT', 8, 0, 5),
  }),
  scoring: {
    kind: 'instrument',
    instrument: 'cat',
    items: Array.from({ length: 8 }, (_, i) => `cat-${i + 1}`),
    total: CAT_TOTAL,
  },
  licensed: { owner: 'GlaxoSmithKline' },
};

export const ACT: QuestionnaireDef = {
  id: 'act',
  questionnaire: questionnaire({
    id: 'act',
    name: 'ACT',
    title: { sv: 'ACT (astma)', en: 'ACT (asthma)' },
    copyright:
      'Asthma Control Test © QualityMetric Inc. Wording not included: imported by a licensed region.',
    items: placeholderItems('act', 'ACT', 5, 1, 5),
  }),
  scoring: {
    kind: 'instrument',
    instrument: 'act',
    items: Array.from({ length: 5 }, (_, i) => `act-${i + 1}`),
    total: ACT_TOTAL,
  },
  licensed: { owner: 'QualityMetric Inc.' },
};
