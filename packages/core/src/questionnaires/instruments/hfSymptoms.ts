// Heart-failure symptom check, Hemma's own wording: the self-rated swelling, fatigue and breathlessness that
// heart-failure self-care guidance (ESC Heart Failure Association patient advice; 1177) tells patients to
// watch, compared with how they usually are, plus the signs of fluid retention a patient notices without a
// scale. The three ratings add up to a symptom score 0–6 (Hemma code; no LOINC exists for this check).

import { type OptionSpec, questionnaire } from '../build';
import { HF_SYMPTOM_SCORE } from '../scoreCodes';
import type { QuestionnaireDef } from '../types';

const COMPARED: OptionSpec[] = [
  { code: 'usual', score: 0, text: { sv: 'Som vanligt eller bättre', en: 'As usual or better' } },
  { code: 'bit-worse', score: 1, text: { sv: 'Lite mer än vanligt', en: 'A little more than usual' } },
  { code: 'much-worse', score: 2, text: { sv: 'Mycket mer än vanligt', en: 'Much more than usual' } },
];

const SYMPTOMS = ['hf-swelling', 'hf-fatigue', 'hf-breathless'];

export const HF_SYMPTOMS: QuestionnaireDef = {
  id: 'hf-symptoms',
  questionnaire: questionnaire({
    id: 'hf-symptoms',
    name: 'HeartFailureSymptoms',
    title: { sv: 'Symtomkoll vid hjärtsvikt', en: 'Heart failure symptom check' },
    items: [
      {
        linkId: 'hf-today',
        type: 'group',
        text: { sv: 'Jämfört med hur du brukar må', en: 'Compared with how you usually are' },
        items: [
          {
            linkId: 'hf-swelling',
            type: 'choice',
            required: true,
            text: { sv: 'Svullnad i ben, fötter eller mage', en: 'Swelling in your legs, feet or belly' },
            options: COMPARED,
          },
          {
            linkId: 'hf-fatigue',
            type: 'choice',
            required: true,
            text: { sv: 'Trötthet', en: 'Tiredness' },
            options: COMPARED,
          },
          {
            linkId: 'hf-breathless',
            type: 'choice',
            required: true,
            text: { sv: 'Andfåddhet', en: 'Breathlessness' },
            options: COMPARED,
          },
        ],
      },
      {
        linkId: 'hf-signs',
        type: 'group',
        text: { sv: 'Sedan förra gången', en: 'Since last time' },
        items: [
          {
            linkId: 'hf-orthopnoea',
            type: 'boolean',
            required: true,
            text: {
              sv: 'Har du behövt fler kuddar eller sova sittande för att kunna andas?',
              en: 'Have you needed more pillows or to sleep sitting up to be able to breathe?',
            },
          },
          {
            linkId: 'hf-tight-clothes',
            type: 'boolean',
            required: true,
            text: {
              sv: 'Känns skor, strumpor eller byxlinning tightare än vanligt?',
              en: 'Do your shoes, socks or waistband feel tighter than usual?',
            },
          },
          {
            linkId: 'hf-extra-diuretic',
            type: 'boolean',
            required: false,
            text: {
              sv: 'Har du tagit en extra dos vätskedrivande enligt din egenvårdsplan?',
              en: 'Have you taken an extra dose of water tablets as your self-care plan says?',
            },
          },
        ],
      },
      {
        linkId: 'hf-note',
        type: 'text',
        required: false,
        maxLength: 1000,
        text: { sv: 'Något annat du vill berätta?', en: 'Anything else you want to tell us?' },
      },
    ],
  }),
  scoring: {
    kind: 'sum',
    items: SYMPTOMS,
    min: 0,
    max: 6,
    total: HF_SYMPTOM_SCORE,
  },
};
