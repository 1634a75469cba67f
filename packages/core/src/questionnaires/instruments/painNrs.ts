// Pain intensity on the 0–10 numeric rating scale (public domain); LOINC 72514-3 "Pain severity - 0-10 verbal
// numeric rating [Score] - Reported". Wording is Hemma's own.

import { LOINC_SYSTEM, questionnaire } from '../build';
import { PAIN_NRS_SCORE } from '../scoreCodes';
import type { QuestionnaireDef } from '../types';

export const PAIN_NRS: QuestionnaireDef = {
  id: 'pain-nrs',
  questionnaire: questionnaire({
    id: 'pain-nrs',
    name: 'PainNRS',
    title: { sv: 'Smärta (0–10)', en: 'Pain (0–10)' },
    items: [
      {
        linkId: 'pain-now',
        type: 'integer',
        required: true,
        min: 0,
        max: 10,
        control: 'slider',
        code: { system: LOINC_SYSTEM, code: '72514-3' },
        text: {
          sv: 'Hur ont har du just nu? 0 betyder ingen smärta och 10 värsta tänkbara smärta.',
          en: 'How much pain do you have right now? 0 means no pain and 10 the worst pain imaginable.',
        },
      },
      {
        linkId: 'pain-note',
        type: 'text',
        required: false,
        maxLength: 1000,
        text: { sv: 'Vill du berätta något mer om smärtan?', en: 'Anything else about the pain?' },
      },
    ],
  }),
  scoring: {
    kind: 'sum',
    items: ['pain-now'],
    min: 0,
    max: 10,
    total: PAIN_NRS_SCORE,
  },
};
