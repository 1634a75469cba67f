import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMeasurement, possibleRange } from './catalogue';
import {
  analyzeSmsReport,
  formatSmsReport,
  parseSmsReport,
  SMS_KEYS,
  SMS_KEYWORDS,
  type SmsMeasurementKey,
  type SmsObservation,
} from './sms';

const SYS = (value: number) => ({ code: '8480-6', value, unit: 'mm[Hg]' });
const DIA = (value: number) => ({ code: '8462-4', value, unit: 'mm[Hg]' });
const PULSE = (value: number) => ({ code: '8867-4', value, unit: '/min' });
const WEIGHT = (value: number) => ({ code: '29463-7', value, unit: 'kg' });
const GLUCOSE = (value: number) => ({ code: '15074-8', value, unit: 'mmol/L' });
const SPO2 = (value: number) => ({ code: '59408-5', value, unit: '%' });
const TEMP = (value: number) => ({ code: '8310-5', value, unit: 'Cel' });
const PEF = (value: number) => ({ code: '19935-6', value, unit: 'L/min' });

describe('parseSmsReport understands', () => {
  it.each<[string, SmsObservation[]]>([
    // the examples of the issue
    ['BT 142/91 P 77', [SYS(142), DIA(91), PULSE(77)]],
    ['VIKT 82,4', [WEIGHT(82.4)]],
    ['SOCKER 5,6', [GLUCOSE(5.6)]],
    ['SAT 94', [SPO2(94)]],
    // separators, case, decimal point or comma
    ['bt 142/91, p 77; vikt 82.4\nsat 94', [SYS(142), DIA(91), PULSE(77), WEIGHT(82.4), SPO2(94)]],
    ['Bt 142/91,P 77,Vikt 82,4', [SYS(142), DIA(91), PULSE(77), WEIGHT(82.4)]],
    ['BT: 142/91  PULS=77.', [SYS(142), DIA(91), PULSE(77)]],
    ['BT142/91P77', [SYS(142), DIA(91), PULSE(77)]],
    // blood pressure written in other ways
    ['BT 142 / 91', [SYS(142), DIA(91)]],
    ['BT 142-91', [SYS(142), DIA(91)]],
    ['BT 142 – 91', [SYS(142), DIA(91)]],
    ['blodtryck 142 över 91', [SYS(142), DIA(91)]],
    ['BP 142/91 mmHg', [SYS(142), DIA(91)]],
    ['BT 142/91 mm Hg', [SYS(142), DIA(91)]],
    ['BT 18,9/12,1 kPa', [SYS(142), DIA(91)]],
    // spellings and misspellings
    ['BLODTRUCK 150/90 PUSL 80', [SYS(150), DIA(90), PULSE(80)]],
    ['Blodtrycket 150/90 pulsen 80', [SYS(150), DIA(90), PULSE(80)]],
    ['blod tryck 150/90', [SYS(150), DIA(90)]],
    ['BLODTYCK 150/90', [SYS(150), DIA(90)]],
    ['VIKTEN 82,4', [WEIGHT(82.4)]],
    ['VIGT 82,4 kg', [WEIGHT(82.4)]],
    ['v 82,4kg', [WEIGHT(82.4)]],
    ['vikt 82,4 kilo', [WEIGHT(82.4)]],
    ['SOCKET 5,6', [GLUCOSE(5.6)]],
    ['Söcker 5,6 mmol', [GLUCOSE(5.6)]],
    ['BLODSOCKER 5,6 mmol/l', [GLUCOSE(5.6)]],
    ['glukos 7', [GLUCOSE(7)]],
    ['BS 12,1', [GLUCOSE(12.1)]],
    ['SATURATION 94 %', [SPO2(94)]],
    ['SpO2 94%', [SPO2(94)]],
    ['SPO294', [SPO2(94)]],
    ['syre 94', [SPO2(94)]],
    ['mättnad 94 procent', [SPO2(94)]],
    ['TEMP 37,5', [TEMP(37.5)]],
    ['temperatur 37,5 °C', [TEMP(37.5)]],
    ['feber 38,2 grader', [TEMP(38.2)]],
    ['temp 37,5° c', [TEMP(37.5)]],
    ['PEF 420', [PEF(420)]],
    ['toppflöde 420 l/min', [PEF(420)]],
    ['TOPPFLODE 420', [PEF(420)]],
    ['peak flow 420', [PEF(420)]],
    ['P 77 slag/min', [PULSE(77)]],
    // polite words around the values
    ['Hej! Blodtrycket var 142/91 och pulsen 77 i morse. Mvh', [SYS(142), DIA(91), PULSE(77)]],
    // no keyword, but unambiguous: a pair is a blood pressure, a unit names the measurement
    ['142/91', [SYS(142), DIA(91)]],
    ['82,4 kg', [WEIGHT(82.4)]],
    ['94 %', [SPO2(94)]],
    ['37,8 grader', [TEMP(37.8)]],
    // catalogue conversions apply
    ['VIKT 180 lbs', [WEIGHT(81.6)]],
    ['SOCKER 126 mg/dl', [GLUCOSE(7)]],
    ['TEMP 100,4 °F', [TEMP(38)]],
    // rounding to the catalogue's decimals
    ['VIKT 82,44', [WEIGHT(82.4)]],
  ])('%j', (text, observations) => {
    const r = parseSmsReport(text);
    expect(r).toEqual({ ok: true, observations, errors: [] });
  });
});

