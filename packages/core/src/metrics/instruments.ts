// Scoring of questionnaire instruments: structure and scoring only, never item wording (CAT and ACT wording is
// licensed; a region imports it).
// Sources:
// - PHQ-9: Kroenke K, Spitzer RL, Williams JB. The PHQ-9: validity of a brief depression severity measure.
//   J Gen Intern Med 2001;16:606–613 — 9 items 0–3; 5/10/15/20 = mild/moderate/moderately severe/severe.
//   Item 9 (thoughts of death or self-harm) > 0 needs follow-up whatever the total.
// - GAD-7: Spitzer RL, Kroenke K, Williams JB, Löwe B. A brief measure for assessing generalized anxiety
//   disorder: the GAD-7. Arch Intern Med 2006;166:1092–1097 — 7 items 0–3; 5/10/15 = mild/moderate/severe.
// - mMRC: Bestall JC, et al. Usefulness of the Medical Research Council (MRC) dyspnoea scale as a measure of
//   disability in patients with COPD. Thorax 1999;54:581–586; grades 0–4 as used by GOLD.
// - CAT: Jones PW, et al. Development and first validation of the COPD Assessment Test. Eur Respir J
//   2009;34:648–654; 8 items 0–5. Impact bands from the CAT Healthcare Professional User Guide (GSK):
//   < 10 low, 10–20 medium, > 20 high, > 30 very high (also e.g. the `cliot` R package,
//   https://www.rdocumentation.org/packages/cliot/versions/1.0.0/topics/copd_assessment_test). Some papers
//   write 0–10 low / 11–20 medium (Zhou Z, et al. Int J COPD 2018;13:1675); we follow the user guide, which
//   also matches GOLD's symptom threshold CAT ≥ 10.
// - ACT: Nathan RA, et al. Development of the Asthma Control Test. J Allergy Clin Immunol 2004;113:59–65
//   (5 items 1–5; ≥ 20 well controlled, ≤ 19 not well controlled); Schatz M, et al. J Allergy Clin Immunol
//   2006;117:549–556 (≤ 15 very poorly controlled).

export type InstrumentId = 'phq-9' | 'gad-7' | 'mmrc' | 'cat' | 'act';

export interface InstrumentScore {
  /** Sum of the item scores. */
  total: number;
  /** Severity band of the total. */
  band: string;
  /** Item-level flags that need attention whatever the total, e.g. 'suicidality' (PHQ-9 item 9 > 0). */
  flags: string[];
}

interface InstrumentDef {
  items: number;
  min: number;
  max: number;
  /** Bands as [lowest total, band], highest first. */
  bands: readonly (readonly [number, string])[];
  flags?: (items: number[]) => string[];
}

const INSTRUMENTS: Record<InstrumentId, InstrumentDef> = {
  'phq-9': {
    items: 9,
    min: 0,
    max: 3,
    bands: [
      [20, 'severe'],
      [15, 'moderately-severe'],
      [10, 'moderate'],
      [5, 'mild'],
      [0, 'minimal'],
    ],
    flags: (items) => ((items[8] ?? 0) > 0 ? ['suicidality'] : []),
  },
  'gad-7': {
    items: 7,
    min: 0,
    max: 3,
    bands: [
      [15, 'severe'],
      [10, 'moderate'],
      [5, 'mild'],
      [0, 'minimal'],
    ],
  },
  mmrc: {
    items: 1,
    min: 0,
    max: 4,
    bands: [
      [4, 'grade-4'],
      [3, 'grade-3'],
      [2, 'grade-2'],
      [1, 'grade-1'],
      [0, 'grade-0'],
    ],
  },
  cat: {
    items: 8,
    min: 0,
    max: 5,
    bands: [
      [31, 'very-high'],
      [21, 'high'],
      [10, 'medium'],
      [0, 'low'],
    ],
  },
  act: {
    items: 5,
    min: 1,
    max: 5,
    bands: [
      [20, 'well-controlled'],
      [16, 'not-well-controlled'],
      [5, 'very-poorly-controlled'],
    ],
  },
};

/** The instruments scoreInstrument knows. */
export const INSTRUMENT_IDS = Object.keys(INSTRUMENTS) as InstrumentId[];

/**
 * Total, band and flags of one completed instrument. Items are given in instrument order (item 1 first).
 * A wrong number of items, or an item that is not an integer in the instrument's range, throws a RangeError
 * naming the item, e.g. "phq-9 item 9: 4 is outside 0–3".
 */
export function scoreInstrument(id: InstrumentId, itemScores: number[]): InstrumentScore {
  const def = Object.hasOwn(INSTRUMENTS, id) ? INSTRUMENTS[id] : undefined;
  if (!def)
    throw new RangeError(`unknown instrument ${JSON.stringify(id)} (known: ${INSTRUMENT_IDS.join(', ')})`);
  if (!Array.isArray(itemScores)) throw new TypeError(`${id}: item scores must be an array of numbers`);
  if (itemScores.length !== def.items)
    throw new RangeError(
      `${id}: expected ${def.items} item score${def.items === 1 ? '' : 's'}, got ${itemScores.length}`,
    );
  itemScores.forEach((v, i) => {
    const item = `${id} item ${i + 1}`;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new TypeError(
        `${item}: ${typeof v === 'number' ? v : (JSON.stringify(v) ?? String(v))} is not a number`,
      );
    if (!Number.isInteger(v)) throw new RangeError(`${item}: ${v} is not a whole number`);
    if (v < def.min || v > def.max) throw new RangeError(`${item}: ${v} is outside ${def.min}–${def.max}`);
  });
  const total = itemScores.reduce((a, b) => a + b, 0);
  const band = def.bands.find(([lowest]) => total >= lowest)?.[1];
  /* c8 ignore next */
  if (band === undefined) throw new Error(`${id}: no band for total ${total}`);
  return { total, band, flags: def.flags?.(itemScores) ?? [] };
}
