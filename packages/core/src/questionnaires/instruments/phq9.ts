// PHQ-9 (Kroenke, Spitzer & Williams 2001). Developed by Drs Spitzer, Williams, Kroenke and colleagues with an
// educational grant from Pfizer Inc.; "no permission required to reproduce, translate, display or distribute"
// (phqscreeners.com). English wording as published; the Swedish follows the Swedish translation distributed
// there (see docs/questionnaires.md for the check to make before clinical use). Item codes are LOINC.

import { LOINC_SYSTEM, questionnaire } from '../build';
import { PHQ9_ITEM9, PHQ9_TOTAL } from '../scoreCodes';
import type { QuestionnaireDef } from '../types';
import { frequencyItems } from './frequency';

const ITEMS: [string, string, string][] = [
  ['44250-9', 'Lite intresse eller glädje i att göra saker', 'Little interest or pleasure in doing things'],
  [
    '44255-8',
    'Känt dig nedstämd, deprimerad eller känt att framtiden ser hopplös ut',
    'Feeling down, depressed, or hopeless',
  ],
  [
    '44259-0',
    'Svårt att somna eller sova hela natten, eller sovit för mycket',
    'Trouble falling or staying asleep, or sleeping too much',
  ],
  ['44254-1', 'Känt dig trött eller haft lite energi', 'Feeling tired or having little energy'],
  ['44251-7', 'Dålig aptit eller ätit för mycket', 'Poor appetite or overeating'],
  [
    '44258-2',
    'Dålig självkänsla – eller känt att du är misslyckad eller att du svikit dig själv eller din familj',
    'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
  ],
  [
    '44252-5',
    'Svårt att koncentrera dig, till exempel när du läser tidningen eller tittar på tv',
    'Trouble concentrating on things, such as reading the newspaper or watching television',
  ],
  [
    '44253-3',
    'Rört dig eller talat så långsamt att andra kunnat märka det – eller motsatsen: varit så nervös eller rastlös att du rört dig mycket mer än vanligt',
    'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
  ],
  [
    '44260-8',
    'Tankar på att det vore bättre om du var död eller på att skada dig själv på något sätt',
    'Thoughts that you would be better off dead or of hurting yourself in some way',
  ],
];

export const LINK_IDS = ITEMS.map((_, i) => `phq9-${i + 1}`);

export const PHQ9: QuestionnaireDef = {
  id: 'phq-9',
  questionnaire: questionnaire({
    id: 'phq-9',
    name: 'PHQ9',
    title: {
      sv: 'PHQ-9 – hur du mått de senaste två veckorna',
      en: 'PHQ-9 – how you have been over the last 2 weeks',
    },
    code: { system: LOINC_SYSTEM, code: '44249-1', display: 'PHQ-9 quick depression assessment panel' },
    copyright:
      'PHQ-9: Drs Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
    items: [
      {
        linkId: 'phq9-intro',
        type: 'display',
        text: {
          sv: 'Under de senaste två veckorna, hur ofta har du besvärats av något av följande problem?',
          en: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
        },
      },
      ...frequencyItems(ITEMS, LINK_IDS),
    ],
  }),
  scoring: {
    kind: 'instrument',
    instrument: 'phq-9',
    items: LINK_IDS,
    total: PHQ9_TOTAL,
  },
  itemObservations: [
    {
      linkId: 'phq9-9',
      code: PHQ9_ITEM9,
    },
  ],
};
