import { describe, expect, it } from 'vitest';
import {
  acceptedUnits,
  findInputUnit,
  findMeasurement,
  MEASUREMENTS,
  measurementForValueCode,
  possibleRange,
  unitLabel,
  valueCodes,
  valueName,
} from './catalogue';

// LOINC codes (loinc.org) and UCUM units (ucum.org) as used by the FHIR R4 vital-signs profile.
describe('catalogue', () => {
  it.each([
    ['85354-9', 'bp', 'mm[Hg]'],
    ['8867-4', 'heart-rate', '/min'],
    ['29463-7', 'weight', 'kg'],
    ['8310-5', 'temperature', 'Cel'],
    ['59408-5', 'spo2', '%'],
    ['2708-6', 'spo2', '%'],
    ['15074-8', 'glucose', 'mmol/L'],
    ['2339-0', 'glucose', 'mmol/L'],
    ['41653-7', 'glucose', 'mmol/L'],
    ['19935-6', 'pef', 'L/min'],
    ['33452-4', 'pef', 'L/min'],
    ['20150-9', 'fev1', 'L'],
    ['9279-1', 'respiratory-rate', '/min'],
    ['55423-8', 'steps', '{steps}'],
    ['weight', 'weight', 'kg'],
  ])('findMeasurement(%s) is %s in %s', (code, key, unit) => {
    const def = findMeasurement(code);
    expect(def?.key).toBe(key);
    expect(def?.unit).toBe(unit);
  });

  it('does not treat component codes as measurements', () => {
    expect(findMeasurement('8480-6')).toBeUndefined();
    expect(measurementForValueCode('8480-6')?.key).toBe('bp');
    expect(measurementForValueCode('29463-7')?.key).toBe('weight');
  });

  it('has unique keys and codes, canonical unit among the input units', () => {
    const codes = MEASUREMENTS.flatMap((d) => [
      d.key,
      d.loinc,
      ...(d.aliases ?? []),
      ...(d.components ?? []).map((c) => c.loinc),
    ]);
    expect(new Set(codes).size).toBe(codes.length);
    expect(valueCodes(findMeasurement('bp')!)).toEqual(['8480-6', '8462-4']);
    expect(valueCodes(findMeasurement('weight')!)).toEqual(['29463-7']);
    for (const d of MEASUREMENTS) expect(d.inputUnits.map((u) => u.ucum)).toContain(d.unit);
  });

  it.each([
    ['8480-6', 'sv', 'Systoliskt blodtryck'],
    ['8462-4', 'en', 'Diastolic blood pressure'],
    ['85354-9', 'sv', 'Blodtryck'],
    ['19935-6', 'sv', 'Toppflöde (PEF)'],
    ['2708-6', 'sv', 'Syremättnad'],
    ['nope', 'sv', 'nope'],
  ] as const)('valueName(%s, %s) = %s', (code, lang, name) => {
    expect(valueName(code, lang)).toBe(name);
  });

  it.each([
    ['8480-6', 40, 300],
    ['8462-4', 20, 200],
    ['29463-7', 1, 400],
    ['15074-8', 0.5, 50],
  ])('possibleRange(%s) = %d–%d', (code, min, max) => {
    expect(possibleRange(code)).toEqual({ min, max });
  });

  // Conversion factors: 1 kPa = 7.50062 mmHg; 1 lb = 0.45359237 kg; °C = (°F − 32) × 5/9;
  // 1 mmol/L glucose = 18.016 mg/dL; 1 L/s = 60 L/min.
  it.each([
    ['bp', 'kPa', 16, 120.00992],
    ['bp', 'mmHg', 120, 120],
    ['weight', 'lbs', 100, 45.359237],
    ['weight', 'LB', 100, 45.359237],
    ['temperature', '°F', 98.6, 37],
    ['temperature', 'F', 212, 100],
    ['temperature', 'c', 37, 37],
    ['glucose', 'mg/dl', 180.16, 10],
    ['glucose', 'mmol/l', 5.5, 5.5],
    ['pef', 'l/s', 7, 420],
    ['heart-rate', 'bpm', 72, 72],
    ['heart-rate', '{beats}/min', 72, 72],
    ['respiratory-rate', '1/min', 16, 16],
    ['steps', 'steg', 4000, 4000],
  ])('%s: %d %s converts', (key, spelling, value, expected) => {
    const u = findInputUnit(findMeasurement(key)!, spelling as string);
    expect(u?.toCanonical(value as number)).toBeCloseTo(expected as number, 6);
  });

  it('rejects units of other measurements', () => {
    expect(findInputUnit(findMeasurement('weight')!, 'mmHg')).toBeUndefined();
    expect(acceptedUnits(findMeasurement('weight')!)).toEqual(
      expect.arrayContaining(['kg', 'lb', 'lbs', '[lb_av]']),
    );
  });

  it('localizes word units', () => {
    expect(unitLabel(findMeasurement('steps')!, 'sv')).toBe('steg');
    expect(unitLabel(findMeasurement('steps')!, 'en')).toBe('steps');
    expect(unitLabel(findMeasurement('bp')!, 'sv')).toBe('mmHg');
  });
});
