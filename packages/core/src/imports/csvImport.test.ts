import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectCsvFormat } from './csvFormats';
import { parseCsvExport, parseLocalDateTime } from './csvImport';

const WITHINGS_BP = `Date,Heart rate,Systolic,Diastolic,Comments
"2026-11-20 07:45:12",64,132,84,
"2026-11-20 19:02:00",,128,81,"after walk"
"2026-11-21 07:40:00",70,abc,80,
"2026-11-20 07:45:12",64,132,84,
`;

const WITHINGS_WEIGHT = `Date,"Weight (kg)","Fat mass (kg)","Bone mass (kg)","Muscle mass (kg)","Hydration (kg)",Comments
"2026-07-01 06:30:00",82.4,20.1,3.1,56.0,40.2,
"not a date",82.0,,,,,
`;

const OMRON = `Date,Time,Systolic (mmHg),Diastolic (mmHg),Pulse (bpm),Symptoms,Consumed,TruRead,Notes
2026-11-20,07:15,138,86,66,,,Off,
Nov 21 2026,07:20,141,90,,,,Off,
21/11/2026,19:20,135,,70,,,Off,
`;

describe('CSV exports of home devices', () => {
  it('reads Withings bp.csv: pressure and pulse, local Stockholm time, in-file duplicates and bad cells', () => {
    const out = parseCsvExport(WITHINGS_BP);
    expect(out.format?.id).toBe('withings-bp');
    expect(out.records.map((r) => [r.kind, r.measurement, r.effectiveAt])).toEqual([
      [
        'bp',
        {
          code: '85354-9',
          components: [
            { code: '8480-6', value: 132, unit: 'mm[Hg]' },
            { code: '8462-4', value: 84, unit: 'mm[Hg]' },
          ],
        },
        '2026-11-20T06:45:12.000Z',
      ],
      ['heart-rate', { code: '8867-4', value: 64, unit: '/min' }, '2026-11-20T06:45:12.000Z'],
      [
        'bp',
        {
          code: '85354-9',
          components: [
            { code: '8480-6', value: 128, unit: 'mm[Hg]' },
            { code: '8462-4', value: 81, unit: 'mm[Hg]' },
          ],
        },
        '2026-11-20T18:02:00.000Z',
      ],
      ['heart-rate', { code: '8867-4', value: 70, unit: '/min' }, '2026-11-21T06:40:00.000Z'],
    ]);
    expect(out.skipped).toEqual([
      { reason: 'incomplete-blood-pressure', at: 4 },
      { reason: 'duplicate-in-file', at: 5 },
      { reason: 'duplicate-in-file', at: 5 },
    ]);
  });

  it('reads Withings weight.csv in summer time', () => {
    const out = parseCsvExport(WITHINGS_WEIGHT);
    expect(out.format?.id).toBe('withings-weight');
    expect(out.records.map((r) => [r.measurement, r.effectiveAt])).toEqual([
      [{ code: '29463-7', value: 82.4, unit: 'kg' }, '2026-07-01T04:30:00.000Z'],
    ]);
    expect(out.skipped).toEqual([{ reason: 'invalid-date', at: 3 }]);
  });

  it('reads OMRON connect exports with separate date and time columns in the date forms the app writes', () => {
    const out = parseCsvExport(OMRON);
    expect(out.format?.id).toBe('omron-connect-bp');
    expect(out.records.map((r) => [r.kind, r.effectiveAt])).toEqual([
      ['bp', '2026-11-20T06:15:00.000Z'],
      ['heart-rate', '2026-11-20T06:15:00.000Z'],
      ['bp', '2026-11-21T06:20:00.000Z'],
      ['heart-rate', '2026-11-21T18:20:00.000Z'],
    ]);
    expect(out.skipped).toEqual([{ reason: 'incomplete-blood-pressure', at: 4 }]);
  });

  it('keys are stable across imports and differ between records', () => {
    const a = parseCsvExport(OMRON).records.map((r) => r.key);
    expect(parseCsvExport(OMRON).records.map((r) => r.key)).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
  });

  it('says when it does not know the file', () => {
    expect(parseCsvExport('a,b\n1,2\n')).toEqual({
      format: null,
      records: [],
      skipped: [{ reason: 'unknown-format' }],
    });
    expect(detectCsvFormat(['\uFEFFDate', ' Weight (kg) '])?.id).toBe('withings-weight');
  });

  it('rejects impossible dates', () => {
    expect(parseLocalDateTime('2026-02-30', '10:00')).toBeNull();
    expect(parseLocalDateTime('2026-02-28', '24:00')).toBeNull();
    expect(parseLocalDateTime('Foo 3 2026')).toBeNull();
  });

  it('never throws, whatever the input', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void parseCsvExport(s)));
    const cell = fc.oneof(
      fc.string(),
      fc.double().map(String),
      fc.constantFrom('2026-11-20 07:00:00', '', '12,5'),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 10 }), (rows) => {
        const text = [
          'Date,Heart rate,Systolic,Diastolic,Comments',
          ...rows.map((r) => r.map((c) => JSON.stringify(c)).join(',')),
        ].join('\n');
        const out = parseCsvExport(text);
        for (const r of out.records) expect(Number.isNaN(Date.parse(r.effectiveAt))).toBe(false);
      }),
    );
  });
});
