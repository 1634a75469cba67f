import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppleHealthParser, appleDate, parseAppleHealth } from './appleHealth';

// The shape of Apple Health's export.xml (HealthKit export, DOCTYPE with an internal subset, Records with
// nested metadata, blood pressure as a Correlation whose samples are repeated at top level).
const EXPORT = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
]>
<HealthData locale="sv_SE">
 <ExportDate value="2026-11-21 10:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Withings" sourceVersion="6.1" unit="kg" creationDate="2026-11-20 07:31:00 +0100" startDate="2026-11-20 07:30:00 +0100" endDate="2026-11-20 07:30:00 +0100" value="82.4"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="iPhone" unit="count" startDate="2026-11-20 07:30:00 +0100" endDate="2026-11-20 08:30:00 +0100" value="1200"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Apple Watch" unit="count/min" startDate="2026-11-20 09:00:00 +0100" endDate="2026-11-20 09:00:00 +0100" value="64">
  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>
 </Record>
 <Record type="HKQuantityTypeIdentifierOxygenSaturation" sourceName="Apple Watch" unit="%" startDate="2026-11-20 09:05:00 +0100" endDate="2026-11-20 09:05:00 +0100" value="0.97"/>
 <Record type="HKQuantityTypeIdentifierBloodGlucose" sourceName="Contour" unit="mmol&lt;180.1558800000541&gt;/L" startDate="2026-11-20 12:00:00 +0100" endDate="2026-11-20 12:00:00 +0100" value="6,4"/>
 <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName="Omron" unit="mmHg" startDate="2026-11-20 08:00:00 +0100" endDate="2026-11-20 08:00:00 +0100" value="141"/>
 <Record type="HKQuantityTypeIdentifierBloodPressureDiastolic" sourceName="Omron" unit="mmHg" startDate="2026-11-20 08:00:00 +0100" endDate="2026-11-20 08:00:00 +0100" value="88"/>
 <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Omron" startDate="2026-11-20 08:00:00 +0100" endDate="2026-11-20 08:00:00 +0100">
  <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName="Omron" unit="mmHg" startDate="2026-11-20 08:00:00 +0100" endDate="2026-11-20 08:00:00 +0100" value="141"/>
  <Record type="HKQuantityTypeIdentifierBloodPressureDiastolic" sourceName="Omron" unit="mmHg" startDate="2026-11-20 08:00:00 +0100" endDate="2026-11-20 08:00:00 +0100" value="88"/>
 </Correlation>
 <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName="Omron" unit="mmHg" startDate="2026-11-21 08:00:00 +0100" endDate="2026-11-21 08:00:00 +0100" value="150"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Withings" unit="stone" startDate="2026-11-21 07:30:00 +0100" endDate="2026-11-21 07:30:00 +0100" value="13"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Withings" unit="kg" startDate="yesterday" endDate="" value="82"/>
</HealthData>
`;

describe('Apple Health export.xml', () => {
  it('maps weight, heart rate, SpO2, glucose and blood pressure with their units', () => {
    const { records, skipped } = parseAppleHealth(EXPORT);
    expect(records.map((r) => [r.kind, r.measurement, r.effectiveAt])).toEqual([
      ['weight', { code: '29463-7', value: 82.4, unit: 'kg' }, '2026-11-20T07:30:00+01:00'],
      ['heart-rate', { code: '8867-4', value: 64, unit: '/min' }, '2026-11-20T09:00:00+01:00'],
      ['spo2', { code: '59408-5', value: 97, unit: '%' }, '2026-11-20T09:05:00+01:00'],
      ['glucose', { code: '15074-8', value: 6.4, unit: 'mmol/L' }, '2026-11-20T12:00:00+01:00'],
      [
        'bp',
        {
          code: '85354-9',
          components: [
            { code: '8480-6', value: 141, unit: 'mm[Hg]' },
            { code: '8462-4', value: 88, unit: 'mm[Hg]' },
          ],
        },
        '2026-11-20T08:00:00+01:00',
      ],
    ]);
    expect(skipped.map((s) => s.reason).sort()).toEqual([
      'incomplete-blood-pressure',
      'invalid-date',
      'not-a-measurement',
      'unsupported-unit',
    ]);
    expect(skipped.find((s) => s.reason === 'not-a-measurement')?.type).toBe(
      'HKQuantityTypeIdentifierStepCount',
    );
  });

  it('gives the same keys on a second import of the same file', () => {
    const a = parseAppleHealth(EXPORT).records.map((r) => r.key);
    const b = parseAppleHealth(EXPORT).records.map((r) => r.key);
    expect(new Set(a).size).toBe(a.length);
    expect(b).toEqual(a);
  });

  it('reads the same records however the stream is cut into chunks', () => {
    const whole = parseAppleHealth(EXPORT);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: EXPORT.length - 1 }), { maxLength: 20 }),
        (cuts) => {
          const parser = new AppleHealthParser();
          const points = [0, ...cuts.sort((x, y) => x - y), EXPORT.length];
          const records = [];
          for (let i = 0; i < points.length - 1; i++)
            records.push(...parser.write(EXPORT.slice(points[i], points[i + 1])).records);
          records.push(...parser.close().records);
          expect(records).toEqual(whole.records);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('keeps what came before a broken part and says where it broke', () => {
    const broken = `${EXPORT.slice(0, EXPORT.indexOf('<Record type="HKQuantityTypeIdentifierStepCount"'))}<Record type="x" value=">`;
    const { records, skipped } = parseAppleHealth(broken);
    expect(records.map((r) => r.kind)).toEqual(['weight']);
    expect(skipped.some((s) => s.reason === 'malformed-file')).toBe(true);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }), (chunks) => {
        const parser = new AppleHealthParser();
        for (const c of chunks) parser.write(c);
        parser.close();
      }),
    );
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (type, unit, value, date) => {
        const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
        parseAppleHealth(
          `<HealthData><Record type="${esc(type)}" unit="${esc(unit)}" value="${esc(value)}" startDate="${esc(date)}"/></HealthData>`,
        );
      }),
    );
  });

  it('reads Apple dates with their offset', () => {
    expect(appleDate('2026-03-29 02:30:00 -0500')).toBe('2026-03-29T02:30:00-05:00');
    expect(appleDate('2026-13-01 02:30:00 +0100')).toBeNull();
    expect(appleDate('2026-11-20T07:30:00Z')).toBeNull();
  });
});