describe('parseSmsReport stores nothing and explains, in Swedish, when anything is not understood', () => {
  it.each<[string, string[]]>([
    ['VKT 82', ['Jag förstod inte "VKT 82". Skriv till exempel: VIKT 82,4']],
    ['BT 142/91 VKT 82', ['Jag förstod inte "VKT 82". Skriv till exempel: VIKT 82,4']],
    ['BT 142/91 XYZ', ['Jag förstod inte "XYZ". Skriv till exempel: BT 142/91 P 77']],
    ['77', ['Jag förstod inte vad "77" är. Skriv ett ord före värdet, till exempel: VIKT 82,4']],
    ['VIKT', ['Jag hittade inget värde efter "VIKT". Skriv till exempel: VIKT 82,4']],
    ['VIKT P 77', ['Jag hittade inget värde efter "VIKT". Skriv till exempel: VIKT 82,4']],
    ['BT 142', ['Jag förstod inte "BT 142". Skriv till exempel: BT 142/91']],
    ['BT 142/91/77', ['Jag förstod inte "BT 142/91/77". Skriv till exempel: BT 142/91']],
    ['P 77/80', ['Jag förstod inte "P 77/80". Skriv till exempel: P 77']],
    ['VIKT 82 mmHg', ['Jag förstod inte enheten i "VIKT 82 mmHg". Skriv till exempel: VIKT 82,4']],
    [
      'BT 142/91,77',
      ['Jag förstod inte "BT 142/91,77": blodtryck skrivs utan decimaler, till exempel: BT 142/91'],
    ],
    [
      'VIKT 82 VIKT 83',
      ['Du skrev vikt mer än en gång. Skicka ett värde per mätning, till exempel: VIKT 82,4'],
    ],
    [
      'VIKT 820',
      ['"VIKT 820" kan inte stämma: vikt ska vara 1–400 kg. Kontrollera och skriv till exempel: VIKT 82,4'],
    ],
    [
      'SOCKER 0,2',
      [
        '"SOCKER 0,2" kan inte stämma: blodsocker ska vara 0,5–50 mmol/L. Kontrollera och skriv till exempel: SOCKER 5,6',
      ],
    ],
    [
      'BT 142/10',
      [
        '"BT 142/10" kan inte stämma: blodtryck ska vara 20–200 mmHg. Kontrollera och skriv till exempel: BT 142/91',
      ],
    ],
    [
      'BT 91/142',
      [
        'I "BT 91/142" ska det första värdet (övertrycket) vara högre än det andra. Skriv till exempel: BT 142/91',
      ],
    ],
    [
      'Jag har ont i bröstet',
      [
        'Det här numret tar bara emot mätvärden, t.ex. BT 142/91 P 77. Meddelanden läses inte. Vid frågor kontakta din vårdenhet, vid akut fara ring 112.',
      ],
    ],
    [
      'Jag mår dåligt, pulsen är hög',
      [
        'Det här numret tar bara emot mätvärden, t.ex. BT 142/91 P 77. Meddelanden läses inte. Vid frågor kontakta din vårdenhet, vid akut fara ring 112.',
      ],
    ],
    ['', [expect.stringContaining('tar bara emot mätvärden') as unknown as string]],
  ])('%j', (text, errors) => {
    const r = parseSmsReport(text);
    expect(r).toEqual({ ok: false, observations: [], errors });
  });

  it('lists every problem and quotes at most 20 characters of the message', () => {
    const r = parseSmsReport('VKT 82 P 777 Detta är en mycket lång text med ett värde 5');
    expect(r.ok).toBe(false);
    expect(r.observations).toEqual([]);
    expect(r.errors.length).toBeGreaterThanOrEqual(3);
    for (const e of r.errors) {
      const quoted = /"([^"]*)"/.exec(e)?.[1] ?? '';
      expect(quoted.length).toBeLessThanOrEqual(21);
    }
  });

  it('answers a message longer than a report with one sentence', () => {
    const r = analyzeSmsReport(`BT 142/91 ${'a'.repeat(2000)}`);
    expect(r.problems).toEqual([{ kind: 'too-long' }]);
  });

  it('suggests the keyword closest to a short misspelling instead of guessing', () => {
    expect(analyzeSmsReport('PUL 77').problems).toEqual([
      { kind: 'unknown-word', given: 'PUL 77', suggestion: 'heart-rate' },
    ]);
  });
});

