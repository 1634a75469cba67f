import { findInputUnit, findMeasurement, possibleRange } from './catalogue';
import { smsProblemText } from './sms-reply';
import type { MeasurementDef, MeasurementInput } from './types';
import { normalizeMeasurement } from './validate';

// SMS reporting: a patient texts values in a short, forgiving syntax ("BT 142/91 P 77", "VIKT 82,4").
// Ranges and unit conversions come from the catalogue (normalizeMeasurement); this module only reads text.

/** One value as parsed: canonical LOINC code (blood pressure as its two components) and UCUM unit. */
export interface SmsObservation {
  code: string;
  value: number;
  unit: string;
}

export interface SmsParseResult {
  /** True only when every part of the message was understood (and there was at least one value). */
  ok: boolean;
  observations: SmsObservation[];
  /** Plain Swedish sentences for the patient: what was not understood and how to write it. */
  errors: string[];
}

/** The measurements SMS reporting accepts, by catalogue key. */
export type SmsMeasurementKey = 'bp' | 'heart-rate' | 'weight' | 'glucose' | 'spo2' | 'temperature' | 'pef';

/** A problem, structured so the reply can be written in the patient's language. */
export type SmsProblem =
  /** No digits at all: free text, which nobody reads on this number. */
  | { kind: 'no-values' }
  | { kind: 'too-long' }
  /** A word that is not a keyword; `suggestion` when it is close to one. */
  | { kind: 'unknown-word'; given: string; suggestion?: SmsMeasurementKey }
  /** A number (or pair) with no keyword in front and no unit that tells what it is. */
  | { kind: 'no-keyword'; given: string }
  | { kind: 'missing-value'; key: SmsMeasurementKey; given: string }
  /** Something after the keyword that does not fit the measurement (e.g. "P 77/80", "BT 142"). */
  | { kind: 'format'; key: SmsMeasurementKey; given: string }
  | { kind: 'wrong-unit'; key: SmsMeasurementKey; given: string }
  /** A decimal where the measurement is whole numbers (a comma typed instead of a space?). */
  | { kind: 'not-whole'; key: SmsMeasurementKey; given: string }
  | { kind: 'duplicate'; key: SmsMeasurementKey }
  | { kind: 'out-of-range'; key: SmsMeasurementKey; given: string; min: number; max: number; unit: string }
  | { kind: 'swapped'; key: 'bp'; given: string };

export interface SmsAnalysis extends SmsParseResult {
  problems: SmsProblem[];
}

/** Longer texts are not value reports; an SMS of four segments is about 600 characters. */
export const SMS_MAX_LENGTH = 1000;

/** Keywords (upper case, å/ä/ö folded to a/o), including common misspellings. */
export const SMS_KEYWORDS: Record<SmsMeasurementKey, string[]> = {
  bp: ['BT', 'BLODTRYCK', 'BLODTRUCK', 'BLODTRYK', 'BP', 'TRYCK'],
  'heart-rate': ['P', 'PULS', 'PUSL', 'PULSE', 'HR'],
  weight: ['VIKT', 'VIKTEN', 'VIGT', 'V', 'VEKT', 'WEIGHT'],
  glucose: ['SOCKER', 'SOCKET', 'SOKER', 'SOCKRET', 'BLODSOCKER', 'BLODSOCKRET', 'GLUKOS', 'GLUCOSE', 'BS'],
  spo2: ['SAT', 'SATURATION', 'SATURERING', 'SPO2', 'SYRE', 'MATTNAD', 'SYREMATTNAD', 'SYRGAS'],
  temperature: ['TEMP', 'TEMPERATUR', 'TEMPERATURE', 'TEMPEN', 'FEBER', 'TMP'],
  pef: ['PEF', 'TOPPFLODE', 'TOPPFLODET', 'PEAK', 'PEAKFLOW', 'PF'],
};

/** The keyword written in canonical text (examples in replies: SMS_EXAMPLES in sms-reply.ts). */
export const SMS_CANONICAL_KEYWORD: Record<SmsMeasurementKey, string> = {
  bp: 'BT',
  'heart-rate': 'P',
  weight: 'VIKT',
  glucose: 'SOCKER',
  spo2: 'SAT',
  temperature: 'TEMP',
  pef: 'PEF',
};

/** Order of keys in canonical text and replies. */
export const SMS_KEYS: SmsMeasurementKey[] = [
  'bp',
  'heart-rate',
  'weight',
  'glucose',
  'spo2',
  'temperature',
  'pef',
];

