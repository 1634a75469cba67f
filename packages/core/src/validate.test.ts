import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEASUREMENTS } from './catalogue';
import type { MeasurementInput } from './types';
import { normalizeMeasurement, roundTo } from './validate';

const bp = (sys: unknown, dia: unknown, unit?: string): MeasurementInput =>
  ({
    code: '85354-9',
    components: [
      { code: '8480-6', value: sys, unit },
      { code: '8462-4', value: dia, unit },
    ],
  }) as MeasurementInput;

describe('normalizeMeasurement accepts and converts', () => {
  // Factors: UCUM; lb 0.45359237 kg (exact); kPa 7.50062 mmHg; glucose 18.016 mg/dL per mmol/L.
  it.each<[string, MeasurementInput, number[], string]>([
    ['BP in mmHg', bp(142, 91, 'mmHg'), [142, 91], 'mm[Hg]'],
    ['BP without unit', bp(120, 80), [120, 80], 'mm[Hg]'],
    ['BP in kPa', bp(16, 10.7, 'kPa'), [120, 80], 'mm[Hg]'],
    ['weight in lbs', { code: '29463-7', value: 180, unit: 'lbs' }, [81.6], 'kg'],
    ['weight by key', { code: 'weight', value: 82.44, unit: 'kg' }, [82.4], 'kg'],
    ['temperature in °F', { code: '8310-5', value: 100.4, unit: '°F' }, [38], 'Cel'],
    ['SpO2 alias 2708-6', { code: '2708-6', value: 96, unit: '%' }, [96], '%'],
    ['glucose mg/dL via 2339-0', { code: '2339-0', value: 126, unit: 'mg/dL' }, [7], 'mmol/L'],
    ['glucose mmol/l', { code: '15074-8', value: 5.55, unit: 'mmol/l' }, [5.6], 'mmol/L'],
    ['PEF in L/s', { code: '19935-6', value: 6.5, unit: 'L/s' }, [390], 'L/min'],
    ['FEV1', { code: '20150-9', value: 2.345, unit: 'L' }, [2.35], 'L'],
    ['heart rate bpm', { code: '8867-4', value: 72, unit: 'bpm' }, [72], '/min'],
    ['steps', { code: '55423-8', value: 0 }, [0], '{steps}'],
  ])('%s', (_name, input, values, unit) => {
    const r = normalizeMeasurement(input);
    expect(r).toMatchObject({ ok: true, value: { values, unit } });
  });

  it('keeps the original values and the UCUM code of the given unit, components in catalogue order', () => {
    const r = normalizeMeasurement({
      code: '85354-9',
      components: [
        { code: '8462-4', value: 12, unit: 'kPa' },
        { code: '8480-6', value: 18, unit: 'kPa' },
      ],
    });
    expect(r).toEqual({
      ok: true,
      value: {
        code: '85354-9',
        values: [135, 90],
        unit: 'mm[Hg]',
        originalValues: [18, 12],
        originalUnits: ['kPa', 'kPa'],
      },
    });
  });

  it('resolves aliases to the canonical code', () => {
    expect(normalizeMeasurement({ code: '41653-7', value: 90, unit: 'mg/dL' })).toMatchObject({
      ok: true,
      value: { code: '15074-8', values: [5] },
    });
  });
});

