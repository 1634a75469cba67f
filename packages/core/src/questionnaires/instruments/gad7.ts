// GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006), from the same PHQ family: free to reproduce, translate,
// display and distribute (phqscreeners.com). Item codes are LOINC (panel 69737-5).

import { LOINC_SYSTEM, questionnaire } from '../build';
import { GAD7_TOTAL } from '../scoreCodes';
import type { QuestionnaireDef } from '../types';
import { frequencyItems } from './frequency';

const ITEMS: [string, string, string][] = [
  ['69725-0', 'Känt dig nervös, ängslig eller väldigt stressad', 'Feeling nervous, anxious or on edge'],
  [
    '68509-9',
    'Inte kunnat sluta oroa dig eller kontrollera din oro',
    'Not being able to stop or control worrying',
  ],
  ['69733-4', 'Oroat dig för mycket för olika saker', 'Worrying too much about different things'],
  ['69734-2', 'Haft svårt att koppla av', 'Trouble relaxing'],
  [
    '69735-9',
    'Varit så rastlös att du haft svårt att sitta still',
    'Being so restless that it is hard to sit still',
  ],
  ['69689-8', 'Blivit lätt irriterad eller retlig', 'Becoming easily annoyed or irritable'],
  [
    '69736-7',
    'Känt dig rädd, som om något hemskt skulle kunna hända',
    'Feeling afraid as if something awful might happen',
  ],
];

const LINK_IDS = ITEMS.map((_, i) => `gad7-${i + 1}`);

export const GAD7: QuestionnaireDef = {
  id: 'gad-7',
  questionnaire: questionnaire({
    id: 'gad-7',
    name: 'GAD7',
    title: { sv: 'GAD-7 – oro och ångest', en: 'GAD-7 – worry and anxiety' },
    code: { system: LOINC_SYSTEM, code: '69737-5', display: 'Generalized anxiety disorder 7 item (GAD-7)' },
    copyright:
      'GAD-7: Drs Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
    items: [
      {
        linkId: 'gad7-intro',
        type: 'display',
        text: {
          sv: 'Under de senaste två veckorna, hur ofta har du besvärats av något av följande problem?',
          en: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
        },
      },
      ...frequencyItems(ITEMS, LINK_IDS),
    ],
  }),
  scoring: {
    kind: 'instrument',
    instrument: 'gad-7',
    items: LINK_IDS,
    total: GAD7_TOTAL,
  },
};
