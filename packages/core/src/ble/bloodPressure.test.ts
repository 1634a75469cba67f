// GATT Specification Supplement, "Blood Pressure Measurement" (0x2A35): flags bit 0 kPa, bit 1 time stamp,
// bit 2 pulse rate, bit 3 user id, bit 4 measurement status; systolic, diastolic, MAP as SFLOAT.
import { describe, expect, it } from 'vitest';
import { decodeBloodPressureMeasurement as decode } from './bloodPressure';
import { bytes, dateTime, le16, sfloat } from './testing';

const mmHg = (s: number, d: number, map: number) => [...le16(s), ...le16(d), ...le16(map)];

describe('Blood Pressure Measurement', () => {
  it('decodes mmHg with every optional field', () => {
    const status = 0b10_0101 | (1 << 3); // body movement, irregular pulse, pulse above range, improper position
    const r = decode(
      bytes(0x1e, mmHg(122, 78, 93), dateTime(2024, 5, 1, 8, 30, 0), le16(64), 2, le16(status)),
    );
    expect(r).toEqual({
      ok: true,
      readings: [
        {
          code: '85354-9',
          values: [122, 78],
          unit: 'mm[Hg]',
          effectiveAt: '2024-05-01T08:30:00',
          original: { values: [122, 78], unit: 'mm[Hg]' },
        },
        {
          code: '8867-4',
          values: [64],
          unit: '/min',
          effectiveAt: '2024-05-01T08:30:00',
          original: { values: [64], unit: '/min' },
        },
      ],
      meta: {
        flags: 0x1e,
        deviceUnit: 'mm[Hg]',
        meanArterialPressure: 93,
        timeStamp: { local: '2024-05-01T08:30:00', timeZoneKnown: false },
        userId: 2,
        status: {
          bodyMovement: true,
          cuffTooLoose: false,
          irregularPulse: true,
          pulseRateRange: 'exceeds-upper-limit',
          improperMeasurementPosition: true,
        },
      },
    });
  });

  it('converts kPa to mm[Hg] (catalogue factor 7.50062) and keeps the device value', () => {
    const r = decode(bytes(0x01, le16(sfloat(160, -1)), le16(sfloat(107, -1)), le16(sfloat(125, -1))));
    expect(r.ok && r.readings).toEqual([
      {
        code: '85354-9',
        values: [120, 80],
        unit: 'mm[Hg]',
        effectiveAt: null,
        original: { values: [16, 10.7], unit: 'kPa' },
      },
    ]);
    expect(r.ok && r.meta.meanArterialPressure).toBe(12.5);
  });

  it('minimal record: no time, pulse, user or status', () => {
    const r = decode(bytes(0x00, mmHg(120, 80, 93)));
    expect(r.ok && r.readings.length).toBe(1);
    expect(r.ok && r.meta).toMatchObject({ timeStamp: null, userId: null, status: null });
  });

  it('unknown user (255) and unknown time stamp (year 0)', () => {
    const r = decode(bytes(0x0a, mmHg(120, 80, 93), dateTime(0, 0, 0, 0, 0, 0), 0xff));
    expect(r.ok && r.meta.userId).toBeNull();
    expect(r.ok && r.readings[0]?.effectiveAt).toBeNull();
  });

  it.each([
    [0x07ff, 'nan'],
    [0x0800, 'nres'],
    [0x07fe, 'positive-infinity'],
    [0x0802, 'negative-infinity'],
    [0x0801, 'reserved'],
  ])('special systolic 0x%s → no value, reason %s', (raw, reason) => {
    const r = decode(bytes(0x04, le16(raw), le16(80), le16(93), le16(70)));
    expect(r.ok && r.readings[0]).toEqual({
      code: '85354-9',
      values: [],
      unit: 'mm[Hg]',
      effectiveAt: null,
      skipped: [{ field: 'systolic', reason }],
    });
    expect(r.ok && r.readings[1]?.values).toEqual([70]);
  });

  it('special diastolic, MAP and pulse', () => {
    const r = decode(bytes(0x04, le16(120), le16(0x07ff), le16(0x07ff), le16(0x0800)));
    expect(r.ok && r.readings.map((x) => x.skipped)).toEqual([
      [{ field: 'diastolic', reason: 'nan' }],
      [{ field: 'pulse rate', reason: 'nres' }],
    ]);
    expect(r.ok && r.meta.meanArterialPressure).toBeNull();
  });

  it.each([
    [bytes(), 'Blood Pressure Measurement: 0 bytes, but at least 1 needed (flags)'],
    [
      bytes(0x00, 120, 0, 80),
      'Blood Pressure Measurement: 4 bytes, but flags 0x00 need at least 7 (systolic, diastolic and mean arterial pressure)',
    ],
    [
      bytes(0x02, mmHg(1, 2, 3)),
      'Blood Pressure Measurement: 7 bytes, but flags 0x02 need at least 14 (time stamp)',
    ],
    [
      bytes(0x1c, mmHg(1, 2, 3), 0, 0),
      'Blood Pressure Measurement: 9 bytes, but flags 0x1c need at least 12 (user id)',
    ],
    [
      bytes(0x00, mmHg(1, 2, 3), 0),
      'Blood Pressure Measurement: 8 bytes, but flags 0x00 describe exactly 7 (1 unexpected trailing)',
    ],
  ])('rejects %j', (b, error) => {
    expect(decode(b)).toEqual({ ok: false, error });
  });
});