describe('normalizeMeasurement rejects', () => {
  it.each<[string, unknown, { field: string; kind: string; message?: RegExp }[]]>([
    [
      'unknown code',
      { code: '1234-5', value: 1 },
      [{ field: 'code', kind: 'unknown-code', message: /29463-7/ }],
    ],
    ['missing code', { value: 1 }, [{ field: 'code', kind: 'required' }]],
    [
      'component code alone',
      { code: '8480-6', value: 120 },
      [{ field: 'code', kind: 'unknown-code', message: /component of 85354-9/ }],
    ],
    [
      'systolic out of range',
      bp(900, 80),
      [
        {
          field: 'components[0].value',
          kind: 'out-of-range',
          message:
            /^components\[0\]\.value: 900 mm\[Hg\] is outside the possible range 40–300 mm\[Hg\] for Systolic blood pressure; check for a typing error$/,
        },
      ],
    ],
    [
      'weight in unknown unit',
      { code: '29463-7', value: 80, unit: 'stone' },
      [{ field: 'unit', kind: 'unknown-unit', message: /kg, \[lb_av\], lb, lbs/ }],
    ],
    ['weight not a number', { code: '29463-7', value: '80' }, [{ field: 'value', kind: 'not-a-number' }]],
    ['weight NaN', { code: '29463-7', value: Number.NaN }, [{ field: 'value', kind: 'not-a-number' }]],
    ['weight missing', { code: '29463-7' }, [{ field: 'value', kind: 'required' }]],
    [
      'weight in lb out of range',
      { code: '29463-7', value: 1000, unit: 'lb' },
      [{ field: 'value', kind: 'out-of-range', message: /1000 \[lb_av\].*1–400 kg/ }],
    ],
    ['SpO2 over 100', { code: '59408-5', value: 101 }, [{ field: 'value', kind: 'out-of-range' }]],
    [
      'BP without components',
      { code: '85354-9', value: 120 },
      [
        { field: 'value', kind: 'invalid' },
        { field: 'components', kind: 'required' },
      ],
    ],
    [
      'BP missing diastolic',
      { code: '85354-9', components: [{ code: '8480-6', value: 120 }] },
      [{ field: 'components', kind: 'required', message: /8462-4/ }],
    ],
    [
      'pulse inside BP',
      {
        code: '85354-9',
        components: [
          { code: '8480-6', value: 120 },
          { code: '8462-4', value: 80 },
          { code: '8867-4', value: 70 },
        ],
      },
      [{ field: 'components[2].code', kind: 'unknown-code', message: /own measurement with code 8867-4/ }],
    ],
    [
      'duplicate component',
      {
        code: '85354-9',
        components: [
          { code: '8480-6', value: 120 },
          { code: '8480-6', value: 121 },
          { code: '8462-4', value: 80 },
        ],
      },
      [{ field: 'components[1].code', kind: 'duplicate' }],
    ],
    [
      'systolic not above diastolic',
      bp(80, 90),
      [{ field: 'components[1].value', kind: 'invalid', message: /swapped/ }],
    ],
    [
      'components on a single value',
      { code: '29463-7', value: 80, components: [] },
      [{ field: 'components', kind: 'invalid' }],
    ],
    [
      'bad unit in a component',
      bp(120, 80, 'psi'),
      [
        { field: 'components[0].unit', kind: 'unknown-unit' },
        { field: 'components[1].unit', kind: 'unknown-unit' },
      ],
    ],
  ])('%s', (_name, input, expected) => {
    const r = normalizeMeasurement(input as MeasurementInput);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => ({ field: i.field, kind: i.kind }))).toEqual(
      expected.map(({ field, kind }) => ({ field, kind })),
    );
    expected.forEach((e, i) => {
      if (e.message) expect(r.issues[i]!.message).toMatch(e.message);
    });
  });
});

describe('properties', () => {
  it('never throws on arbitrary input', () => {
    const code = fc.constantFrom(
      ...MEASUREMENTS.flatMap((d) => [d.loinc, ...(d.components ?? []).map((c) => c.loinc)]),
    );
    const input = fc.oneof(
      fc.anything(),
      fc.record(
        { code, value: fc.anything(), unit: fc.anything(), components: fc.anything() },
        { requiredKeys: [] },
      ),
      fc.record({
        code,
        components: fc.array(
          fc.record({ code, value: fc.double(), unit: fc.anything() }, { requiredKeys: [] }),
        ),
      }),
    );
    fc.assert(
      fc.property(input, (i) => {
        const r = normalizeMeasurement(i as MeasurementInput);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
      }),
    );
  });

  it('is idempotent in the canonical unit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MEASUREMENTS.filter((d) => !d.components)),
        fc.double({ noNaN: true }),
        (def, x) => {
          const value = def.possible.min + (Math.abs(x) % 1) * (def.possible.max - def.possible.min);
          const r = normalizeMeasurement({ code: def.loinc, value });
          if (!r.ok) return;
          const again = normalizeMeasurement({ code: def.loinc, value: r.value.values[0]!, unit: def.unit });
          expect(again.ok && again.value.values).toEqual(r.value.values);
        },
      ),
    );
  });

  it('round-trips weight through pounds and BP through kPa within rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 3000 }), fc.integer({ min: 60, max: 250 }), (dekagram, mmHg) => {
        const kg = dekagram / 10;
        const lb = normalizeMeasurement({ code: '29463-7', value: kg / 0.45359237, unit: 'lb' });
        expect(lb.ok && lb.value.values[0]).toBe(kg);
        const back = normalizeMeasurement(bp(mmHg / 7.50062, 40 / 7.50062, 'kPa'));
        expect(back.ok && back.value.values).toEqual([mmHg, 40]);
      }),
    );
  });

  it.each([
    [1.005, 2, 1.01],
    [82.45, 1, 82.5],
    [2.5, 0, 3],
    [-2.5, 0, -3],
  ])('roundTo(%d, %d) = %d', (v, d, r) => {
    expect(roundTo(v, d)).toBe(r);
  });
});
