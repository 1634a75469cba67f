// The answer scale PHQ-9 and GAD-7 share ("over the last 2 weeks, how often…"), with its LOINC answer codes
// (LOINC answer list LL358-3) and scores 0–3.

import { LOINC_SYSTEM, type OptionSpec } from '../build';

export const FREQUENCY_OPTIONS: OptionSpec[] = [
  { system: LOINC_SYSTEM, code: 'LA6568-5', score: 0, text: { sv: 'Inte alls', en: 'Not at all' } },
  { system: LOINC_SYSTEM, code: 'LA6569-3', score: 1, text: { sv: 'Flera dagar', en: 'Several days' } },
  {
    system: LOINC_SYSTEM,
    code: 'LA6570-1',
    score: 2,
    text: { sv: 'Mer än hälften av dagarna', en: 'More than half the days' },
  },
  {
    system: LOINC_SYSTEM,
    code: 'LA6571-9',
    score: 3,
    text: { sv: 'Nästan varje dag', en: 'Nearly every day' },
  },
];

/** The numbered, required questions answered on that scale: [LOINC code, Swedish, English] per question. */
export function frequencyItems(items: readonly [string, string, string][], linkIds: readonly string[]) {
  return items.map(([code, sv, en], i) => ({
    linkId: linkIds[i]!,
    prefix: `${i + 1}.`,
    type: 'choice' as const,
    required: true,
    code: { system: LOINC_SYSTEM, code },
    text: { sv, en },
    options: FREQUENCY_OPTIONS,
  }));
}