// ---- properties ----

/** Whole numbers in tenths or units across the catalogue's possible range of a value code. */
function valueIn(code: string, decimals: number, max?: number) {
  const range = possibleRange(code)!;
  const f = 10 ** decimals;
  return fc
    .integer({ min: Math.ceil(range.min * f), max: Math.floor(Math.min(max ?? range.max, range.max) * f) })
    .map((n) => n / f);
}

const measurementArb = (key: SmsMeasurementKey): fc.Arbitrary<SmsObservation[]> => {
  const def = findMeasurement(key)!;
  if (key === 'bp') {
    return valueIn('8480-6', 0)
      .filter((s) => s > 20)
      .chain((sys) => valueIn('8462-4', 0, sys - 1).map((dia) => [SYS(sys), DIA(dia)]));
  }
  return valueIn(def.loinc, def.decimals).map((v) => [{ code: def.loinc, value: v, unit: def.unit }]);
};

const reportArb = fc
  .subarray(SMS_KEYS, { minLength: 1 })
  .chain((keys) => fc.tuple(...keys.map(measurementArb)).map((parts) => parts.flat()));

describe('parseSmsReport, properties', () => {
  it('never throws, whatever the text, and is ok only with values and without errors', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc
            .array(
              fc.oneof(
                fc.constantFrom(
                  ...Object.values(SMS_KEYWORDS).flat(),
                  'kg',
                  '%',
                  '°',
                  'mmol/l',
                  'över',
                  'hej',
                ),
                fc.stringMatching(/^\d{1,4}([.,]\d{1,3})?$/),
                fc.constantFrom('/', '-', ',', ';', '\n', ' ', '  ', '.', ':'),
              ),
              { maxLength: 30 },
            )
            .map((parts) => parts.join(' ')),
        ),
        (text) => {
          const r = parseSmsReport(text);
          expect(r.ok).toBe(r.errors.length === 0 && r.observations.length > 0);
          if (!r.ok) {
            expect(r.observations).toEqual([]);
            expect(r.errors.length).toBeGreaterThan(0);
          }
          for (const o of r.observations) expect(Number.isFinite(o.value)).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('round-trips: a valid set formatted in the canonical syntax parses back to the same values', () => {
    fc.assert(
      fc.property(reportArb, (observations) => {
        const text = formatSmsReport(observations);
        expect(parseSmsReport(text)).toEqual({ ok: true, observations, errors: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips with any keyword spelling, case, separator and decimal sign', () => {
    const variant = fc.record({
      keywordIndex: fc.nat(),
      upper: fc.boolean(),
      separator: fc.constantFrom(' ', ', ', ',', '; ', '\n', ' och '),
      bpJoin: fc.constantFrom('/', ' / ', '-', ' över '),
      point: fc.boolean(),
    });
    fc.assert(
      fc.property(reportArb, fc.array(variant, { minLength: 7, maxLength: 7 }), (observations, variants) => {
        const keys = SMS_KEYS.filter((k) =>
          observations.some(
            (o) => (findMeasurement(k)!.components?.[0]?.loinc ?? findMeasurement(k)!.loinc) === o.code,
          ),
        );
        const text = keys
          .map((key, i) => {
            const v = variants[i]!;
            const words = SMS_KEYWORDS[key];
            const word = words[v.keywordIndex % words.length]!;
            const values = observations
              .filter(
                (o) =>
                  findMeasurement(key)!.components?.some((c) => c.loinc === o.code) ||
                  o.code === findMeasurement(key)!.loinc,
              )
              .map((o) => (v.point ? String(o.value) : String(o.value).replace('.', ',')));
            const body = `${v.upper ? word : word.toLowerCase()} ${values.join(v.bpJoin)}`;
            return i === 0 ? body : `${v.separator}${body}`;
          })
          .join('');
        expect(parseSmsReport(text)).toEqual({ ok: true, observations, errors: [] });
      }),
      { numRuns: 500 },
    );
  });
});
