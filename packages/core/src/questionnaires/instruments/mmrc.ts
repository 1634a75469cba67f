// mMRC dyspnoea scale, grades 0–4 (Bestall et al. 1999; as used by GOLD). The scale is in the public domain;
// the Swedish wording is Hemma's own faithful translation. No verified LOINC code for the mMRC grade was
// found, so the grade is stored under Hemma's score code system.

import { questionnaire } from '../build';
import { MMRC_GRADE } from '../scoreCodes';
import type { QuestionnaireDef } from '../types';

const GRADES: [string, string][] = [
  ['Jag blir andfådd bara vid hård fysisk ansträngning', 'I only get breathless with strenuous exercise'],
  [
    'Jag blir andfådd när jag skyndar mig på plan mark eller går uppför en svag backe',
    'I get short of breath when hurrying on level ground or walking up a slight hill',
  ],
  [
    'Jag går långsammare än jämnåriga på plan mark på grund av andfåddhet, eller måste stanna för att hämta andan när jag går i min egen takt',
    'On level ground, I walk slower than people of my age because of breathlessness, or I have to stop for breath when walking at my own pace',
  ],
  [
    'Jag måste stanna för att hämta andan efter ungefär 100 meter eller efter några minuter på plan mark',
    'I stop for breath after walking about 100 metres or after a few minutes on level ground',
  ],
  [
    'Jag är för andfådd för att lämna hemmet, eller blir andfådd när jag klär på eller av mig',
    'I am too breathless to leave the house, or I am breathless when dressing or undressing',
  ],
];

export const MMRC: QuestionnaireDef = {
  id: 'mmrc',
  questionnaire: questionnaire({
    id: 'mmrc',
    name: 'mMRC',
    title: { sv: 'Andfåddhet (mMRC)', en: 'Breathlessness (mMRC)' },
    items: [
      {
        linkId: 'mmrc-grade',
        type: 'choice',
        required: true,
        text: {
          sv: 'Vilket påstående stämmer bäst in på dig?',
          en: 'Which statement describes you best?',
        },
        options: GRADES.map(([sv, en], grade) => ({
          code: `mmrc-${grade}`,
          score: grade,
          text: { sv, en },
        })),
      },
    ],
  }),
  scoring: {
    kind: 'instrument',
    instrument: 'mmrc',
    items: ['mmrc-grade'],
    total: MMRC_GRADE,
  },
};
