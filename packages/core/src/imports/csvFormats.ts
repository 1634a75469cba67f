// Column mappings of home-device CSV exports, as data. Columns are found by header name (case and spacing
// ignored), so their order may change between app versions. Sources:
// - Withings Health Mate "Download my data" archive (account settings → Download my data): bp.csv with
//   Date, Heart rate, Systolic, Diastolic, Comments; weight.csv with Date, "Weight (kg)", "Fat mass (kg)", …;
//   dates "YYYY-MM-DD HH:MM:SS" in the account's local time.
// - OMRON connect app, export of blood pressure readings as CSV (menu: History → Export/share → CSV):
//   Date, Time, "Systolic (mmHg)", "Diastolic (mmHg)", "Pulse (bpm)", … ; date as written by the app
//   (ISO "YYYY-MM-DD", "DD/MM/YYYY" or "MMM DD YYYY"), time "HH:MM".
// A format not listed here is a new entry, not new code.

export interface CsvValueColumn {
  /** Catalogue key. */
  kind: string;
  /** Header name(s), one per component for panels (systolic, diastolic), in the catalogue's order. */
  columns: string[];
  /** UCUM input unit the numbers are in. */
  unit: string;
}

export interface CsvFormat {
  id: string;
  /** Shown to the patient. */
  name: string;
  /** Headers that must all be present to recognise the format. */
  detect: string[];
  /** Date header, and a separate time header when the export splits them. */
  date: string;
  time?: string;
  values: CsvValueColumn[];
}

export const CSV_FORMATS: readonly CsvFormat[] = [
  {
    id: 'withings-bp',
    name: 'Withings Health Mate (blodtryck, bp.csv)',
    detect: ['date', 'systolic', 'diastolic'],
    date: 'date',
    values: [
      { kind: 'bp', columns: ['systolic', 'diastolic'], unit: 'mm[Hg]' },
      { kind: 'heart-rate', columns: ['heart rate'], unit: '/min' },
    ],
  },
  {
    id: 'withings-weight',
    name: 'Withings Health Mate (vikt, weight.csv)',
    detect: ['date', 'weight (kg)'],
    date: 'date',
    values: [{ kind: 'weight', columns: ['weight (kg)'], unit: 'kg' }],
  },
  {
    id: 'omron-connect-bp',
    name: 'OMRON connect (blodtryck)',
    detect: ['date', 'time', 'systolic (mmhg)', 'diastolic (mmhg)'],
    date: 'date',
    time: 'time',
    values: [
      { kind: 'bp', columns: ['systolic (mmhg)', 'diastolic (mmhg)'], unit: 'mm[Hg]' },
      { kind: 'heart-rate', columns: ['pulse (bpm)'], unit: '/min' },
    ],
  },
];

export const normalizeHeader = (h: string): string =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');

/** The first format whose detect headers are all present; more specific formats come first above. */
export function detectCsvFormat(headers: string[]): CsvFormat | undefined {
  const set = new Set(headers.map(normalizeHeader));
  // OMRON's headers include Withings' BP detection words only with units, so order does not matter here,
  // but prefer the format that recognises the most headers.
  return [...CSV_FORMATS]
    .filter((f) => f.detect.every((h) => set.has(h)))
    .sort((a, b) => b.detect.length - a.detect.length)[0];
}
