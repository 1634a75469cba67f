import { measurementForValueCode } from './catalogue';
import type { SmsMeasurementKey, SmsObservation, SmsParseResult, SmsProblem } from './sms';
import type { Lang } from './types';

// Replies to SMS reports, in Swedish (default) and English. Core has no i18next, so the strings are here.
// A confirmation may repeat the values the patient sent (the reply goes to their own verified phone);
// notifications started by Hemma never carry health values (see the notification outbox).

/** How each measurement is written in an example. Keywords are Swedish in both languages: they are
 *  what the parser reads. */
export const SMS_EXAMPLES: Record<SmsMeasurementKey, Localized> = {
  bp: { sv: 'BT 142/91', en: 'BT 142/91' },
  'heart-rate': { sv: 'P 77', en: 'P 77' },
  weight: { sv: 'VIKT 82,4', en: 'VIKT 82.4' },
  glucose: { sv: 'SOCKER 5,6', en: 'SOCKER 5.6' },
  spo2: { sv: 'SAT 94', en: 'SAT 94' },
  temperature: { sv: 'TEMP 37,5', en: 'TEMP 37.5' },
  pef: { sv: 'PEF 420', en: 'PEF 420' },
};

type Localized = Record<Lang, string>;

const NAMES: Record<SmsMeasurementKey, Localized> = {
  bp: { sv: 'blodtryck', en: 'blood pressure' },
  'heart-rate': { sv: 'puls', en: 'pulse' },
  weight: { sv: 'vikt', en: 'weight' },
  glucose: { sv: 'blodsocker', en: 'blood glucose' },
  spo2: { sv: 'syremättnad', en: 'oxygen saturation' },
  temperature: { sv: 'temperatur', en: 'temperature' },
  pef: { sv: 'toppflöde', en: 'peak flow' },
};

/** Units shown after a confirmed value; blood pressure and pulse are clear without. */
const REPLY_UNITS: Partial<Record<SmsMeasurementKey, string>> = {
  weight: 'kg',
  glucose: 'mmol/L',
  spo2: '%',
  temperature: '°C',
  pef: 'L/min',
};

const GENERAL_EXAMPLE = 'BT 142/91 P 77';

const num = (value: number, lang: Lang) => (lang === 'sv' ? String(value).replace('.', ',') : String(value));

const TEXTS = {
  sv: {
    saved: (list: string) => `Tack! Sparat: ${list}.`,
    nothingSaved: 'Inget sparades.',
    resend: 'Rätta och skicka hela meddelandet igen.',
    more: (n: number) => `(+${n} fel till)`,
    unknownSender: 'Det här numret kan inte ta emot mätvärden. Kontakta din vårdenhet.',
    'no-values': `Det här numret tar bara emot mätvärden, t.ex. ${GENERAL_EXAMPLE}. Meddelanden läses inte. Vid frågor kontakta din vårdenhet, vid akut fara ring 112.`,
    'too-long': `Meddelandet är för långt. Det här numret tar bara emot mätvärden, till exempel: ${GENERAL_EXAMPLE}`,
    unknownWord: (given: string, example: string) =>
      `Jag förstod inte "${given}". Skriv till exempel: ${example}`,
    noKeyword: (given: string) =>
      `Jag förstod inte vad "${given}" är. Skriv ett ord före värdet, till exempel: VIKT 82,4`,
    missingValue: (given: string, example: string) =>
      `Jag hittade inget värde efter "${given}". Skriv till exempel: ${example}`,
    wrongUnit: (given: string, example: string) =>
      `Jag förstod inte enheten i "${given}". Skriv till exempel: ${example}`,
    notWhole: (given: string, name: string, example: string) =>
      `Jag förstod inte "${given}": ${name} skrivs utan decimaler, till exempel: ${example}`,
    duplicate: (name: string, example: string) =>
      `Du skrev ${name} mer än en gång. Skicka ett värde per mätning, till exempel: ${example}`,
    outOfRange: (given: string, name: string, range: string, example: string) =>
      `"${given}" kan inte stämma: ${name} ska vara ${range}. Kontrollera och skriv till exempel: ${example}`,
    swapped: (given: string) =>
      `I "${given}" ska det första värdet (övertrycket) vara högre än det andra. Skriv till exempel: BT 142/91`,
  },
  en: {
    saved: (list: string) => `Thank you! Saved: ${list}.`,
    nothingSaved: 'Nothing was saved.',
    resend: 'Please correct it and send the whole message again.',
    more: (n: number) => `(+${n} more)`,
    unknownSender: 'This number cannot receive measurements. Please contact your care unit.',
    'no-values': `This number only receives measurements, e.g. ${GENERAL_EXAMPLE}. Messages are not read. For questions contact your care unit; in an emergency call 112.`,
    'too-long': `The message is too long. This number only receives measurements, for example: ${GENERAL_EXAMPLE}`,
    unknownWord: (given: string, example: string) =>
      `I did not understand "${given}". Write for example: ${example}`,
    noKeyword: (given: string) =>
      `I did not understand what "${given}" is. Write a word before the value, for example: VIKT 82.4`,
    missingValue: (given: string, example: string) =>
      `I found no value after "${given}". Write for example: ${example}`,
    wrongUnit: (given: string, example: string) =>
      `I did not understand the unit in "${given}". Write for example: ${example}`,
    notWhole: (given: string, name: string, example: string) =>
      `I did not understand "${given}": ${name} is written without decimals, for example: ${example}`,
    duplicate: (name: string, example: string) =>
      `You wrote ${name} more than once. Send one value per measurement, for example: ${example}`,
    outOfRange: (given: string, name: string, range: string, example: string) =>
      `"${given}" cannot be right: ${name} must be ${range}. Please check and write for example: ${example}`,
    swapped: (given: string) =>
      `In "${given}" the first value (systolic) must be higher than the second. Write for example: BT 142/91`,
  },
} satisfies Record<Lang, unknown>;