/** Everyday unit spellings not in the catalogue ("grader", "mmol"), mapped to a catalogue input unit. */
const SMS_UNITS: Record<string, { key: SmsMeasurementKey; ucum: string }> = {
  MM: { key: 'bp', ucum: 'mm[Hg]' },
  MMHG: { key: 'bp', ucum: 'mm[Hg]' },
  KPA: { key: 'bp', ucum: 'kPa' },
  SLAG: { key: 'heart-rate', ucum: '/min' },
  'SLAG/MIN': { key: 'heart-rate', ucum: '/min' },
  'SLAG/MINUT': { key: 'heart-rate', ucum: '/min' },
  BPM: { key: 'heart-rate', ucum: '/min' },
  KG: { key: 'weight', ucum: 'kg' },
  KILO: { key: 'weight', ucum: 'kg' },
  KILOGRAM: { key: 'weight', ucum: 'kg' },
  LB: { key: 'weight', ucum: '[lb_av]' },
  LBS: { key: 'weight', ucum: '[lb_av]' },
  MMOL: { key: 'glucose', ucum: 'mmol/L' },
  'MMOL/L': { key: 'glucose', ucum: 'mmol/L' },
  'MMOL/LITER': { key: 'glucose', ucum: 'mmol/L' },
  'MG/DL': { key: 'glucose', ucum: 'mg/dL' },
  '%': { key: 'spo2', ucum: '%' },
  PROCENT: { key: 'spo2', ucum: '%' },
  '°': { key: 'temperature', ucum: 'Cel' },
  '°C': { key: 'temperature', ucum: 'Cel' },
  '℃': { key: 'temperature', ucum: 'Cel' },
  C: { key: 'temperature', ucum: 'Cel' },
  GRADER: { key: 'temperature', ucum: 'Cel' },
  GRAD: { key: 'temperature', ucum: 'Cel' },
  '°F': { key: 'temperature', ucum: '[degF]' },
  '℉': { key: 'temperature', ucum: '[degF]' },
  'L/MIN': { key: 'pef', ucum: 'L/min' },
  'LITER/MIN': { key: 'pef', ucum: 'L/min' },
  'L/MINUT': { key: 'pef', ucum: 'L/min' },
  'L/S': { key: 'pef', ucum: 'L/s' },
};

/** Words that carry no meaning in a report and are skipped ("Hej! Blodtrycket var 142/91 i morse, mvh"). */
const FILLERS = new Set(
  [
    'HEJ',
    'HEJSAN',
    'HALLA',
    'GOD',
    'MORGON',
    'KVALL',
    'TACK',
    'MVH',
    'HALSNINGAR',
    'OCH',
    'AR',
    'VAR',
    'BLEV',
    'LIGGER',
    'PA',
    'I',
    'IDAG',
    'NU',
    'MORSE',
    'IMORSE',
    'IKVALL',
    'MIN',
    'MITT',
    'MINA',
    'OK',
  ].map(fold),
);

/** Words that join the two blood pressure values, as in "142 över 91". */
const BP_JOINERS = new Set(['OVER']);

const keywordIndex = new Map<string, SmsMeasurementKey>();
for (const key of SMS_KEYS) for (const k of SMS_KEYWORDS[key]) keywordIndex.set(k, key);
// "BLODTRYCKET", "PULSEN", "VIKTEN", "SOCKRET": the definite forms of the long keywords.
for (const [word, key] of [...keywordIndex]) {
  if (word.length >= 4) {
    for (const suffix of ['ET', 'EN', 'T', 'N'])
      if (!keywordIndex.has(word + suffix)) keywordIndex.set(word + suffix, key);
  }
}

const defs = new Map<SmsMeasurementKey, MeasurementDef>(SMS_KEYS.map((k) => [k, findMeasurement(k)!]));

/** Upper case without diacritics: "Söcker" → "SOCKER", "TOPPFLÖDE" → "TOPPFLODE". */
function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
}

interface Span {
  /** Offsets of the token in the text, to quote the patient's own words back. */
  s: number;
  e: number;
}
type Token = Span &
  (
    | { t: 'word'; raw: string; up: string }
    | { t: 'num'; raw: string; value: number }
    | { t: 'slash'; raw: string }
    | { t: 'dash'; raw: string }
    | { t: 'sym'; raw: string; up: string }
    | { t: 'sep'; raw: string }
  );
type Num = Extract<Token, { t: 'num' }>;

