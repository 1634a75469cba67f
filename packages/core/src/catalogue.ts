import { SCORE_MEASUREMENTS } from './questionnaires/scoreMeasurements';
import type { InputUnit, Lang, Localized, MeasurementDef } from './types';

// Codes: LOINC (https://loinc.org). Units: UCUM (https://ucum.org). Conversion factors:
// 1 kPa = 7.50062 mmHg; 1 lb = 0.45359237 kg exactly (international yard and pound agreement, 1959);
// glucose 1 mmol/L = 18.016 mg/dL (molar mass of glucose 180.16 g/mol).

const same = (v: number): number => v;

function unit(ucum: string, display: string, toCanonical: (v: number) => number = same): InputUnit {
  return { ucum, display, toCanonical };
}

export const MEASUREMENTS: MeasurementDef[] = [
  {
    key: 'bp',
    loinc: '85354-9',
    name: { sv: 'Blodtryck', en: 'Blood pressure' },
    unit: 'mm[Hg]',
    unitDisplay: 'mmHg',
    inputUnits: [unit('mm[Hg]', 'mmHg'), unit('kPa', 'kPa', (v) => v * 7.50062)],
    // Union of the component ranges; the per-component ranges are in COMPONENT_RANGES.
    possible: { min: 20, max: 300 },
    decimals: 0,
    category: 'vital-signs',
    components: [
      {
        loinc: '8480-6',
        key: 'systolic',
        name: { sv: 'Systoliskt blodtryck', en: 'Systolic blood pressure' },
      },
      {
        loinc: '8462-4',
        key: 'diastolic',
        name: { sv: 'Diastoliskt blodtryck', en: 'Diastolic blood pressure' },
      },
    ],
  },
  {
    key: 'heart-rate',
    loinc: '8867-4',
    name: { sv: 'Puls', en: 'Heart rate' },
    unit: '/min',
    unitDisplay: '/min',
    inputUnits: [unit('/min', '/min')],
    possible: { min: 20, max: 300 },
    decimals: 0,
    category: 'vital-signs',
  },
  {
    key: 'weight',
    loinc: '29463-7',
    name: { sv: 'Vikt', en: 'Body weight' },
    unit: 'kg',
    unitDisplay: 'kg',
    inputUnits: [unit('kg', 'kg'), unit('[lb_av]', 'lb', (v) => v * 0.45359237)],
    possible: { min: 1, max: 400 },
    decimals: 1,
    category: 'vital-signs',
  },
  {
    key: 'temperature',
    loinc: '8310-5',
    name: { sv: 'Kroppstemperatur', en: 'Body temperature' },
    unit: 'Cel',
    unitDisplay: '°C',
    inputUnits: [unit('Cel', '°C'), unit('[degF]', '°F', (v) => ((v - 32) * 5) / 9)],
    possible: { min: 25, max: 45 },
    decimals: 1,
    category: 'vital-signs',
  },
  {
    key: 'spo2',
    loinc: '59408-5',
    // 2708-6 is the arterial-blood code many devices send for pulse oximetry.
    aliases: ['2708-6'],
    name: { sv: 'Syremättnad', en: 'Oxygen saturation' },
    unit: '%',
    unitDisplay: '%',
    inputUnits: [unit('%', '%')],
    possible: { min: 50, max: 100 },
    decimals: 0,
    category: 'vital-signs',
  },
  {
    key: 'glucose',
    loinc: '15074-8',
    // Mass-concentration codes (mg/dL meters): the same measurement, converted on intake.
    aliases: ['2339-0', '41653-7'],
    name: { sv: 'Blodsocker', en: 'Blood glucose' },
    unit: 'mmol/L',
    unitDisplay: 'mmol/L',
    inputUnits: [unit('mmol/L', 'mmol/L'), unit('mg/dL', 'mg/dL', (v) => v / 18.016)],
    possible: { min: 0.5, max: 50 },
    decimals: 1,
    category: 'laboratory',
  },
  {
    key: 'pef',
    // 19935-6 "Maximum expiratory gas flow Respiratory system airway by Peak flow meter" is what a home
    // peak flow meter measures (also Apple HealthKit's mapping); 33452-4 is the same without method.
    loinc: '19935-6',
    aliases: ['33452-4'],
    name: { sv: 'Toppflöde (PEF)', en: 'Peak expiratory flow' },
    unit: 'L/min',
    unitDisplay: 'L/min',
    inputUnits: [unit('L/min', 'L/min'), unit('L/s', 'L/s', (v) => v * 60)],
    possible: { min: 30, max: 1000 },
    decimals: 0,
    category: 'vital-signs',
  },
  {
    key: 'fev1',
    loinc: '20150-9',
    name: { sv: 'FEV1', en: 'FEV1' },
    unit: 'L',
    unitDisplay: 'L',
    inputUnits: [unit('L', 'L')],
    possible: { min: 0.2, max: 8 },
    decimals: 2,
    category: 'vital-signs',
  },
  {
    key: 'respiratory-rate',
    loinc: '9279-1',
    name: { sv: 'Andningsfrekvens', en: 'Respiratory rate' },
    unit: '/min',
    unitDisplay: '/min',
    inputUnits: [unit('/min', '/min')],
    possible: { min: 3, max: 80 },
    decimals: 0,
    category: 'vital-signs',
  },
  {
    key: 'urine-protein',
    // 20454-5 "Protein [Presence] in Urine by Test strip". Dipstick results are ordinal; stored as the number
    // of plusses (negative 0, trace 0.5, 1+ … 4+), so thresholds and charts work as for other values.
    loinc: '20454-5',
    name: { sv: 'Protein i urin (sticka)', en: 'Urine protein (dipstick)' },
    unit: '{plus}',
    unitDisplay: '+',
    inputUnits: [unit('{plus}', '+')],
    possible: { min: 0, max: 4 },
    decimals: 1,
    category: 'laboratory',
  },
  {
    key: 'steps',
    // 55423-8 "Number of steps in unspecified time Pedometer" fits counts of any period from phones and
    // wearables; 41950-7 "Number of steps in 24 hour Measured" (HL7 Physical Activity IG) is a daily count.
    loinc: '55423-8',
    aliases: ['41950-7'],
    name: { sv: 'Steg', en: 'Steps' },
    unit: '{steps}',
    unitDisplay: 'steps',
    inputUnits: [unit('{steps}', 'steps'), unit('/d', 'steps/day')],
    possible: { min: 0, max: 100000 },
    decimals: 0,
    category: 'activity',
  },
  // Questionnaire scores (PHQ-9, GAD-7, …), defined with their questionnaires.
  ...SCORE_MEASUREMENTS,
];