/** One problem of an SMS report as a plain sentence for the patient. */
export function smsProblemText(p: SmsProblem, lang: Lang = 'sv'): string {
  const t = TEXTS[lang];
  switch (p.kind) {
    case 'no-values':
    case 'too-long':
      return t[p.kind];
    case 'unknown-word':
      return t.unknownWord(p.given, p.suggestion ? SMS_EXAMPLES[p.suggestion][lang] : GENERAL_EXAMPLE);
    case 'no-keyword':
      return t.noKeyword(p.given);
    case 'missing-value':
      return t.missingValue(p.given, SMS_EXAMPLES[p.key][lang]);
    case 'format':
      return t.unknownWord(p.given, SMS_EXAMPLES[p.key][lang]);
    case 'wrong-unit':
      return t.wrongUnit(p.given, SMS_EXAMPLES[p.key][lang]);
    case 'not-whole':
      return t.notWhole(p.given, NAMES[p.key][lang], SMS_EXAMPLES[p.key][lang]);
    case 'duplicate':
      return t.duplicate(NAMES[p.key][lang], SMS_EXAMPLES[p.key][lang]);
    case 'out-of-range':
      return t.outOfRange(
        p.given,
        NAMES[p.key][lang],
        `${num(p.min, lang)}–${num(p.max, lang)} ${p.unit}`,
        SMS_EXAMPLES[p.key][lang],
      );
    case 'swapped':
      return t.swapped(p.given);
  }
}

/** "blodtryck 142/91, puls 77, vikt 82,4 kg": what was stored, blood pressure as one pair. */
function describeStored(observations: SmsObservation[], lang: Lang): string {
  const parts: { key: SmsMeasurementKey; values: number[] }[] = [];
  for (const o of observations) {
    const key = measurementForValueCode(o.code)?.key as SmsMeasurementKey | undefined;
    if (!key) continue;
    const last = parts.at(-1);
    // The diastolic value joins the systolic one just before it.
    if (key === 'bp' && o.code === '8462-4' && last?.key === 'bp' && last.values.length === 1) {
      last.values.push(o.value);
    } else parts.push({ key, values: [o.value] });
  }
  return parts
    .map((p) => {
      const unit = REPLY_UNITS[p.key];
      const values = p.values.map((v) => num(v, lang)).join('/');
      return `${NAMES[p.key][lang]} ${values}${unit ? (unit === '%' ? ' %' : ` ${unit}`) : ''}`;
    })
    .join(', ');
}

/** At most this many problems are spelled out, so the reply stays about one SMS long. */
const MAX_PROBLEMS = 2;

/**
 * The reply to an SMS report: a short confirmation of what was stored ("Tack! Sparat: blodtryck
 * 142/91, puls 77.") or, when anything was not understood, that nothing was stored, what was not
 * understood and how to write it. Pass the result of analyzeSmsReport to get problems in `lang`;
 * with only parseSmsReport's result the (Swedish) errors are used as they are.
 */
export function smsReply(result: SmsParseResult & { problems?: SmsProblem[] }, lang: Lang = 'sv'): string {
  const t = TEXTS[lang] ?? TEXTS.sv;
  if (result.ok && result.observations.length > 0) return t.saved(describeStored(result.observations, lang));
  const problems = result.problems;
  const only = problems?.length === 1 ? problems[0]!.kind : undefined;
  if (only === 'no-values' || only === 'too-long') return smsProblemText(problems![0]!, lang);
  const lines = problems ? problems.map((p) => smsProblemText(p, lang)) : [...result.errors];
  if (lines.length === 0) return smsProblemText({ kind: 'no-values' }, lang);
  const shown = lines.slice(0, MAX_PROBLEMS);
  if (lines.length > MAX_PROBLEMS) shown.push(t.more(lines.length - MAX_PROBLEMS));
  return [t.nothingSaved, ...shown, t.resend].join('\n');
}

/** The neutral reply to a number that is not a patient's verified phone: nothing about who exists. */
export function smsUnknownSenderReply(lang: Lang = 'sv'): string {
  return (TEXTS[lang] ?? TEXTS.sv).unknownSender;
}
