import { describe, expect, it } from 'vitest';
import { findMeasurement, MEASUREMENTS, valueCodes } from './catalogue';
import { DEFAULT_ADVICE, DEFAULT_THRESHOLDS, effectiveThresholds, validateThresholds } from './thresholds';

describe('DEFAULT_THRESHOLDS', () => {
  // ESH 2023 home BP: hypertension ≥ 135/85, grade 3 ≥ 180/110. NEWS2 (RCP 2017) bands. Glucose: international
  // consensus on time in range (Battelino 2019) / ADA: < 3.9 and < 3.0 mmol/L, > 10.0 and > 13.9 mmol/L.
  it.each([
    ['8480-6', { redLow: 90, yellowLow: 100, yellowHigh: 135, redHigh: 180 }],
    ['8462-4', { redLow: 50, yellowLow: 60, yellowHigh: 85, redHigh: 110 }],
    ['8867-4', { redLow: 41, yellowLow: 50, yellowHigh: 100, redHigh: 130 }],
    ['9279-1', { redLow: 9, yellowLow: 12, yellowHigh: 20, redHigh: 24 }],
    ['59408-5', { redLow: 92, yellowLow: 94 }],
    ['8310-5', { redLow: 35.1, yellowLow: 36.1, yellowHigh: 38, redHigh: 39 }],
    ['15074-8', { redLow: 3, yellowLow: 3.9, yellowHigh: 10, redHigh: 13.9 }],
  ])('%s', (code, t) => {
    expect(DEFAULT_THRESHOLDS[code]).toEqual(t);
  });

  it('has none for personal measurements', () => {
    for (const code of ['29463-7', '19935-6', '20150-9', '55423-8'])
      expect(DEFAULT_THRESHOLDS[code]).toBeUndefined();
  });

  it('are valid, and have kind advice in both languages for each level that exists', () => {
    for (const [code, t] of Object.entries(DEFAULT_THRESHOLDS)) {
      expect(validateThresholds(code, t)).toEqual([]);
      // Questionnaire scores: the patient gets the questionnaire's own feedback, never threshold advice.
      if (findMeasurement(code)?.category === 'survey') continue;
      const advice = DEFAULT_ADVICE[code]!;
      expect(advice.normal?.sv).toBeTruthy();
      for (const level of ['redLow', 'yellowLow', 'yellowHigh', 'redHigh'] as const) {
        if (t[level] == null) continue;
        expect(advice[level]?.sv, `${code} ${level}`).toBeTruthy();
        expect(advice[level]?.en, `${code} ${level}`).toBeTruthy();
        if (level.startsWith('red')) expect(advice[level]?.sv).toMatch(/1177|112/);
      }
    }
  });

  it('covers only known value codes', () => {
    const known = MEASUREMENTS.flatMap(valueCodes);
    for (const code of [...Object.keys(DEFAULT_THRESHOLDS), ...Object.keys(DEFAULT_ADVICE)])
      expect(known).toContain(code);
  });
});

describe('validateThresholds', () => {
  it.each([
    ['8480-6', { yellowHigh: 140 }, []],
    ['8480-6', { yellowLow: 100, yellowHigh: 100 }, [['yellowHigh', 'invalid']]],
    ['8480-6', { redLow: 100, yellowLow: 95 }, [['yellowLow', 'invalid']]],
    ['8480-6', { yellowHigh: 150, redHigh: 150 }, []],
    ['8480-6', { yellowHigh: 160, redHigh: 150 }, [['redHigh', 'invalid']]],
    ['8480-6', { redHigh: 400 }, [['redHigh', 'out-of-range']]],
    ['8480-6', { redHigh: null, yellowHigh: undefined }, []],
    ['29463-7', { yellowHigh: 90, redHigh: 95 }, []],
    ['8480-6', { redHigh: Number.NaN }, [['redHigh', 'not-a-number']]],
    ['85354-9', { redHigh: 180 }, [['code', 'unknown-code']]],
  ])('%s %j', (code, t, expected) => {
    expect(validateThresholds(code, t).map((i) => [i.field, i.kind])).toEqual(expected);
  });
});

describe('effectiveThresholds', () => {
  it.each([
    ['8480-6', undefined, { redLow: 90, yellowLow: 100, yellowHigh: 135, redHigh: 180 }],
    ['8480-6', null, { redLow: 90, yellowLow: 100, yellowHigh: 135, redHigh: 180 }],
    ['8480-6', { yellowHigh: 145 }, { redLow: 90, yellowLow: 100, yellowHigh: 145, redHigh: 180 }],
    [
      '8480-6',
      { redLow: null, yellowLow: null },
      { redLow: null, yellowLow: null, yellowHigh: 135, redHigh: 180 },
    ],
    ['29463-7', undefined, {}],
    ['29463-7', { yellowHigh: 84 }, { yellowHigh: 84 }],
  ])('%s with %j', (code, override, expected) => {
    expect(effectiveThresholds(code, override)).toEqual(expected);
  });
});
