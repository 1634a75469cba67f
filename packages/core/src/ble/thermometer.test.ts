// GATT Specification Supplement, "Temperature Measurement" (0x2A1C): flags bit 0 Fahrenheit, bit 1 time stamp,
// bit 2 temperature type; temperature is a FLOAT. "Temperature Type": 1 armpit … 9 tympanum.
import { describe, expect, it } from 'vitest';
import { bytes, dateTime, float32, le32 } from './testing';
import { decodeTemperatureMeasurement as decode } from './thermometer';

describe('Temperature Measurement', () => {
  it('Celsius with time stamp and type', () => {
    const r = decode(bytes(0x06, le32(float32(368, -1)), dateTime(2024, 11, 5, 22, 15, 30), 9));
    expect(r).toEqual({
      ok: true,
      readings: [
        {
          code: '8310-5',
          values: [36.8],
          unit: 'Cel',
          effectiveAt: '2024-11-05T22:15:30',
          original: { values: [36.8], unit: 'Cel' },
        },
      ],
      meta: {
        flags: 0x06,
        deviceUnit: 'Cel',
        timeStamp: { local: '2024-11-05T22:15:30', timeZoneKnown: false },
        temperatureType: { code: 9, name: 'tympanum' },
      },
    });
  });

  it('Fahrenheit → Cel (1 decimal)', () => {
    const r = decode(bytes(0x01, le32(float32(1004, -1))));
    expect(r.ok && r.readings[0]).toMatchObject({
      values: [38],
      original: { values: [100.4], unit: '[degF]' },
    });
  });

  it.each([
    [0x007fffff, 'nan'],
    [0x00800000, 'nres'],
    [0x007ffffe, 'positive-infinity'],
    [0x00800002, 'negative-infinity'],
    [0x00800001, 'reserved'],
  ])('special 0x%s → skipped %s', (raw, reason) => {
    const r = decode(bytes(0x00, le32(raw)));
    expect(r.ok && r.readings[0]?.skipped).toEqual([{ field: 'temperature', reason }]);
  });

  it('reserved temperature type', () => {
    const r = decode(bytes(0x04, le32(float32(370, -1)), 0));
    expect(r.ok && r.meta.temperatureType).toEqual({ code: 0, name: 'reserved' });
  });

  it.each([
    [bytes(0x00, 1, 2, 3), 'Temperature Measurement: 4 bytes, but flags 0x00 need at least 5 (temperature)'],
    [
      bytes(0x06, le32(0), dateTime(2024, 1, 1, 0, 0, 0)),
      'Temperature Measurement: 12 bytes, but flags 0x06 need at least 13 (temperature type)',
    ],
  ])('rejects %j', (b, error) => {
    expect(decode(b)).toEqual({ ok: false, error });
  });
});