const TOKEN = /(\d+(?:[.,]\d+)?)|(\p{L}+)|(\/)|([-–—])|(°[CF]?|℃|℉|%)|([;,\n\r])|([^\S\n\r]+)|([\s\S])/guy;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const [raw, num, word, slash, dash, sym, sep] = m;
    const s = m.index;
    const e = TOKEN.lastIndex;
    if (num !== undefined) out.push({ t: 'num', raw, value: Number(num.replace(',', '.')), s, e });
    else if (word !== undefined) {
      // "SpO2": the one keyword with a digit. "SPO294" reads as SPO2 94.
      if (fold(word) === 'SPO' && text[e] === '2') {
        TOKEN.lastIndex++;
        out.push({ t: 'word', raw: `${word}2`, up: 'SPO2', s, e: e + 1 });
      } else out.push({ t: 'word', raw: word, up: fold(word), s, e });
    } else if (slash !== undefined) out.push({ t: 'slash', raw, s, e });
    else if (dash !== undefined) out.push({ t: 'dash', raw, s, e });
    else if (sym !== undefined) out.push({ t: 'sym', raw, up: sym.toUpperCase(), s, e });
    else if (sep !== undefined) out.push({ t: 'sep', raw, s, e });
    // whitespace and any other character (":", "=", ".", "!", emoji, …) only separate tokens
  }
  return out;
}

/** Damerau–Levenshtein distance of at most 1 (one letter added, removed, changed or two swapped). */
function withinOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The measurements whose keywords are one typing error away from the word. */
function closeKeywords(word: string): SmsMeasurementKey[] {
  const keys = new Set<SmsMeasurementKey>();
  for (const [k, key] of keywordIndex) if (withinOne(word, k)) keys.add(key);
  return [...keys];
}

function unitFor(key: SmsMeasurementKey, spelling: string): string | undefined {
  const sms = SMS_UNITS[fold(spelling)];
  if (sms) return sms.key === key ? sms.ucum : undefined;
  return findInputUnit(defs.get(key)!, spelling)?.ucum;
}

/** The measurement a unit spelling belongs to, when exactly one SMS measurement accepts it. */
function keyForUnit(spelling: string): SmsMeasurementKey | undefined {
  const sms = SMS_UNITS[fold(spelling)];
  if (sms) return sms.key;
  const keys = SMS_KEYS.filter((k) => findInputUnit(defs.get(k)!, spelling));
  return keys.length === 1 ? keys[0] : undefined;
}

