// A generic symptom diary, Hemma's own wording: how the day is, new or worse symptoms in the patient's words.
// Stored as a response for staff to read; not scored (there is nothing to add up).

import { questionnaire } from '../build';
import type { QuestionnaireDef } from '../types';

export const SYMPTOM_DIARY: QuestionnaireDef = {
  id: 'symptom-diary',
  questionnaire: questionnaire({
    id: 'symptom-diary',
    name: 'SymptomDiary',
    title: { sv: 'Symtomdagbok', en: 'Symptom diary' },
    items: [
      {
        linkId: 'diary-wellbeing',
        type: 'integer',
        required: true,
        min: 0,
        max: 10,
        control: 'slider',
        text: {
          sv: 'Hur mår du i dag? 0 betyder mycket dåligt och 10 mycket bra.',
          en: 'How are you today? 0 means very bad and 10 very good.',
        },
      },
      {
        linkId: 'diary-new-symptoms',
        type: 'boolean',
        required: true,
        text: {
          sv: 'Har du fått nya besvär, eller har något blivit sämre?',
          en: 'Do you have new symptoms, or has anything got worse?',
        },
      },
      {
        linkId: 'diary-symptoms',
        type: 'text',
        required: false,
        maxLength: 2000,
        text: { sv: 'Beskriv besvären med egna ord', en: 'Describe them in your own words' },
      },
      {
        linkId: 'diary-medication',
        type: 'choice',
        required: false,
        text: {
          sv: 'Har du tagit mer av något läkemedel än vanligt?',
          en: 'Have you taken more of any medicine than usual?',
        },
        options: [
          { code: 'no', text: { sv: 'Nej', en: 'No' } },
          { code: 'yes', text: { sv: 'Ja', en: 'Yes' } },
          { code: 'unsure', text: { sv: 'Vet inte', en: 'Not sure' } },
        ],
      },
      {
        linkId: 'diary-medication-which',
        type: 'string',
        required: false,
        maxLength: 200,
        text: { sv: 'Vilket läkemedel?', en: 'Which medicine?' },
      },
    ],
  }),
  scoring: { kind: 'none' },
};