/** Spellings people and devices use besides the UCUM code and display, by UCUM code. */
const SPELLINGS: Record<string, string[]> = {
  'mm[Hg]': ['mm Hg'],
  '/min': ['bpm', '1/min', '{beats}/min', 'beats/min', '{breaths}/min', 'breaths/min', 'slag/min'],
  '[lb_av]': ['lbs', 'pound', 'pounds'],
  Cel: ['C', 'degC', '℃'],
  '[degF]': ['F', 'degF', '℉'],
  '{steps}': ['steg', 'step', '1', '{count}', 'count'],
  '/d': ['{steps}/d', 'steps/d'],
};

/** Possible ranges of panel components, where they are narrower than the panel's. */
const COMPONENT_RANGES: Record<string, { min: number; max: number }> = {
  '8480-6': { min: 40, max: 300 },
  '8462-4': { min: 20, max: 200 },
};

/** Unit displays that are words, hence language-specific. */
const LOCALIZED_UNITS: Record<string, Localized> = {
  '{steps}': { sv: 'steg', en: 'steps' },
  '{score}': { sv: 'poäng', en: 'points' },
};

const byCode = new Map<string, MeasurementDef>();
const byValueCode = new Map<string, MeasurementDef>();
for (const def of MEASUREMENTS) {
  for (const code of [def.key, def.loinc, ...(def.aliases ?? [])]) byCode.set(code, def);
  for (const code of valueCodes(def)) byValueCode.set(code, def);
}

/** By LOINC code, alias or key. Component codes are not measurements: see measurementForValueCode. */
export function findMeasurement(codeOrKey: string): MeasurementDef | undefined {
  return byCode.get(codeOrKey);
}

/** The codes a measurement's values are stored under: component codes for panels, else its LOINC. */
export function valueCodes(def: MeasurementDef): string[] {
  return def.components ? def.components.map((c) => c.loinc) : [def.loinc];
}

/** The measurement a value code (measurement LOINC or panel component LOINC) belongs to. */
export function measurementForValueCode(code: string): MeasurementDef | undefined {
  return byValueCode.get(code);
}

export function valueName(code: string, lang: Lang): string {
  const def = measurementForValueCode(code) ?? findMeasurement(code);
  if (!def) return code;
  const component = def.components?.find((c) => c.loinc === code);
  return (component ?? def).name[lang];
}

export function possibleRange(valueCode: string): { min: number; max: number } | undefined {
  return (
    COMPONENT_RANGES[valueCode] ??
    (measurementForValueCode(valueCode) ?? findMeasurement(valueCode))?.possible
  );
}

/** The canonical unit as shown to people in the given language. */
export function unitLabel(def: MeasurementDef, lang: Lang): string {
  return LOCALIZED_UNITS[def.unit]?.[lang] ?? def.unitDisplay;
}

function spellings(u: InputUnit): string[] {
  return [u.ucum, u.display, ...(SPELLINGS[u.ucum] ?? [])];
}

/** Matches exactly first, then ignoring case when that picks a single unit (UCUM is case-sensitive). */
export function findInputUnit(def: MeasurementDef, spelling: string): InputUnit | undefined {
  const s = spelling.trim();
  const exact = def.inputUnits.find((u) => spellings(u).includes(s));
  if (exact) return exact;
  const lower = s.toLowerCase();
  const loose = def.inputUnits.filter((u) => spellings(u).some((x) => x.toLowerCase() === lower));
  return loose.length === 1 ? loose[0] : undefined;
}

/** Every accepted spelling, for error messages and input hints. */
export function acceptedUnits(def: MeasurementDef): string[] {
  return [...new Set(def.inputUnits.flatMap(spellings))];
}