class Parser {
  private i = 0;
  readonly observations: { key: SmsMeasurementKey; values: SmsObservation[] }[] = [];
  readonly problems: SmsProblem[] = [];
  private readonly seen = new Set<SmsMeasurementKey>();

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  run() {
    while (this.i < this.tokens.length) {
      const tok = this.tokens[this.i]!;
      if (tok.t === 'word') this.word(tok);
      else if (tok.t === 'num') this.bare();
      else this.i++; // separators and stray signs
    }
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  private word(tok: Extract<Token, { t: 'word' }>) {
    const next = this.peek(1);
    // Two-word keywords: "PEAK FLOW", "BLOD TRYCK", "BLOD SOCKER".
    const joined = next?.t === 'word' ? keywordIndex.get(tok.up + next.up) : undefined;
    if (joined) {
      this.i += 2;
      return this.item(joined, this.i - 2);
    }
    const key = keywordIndex.get(tok.up);
    if (key) {
      this.i++;
      return this.item(key, this.i - 1);
    }
    if (FILLERS.has(tok.up) || BP_JOINERS.has(tok.up)) {
      this.i++;
      return;
    }
    // A misspelling one letter off a keyword is accepted when the word is long enough to be unambiguous.
    const close = closeKeywords(tok.up);
    if (tok.up.length >= 5 && close.length === 1) {
      this.i++;
      return this.item(close[0]!, this.i - 1);
    }
    // Not understood: report the word (with the value right after it, as the patient wrote it) and skip both.
    const start = this.i++;
    this.skipValue();
    this.problems.push({
      kind: 'unknown-word',
      given: this.quote(start),
      ...(close.length === 1 ? { suggestion: close[0]! } : {}),
    });
  }

  /** The patient's own words from token `start` up to the current one, shortened. */
  private quote(start: number): string {
    const first = this.tokens[start];
    const last = this.tokens[this.i - 1];
    if (!first || !last || last.e <= first.s) return '';
    const s = this.text.slice(first.s, last.e).replace(/\s+/g, ' ');
    return s.length > 20 ? `${s.slice(0, 20)}…` : s;
  }

  /** Skips a value group (numbers joined by / or -, and units) without interpreting it. */
  private skipValue() {
    while (this.i < this.tokens.length) {
      const t = this.peek()!;
      if (t.t === 'num' || t.t === 'slash' || t.t === 'dash' || t.t === 'sym') this.i++;
      else if (t.t === 'word' && keyForUnit(t.raw) && !keywordIndex.has(t.up)) this.i++;
      else break;
    }
  }

  /** Reads "n", "n/n", "n - n", "n över n"; returns the numbers and how they were joined. */
  private readNumbers(): Num[] {
    const nums: Num[] = [];
    const first = this.peek();
    if (first?.t !== 'num') return nums;
    nums.push(first);
    this.i++;
    for (;;) {
      const joiner = this.peek();
      const after = this.peek(1);
      const joins =
        joiner?.t === 'slash' || joiner?.t === 'dash' || (joiner?.t === 'word' && BP_JOINERS.has(joiner.up));
      if (!joins || after?.t !== 'num') break;
      nums.push(after);
      this.i += 2;
    }
    return nums;
  }

  /** An optional unit after the value: "kg", "%", "°C", "mmol/l", "l/min". */
  private readUnit(): string | undefined {
    const a = this.peek();
    const b = this.peek(1);
    const c = this.peek(2);
    if (a?.t === 'word' && b?.t === 'slash' && c?.t === 'word') {
      const spelling = `${a.raw}/${c.raw}`;
      if (keyForUnit(spelling)) {
        this.i += 3;
        return spelling;
      }
    }
    if (a?.t === 'sym' && a.raw === '°' && b?.t === 'word' && (b.up === 'C' || b.up === 'F')) {
      this.i += 2;
      return `°${b.up}`;
    }
    if (a?.t === 'word' && a.up === 'MM' && b?.t === 'word' && b.up === 'HG') {
      this.i += 2;
      return 'mmHg';
    }
    if (
      (a?.t === 'word' || a?.t === 'sym') &&
      keyForUnit(a.raw) &&
      !(a.t === 'word' && keywordIndex.has(a.up))
    ) {
      this.i++;
      return a.raw;
    }
    return undefined;
  }

  /** A value with no keyword: a pair is blood pressure; otherwise the unit must say what it is. */
  private bare() {
    const start = this.i;
    const nums = this.readNumbers();
    const unit = this.readUnit();
    const given = this.quote(start);
    const key = nums.length === 2 ? 'bp' : unit ? keyForUnit(unit) : undefined;
    if (!key || nums.length !== (key === 'bp' ? 2 : 1) || (unit && !unitFor(key, unit))) {
      this.problems.push({ kind: 'no-keyword', given });
      return;
    }
    this.accept(key, nums, unit, given);
  }

  /** A measurement whose keyword starts at token `at`; the value follows. */
  private item(key: SmsMeasurementKey, at: number) {
    const keywordEnd = this.i;
    // "VIKT: 82", "Blodtrycket var 142/91", "P, 77": skip fillers and separators before the value.
    while (
      this.peek()?.t === 'sep' ||
      (this.peek()?.t === 'word' && FILLERS.has((this.peek() as { up: string }).up))
    ) {
      this.i++;
    }
    const nums = this.readNumbers();
    if (nums.length === 0) {
      const end = this.i;
      this.i = keywordEnd;
      this.problems.push({ kind: 'missing-value', key, given: this.quote(at) });
      this.i = end;
      return;
    }
    const unit = this.readUnit();
    const given = this.quote(at);
    if (unit && !unitFor(key, unit)) {
      this.problems.push({ kind: 'wrong-unit', key, given });
      return;
    }
    // "BT 142/91/77" or "BT 142", "P 77/80": the wrong count of numbers for the measurement.
    const expected = key === 'bp' ? 2 : 1;
    if (nums.length !== expected) {
      this.skipValue();
      this.problems.push({ kind: 'format', key, given: this.quote(at) });
      return;
    }
    this.accept(key, nums, unit, given);
  }

  private accept(key: SmsMeasurementKey, nums: Num[], unitSpelling: string | undefined, given: string) {
    const def = defs.get(key)!;
    const unit = unitSpelling ? unitFor(key, unitSpelling)! : def.unit;
    if (this.seen.has(key)) {
      if (!this.problems.some((p) => p.kind === 'duplicate' && p.key === key))
        this.problems.push({ kind: 'duplicate', key });
      return;
    }
    this.seen.add(key);
    // A decimal in a whole-number measurement in its usual unit is more likely a slip ("91,77") than a value.
    if (def.decimals === 0 && unit === def.unit && nums.some((n) => !Number.isInteger(n.value))) {
      this.problems.push({ kind: 'not-whole', key, given: given });
      return;
    }
    const input: MeasurementInput = def.components
      ? {
          code: def.loinc,
          components: def.components.map((c, k) => ({ code: c.loinc, value: nums[k]!.value, unit })),
        }
      : { code: def.loinc, value: nums[0]!.value, unit };
    const result = normalizeMeasurement(input);
    if (result.ok) {
      const codes = def.components ? def.components.map((c) => c.loinc) : [def.loinc];
      this.observations.push({
        key,
        values: codes.map((code, k) => ({ code, value: result.value.values[k]!, unit: result.value.unit })),
      });
      return;
    }
    const issue = result.issues[0]!;
    if (issue.kind === 'out-of-range') {
      const component = /^components\[(\d+)\]/.exec(issue.field)?.[1];
      const valueCode = component ? def.components![Number(component)]!.loinc : def.loinc;
      const range = possibleRange(valueCode) ?? def.possible;
      this.problems.push({
        kind: 'out-of-range',
        key,
        given: given,
        min: range.min,
        max: range.max,
        unit: def.unitDisplay,
      });
    } else if (key === 'bp' && issue.kind === 'invalid') {
      this.problems.push({ kind: 'swapped', key, given: given });
    } else {
      this.problems.push({ kind: 'format', key, given: given });
    }
  }
}

/** Reads an SMS report into structured problems as well as the fixed result (errors in Swedish). */
export function analyzeSmsReport(text: string): SmsAnalysis {
  const s = typeof text === 'string' ? text : '';
  let problems: SmsProblem[];
  let observations: SmsObservation[] = [];
  if (s.length > SMS_MAX_LENGTH) problems = [{ kind: 'too-long' }];
  else {
    const normalized = s.normalize('NFC');
    const parser = new Parser(normalized, tokenize(normalized));
    parser.run();
    problems = parser.problems;
    observations = parser.observations.flatMap((o) => o.values);
    // Without a single digit it is free text, which nobody reads on this number — unless it is only
    // keywords ("VIKT"), a report with the values forgotten.
    const onlyKeywords = problems.length > 0 && problems.every((p) => p.kind === 'missing-value');
    if (!/\d/.test(s) && !onlyKeywords) problems = [{ kind: 'no-values' }];
  }
  const ok = problems.length === 0 && observations.length > 0;
  if (!ok && problems.length === 0) problems = [{ kind: 'no-values' }];
  return {
    ok,
    observations: ok ? observations : [],
    errors: problems.map((p) => smsProblemText(p, 'sv')),
    problems,
  };
}

/**
 * Parses a patient's SMS report. `ok` is true only when every part was understood; then `observations`
 * holds every value (blood pressure as systolic 8480-6 and diastolic 8462-4). When anything was not
 * understood, `observations` is empty — nothing is to be stored — and `errors` says, in Swedish, what
 * was not understood and how to write it. Never throws.
 */
export function parseSmsReport(text: string): SmsParseResult {
  const { ok, observations, errors } = analyzeSmsReport(text);
  return { ok, observations, errors };
}

/** A number as a patient writes it: Swedish decimal comma, no thousands separator. */
export function formatSmsNumber(value: number, lang: 'sv' | 'en' = 'sv'): string {
  const s = String(value);
  return lang === 'sv' ? s.replace('.', ',') : s;
}

/** Groups parsed values back into measurements (blood pressure as one pair), in SMS_KEYS order. */
export function groupSmsObservations(
  observations: SmsObservation[],
): { key: SmsMeasurementKey; values: number[]; unit: string }[] {
  const out: { key: SmsMeasurementKey; values: number[]; unit: string }[] = [];
  for (const key of SMS_KEYS) {
    const def = defs.get(key)!;
    const codes = def.components ? def.components.map((c) => c.loinc) : [def.loinc];
    const values = codes.map((c) => observations.find((o) => o.code === c)?.value);
    if (values.every((v) => v !== undefined)) out.push({ key, values: values as number[], unit: def.unit });
  }
  return out;
}

/** The canonical text of a set of values: "BT 142/91 P 77 VIKT 82,4". Parsing it gives the values back. */
export function formatSmsReport(observations: SmsObservation[]): string {
  return groupSmsObservations(observations)
    .map((m) => `${SMS_CANONICAL_KEYWORD[m.key]} ${m.values.map((v) => formatSmsNumber(v)).join('/')}`)
    .join(' ');
}
