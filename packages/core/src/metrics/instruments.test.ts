import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INSTRUMENT_IDS, type InstrumentId, scoreInstrument } from './instruments';

const SHAPE: Record<InstrumentId, { items: number; min: number; max: number; bands: string[] }> = {
  'phq-9': {
    items: 9,
    min: 0,
    max: 3,
    bands: ['minimal', 'mild', 'moderate', 'moderately-severe', 'severe'],
  },
  'gad-7': { items: 7, min: 0, max: 3, bands: ['minimal', 'mild', 'moderate', 'severe'] },
  mmrc: { items: 1, min: 0, max: 4, bands: ['grade-0', 'grade-1', 'grade-2', 'grade-3', 'grade-4'] },
  cat: { items: 8, min: 0, max: 5, bands: ['low', 'medium', 'high', 'very-high'] },
  act: {
    items: 5,
    min: 1,
    max: 5,
    bands: ['well-controlled', 'not-well-controlled', 'very-poorly-controlled'],
  },
};

/** Item scores reaching `total`, filled from item 1 (so PHQ-9 item 9 stays 0 while total ≤ 24). */
function items(id: InstrumentId, total: number): number[] {
  const { items: n, min, max } = SHAPE[id];
  let rest = total - n * min;
  return Array.from({ length: n }, () => {
    const v = Math.min(max - min, rest);
    rest -= v;
    return min + v;
  });
}

describe('scoreInstrument — band boundaries', () => {
  it.each([
    // PHQ-9, Kroenke 2001: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe.
    ['phq-9', 0, 'minimal'],
    ['phq-9', 4, 'minimal'],
    ['phq-9', 5, 'mild'],
    ['phq-9', 9, 'mild'],
    ['phq-9', 10, 'moderate'],
    ['phq-9', 14, 'moderate'],
    ['phq-9', 15, 'moderately-severe'],
    ['phq-9', 19, 'moderately-severe'],
    ['phq-9', 20, 'severe'],
    ['phq-9', 24, 'severe'],
    // GAD-7, Spitzer 2006: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe.
    ['gad-7', 0, 'minimal'],
    ['gad-7', 4, 'minimal'],
    ['gad-7', 5, 'mild'],
    ['gad-7', 9, 'mild'],
    ['gad-7', 10, 'moderate'],
    ['gad-7', 14, 'moderate'],
    ['gad-7', 15, 'severe'],
    ['gad-7', 21, 'severe'],
    // mMRC (Bestall 1999; GOLD): the grade.
    ['mmrc', 0, 'grade-0'],
    ['mmrc', 1, 'grade-1'],
    ['mmrc', 2, 'grade-2'],
    ['mmrc', 3, 'grade-3'],
    ['mmrc', 4, 'grade-4'],
    // CAT user guide: < 10 low, 10–20 medium, 21–30 high, > 30 very high.
    ['cat', 0, 'low'],
    ['cat', 9, 'low'],
    ['cat', 10, 'medium'],
    ['cat', 20, 'medium'],
    ['cat', 21, 'high'],
    ['cat', 30, 'high'],
    ['cat', 31, 'very-high'],
    ['cat', 40, 'very-high'],
    // ACT (Nathan 2004; Schatz 2006): ≥ 20 well controlled, 16–19 not well controlled, ≤ 15 very poorly.
    ['act', 5, 'very-poorly-controlled'],
    ['act', 15, 'very-poorly-controlled'],
    ['act', 16, 'not-well-controlled'],
    ['act', 19, 'not-well-controlled'],
    ['act', 20, 'well-controlled'],
    ['act', 25, 'well-controlled'],
  ] as const)('%s total %i → %s', (id, total, band) => {
    expect(scoreInstrument(id, items(id, total))).toEqual({ total, band, flags: [] });
  });
});

describe('scoreInstrument — PHQ-9 item 9', () => {
  it('flags suicidality whenever item 9 > 0, whatever the total', () => {
    expect(scoreInstrument('phq-9', [0, 0, 0, 0, 0, 0, 0, 0, 1])).toEqual({
      total: 1,
      band: 'minimal',
      flags: ['suicidality'],
    });
    expect(scoreInstrument('phq-9', [3, 3, 3, 3, 3, 3, 3, 3, 3])).toEqual({
      total: 27,
      band: 'severe',
      flags: ['suicidality'],
    });
    expect(scoreInstrument('phq-9', [3, 3, 3, 3, 3, 3, 3, 3, 0]).flags).toEqual([]);
  });

  it('does not flag other instruments', () => {
    expect(scoreInstrument('gad-7', [3, 3, 3, 3, 3, 3, 3]).flags).toEqual([]);
  });
});

describe('scoreInstrument — bad input throws naming the item', () => {
  it.each([
    ['phq-9', [0, 0, 0, 0, 0, 0, 0, 0, 4], 'phq-9 item 9: 4 is outside 0–3'],
    ['phq-9', [0, 0, 0, 0, 0, 0, 0, 0], 'phq-9: expected 9 item scores, got 8'],
    ['gad-7', [0, 1.5, 0, 0, 0, 0, 0], 'gad-7 item 2: 1.5 is not a whole number'],
    ['gad-7', [0, 0, -1, 0, 0, 0, 0], 'gad-7 item 3: -1 is outside 0–3'],
    ['mmrc', [5], 'mmrc item 1: 5 is outside 0–4'],
    ['mmrc', [], 'mmrc: expected 1 item score, got 0'],
    ['cat', [0, 0, 0, 0, 0, 0, 0, Number.NaN], 'cat item 8: NaN is not a number'],
    ['cat', [0, 0, 0, 6, 0, 0, 0, 0], 'cat item 4: 6 is outside 0–5'],
    ['act', [0, 1, 1, 1, 1], 'act item 1: 0 is outside 1–5'],
    ['act', [1, 1, '2', 1, 1], 'act item 3: "2" is not a number'],
    ['act', [1, 1, null, 1, 1], 'act item 3: null is not a number'],
    ['act', 5, 'act: item scores must be an array of numbers'],
    ['bdi', [1], 'unknown instrument "bdi" (known: phq-9, gad-7, mmrc, cat, act)'],
    ['toString', [1], 'unknown instrument "toString"'],
  ])('%s %o', (id, scores, message) => {
    expect(() => scoreInstrument(id as InstrumentId, scores as number[])).toThrow(message);
  });
});

describe('scoreInstrument — properties', () => {
  const value = fc.oneof(
    fc.integer({ min: -2, max: 7 }),
    fc.double(),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
  );
  const input = fc.tuple(fc.constantFrom(...INSTRUMENT_IDS), fc.array(value, { maxLength: 11 }));

  it('returns a known band and the sum for valid input, and throws for every invalid input', () => {
    fc.assert(
      fc.property(input, ([id, scores]) => {
        const s = SHAPE[id];
        const valid =
          scores.length === s.items && scores.every((v) => Number.isInteger(v) && v >= s.min && v <= s.max);
        if (!valid) {
          expect(() => scoreInstrument(id, scores)).toThrow(new RegExp(`^${id}( item \\d+)?: `));
          return;
        }
        const r = scoreInstrument(id, scores);
        expect(r.total).toBe(scores.reduce((a, b) => a + b, 0));
        expect(s.bands).toContain(r.band);
      }),
    );
  });

  it('valid item scores always score', () => {
    const valid = fc.constantFrom(...INSTRUMENT_IDS).chain((id) =>
      fc.tuple(
        fc.constant(id),
        fc.array(fc.integer({ min: SHAPE[id].min, max: SHAPE[id].max }), {
          minLength: SHAPE[id].items,
          maxLength: SHAPE[id].items,
        }),
      ),
    );
    fc.assert(
      fc.property(valid, ([id, scores]) => {
        expect(SHAPE[id].bands).toContain(scoreInstrument(id, scores).band);
      }),
    );
  });
});
