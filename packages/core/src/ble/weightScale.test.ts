// GATT Specification Supplement, "Weight Measurement" (0x2A9D): flags bit 0 imperial, bit 1 time stamp,
// bit 2 user id, bit 3 BMI and height; weight uint16 at 0.005 kg or 0.01 lb; 0xFFFF = measurement unsuccessful.
import { describe, expect, it } from 'vitest';
import { bytes, dateTime, le16 } from './testing';
import { decodeWeightMeasurement as decode } from './weightScale';

describe('Weight Measurement', () => {
  it('SI with time, user, BMI and height', () => {
    const r = decode(bytes(0x0e, le16(14_469), dateTime(2024, 1, 2, 6, 0, 0), 1, le16(236), le16(1750)));
    expect(r).toEqual({
      ok: true,
      readings: [
        {
          code: '29463-7',
          values: [72.345],
          unit: 'kg',
          effectiveAt: '2024-01-02T06:00:00',
          original: { values: [72.345], unit: 'kg' },
        },
      ],
      meta: {
        flags: 0x0e,
        deviceUnit: 'kg',
        timeStamp: { local: '2024-01-02T06:00:00', timeZoneKnown: false },
        userId: 1,
        bmi: 23.6,
        heightM: 1.75,
      },
    });
  });

  it('imperial: 0.01 lb → kg (catalogue 0.45359237, 1 decimal); height 0.1 in → m', () => {
    const r = decode(bytes(0x09, le16(18_000), le16(236), le16(689)));
    expect(r.ok && r.readings[0]).toMatchObject({
      values: [81.6],
      original: { values: [180], unit: '[lb_av]' },
    });
    expect(r.ok && r.meta.heightM).toBe(1.75);
  });

  it('0xFFFF is measurement unsuccessful: no value', () => {
    const r = decode(bytes(0x00, 0xff, 0xff));
    expect(r.ok && r.readings[0]).toEqual({
      code: '29463-7',
      values: [],
      unit: 'kg',
      effectiveAt: null,
      skipped: [{ field: 'weight', reason: 'measurement-unsuccessful' }],
    });
  });

  it.each([
    [bytes(0x00, 1), 'Weight Measurement: 2 bytes, but flags 0x00 need at least 3 (weight)'],
    [
      bytes(0x08, 1, 2, 3, 4, 5),
      'Weight Measurement: 6 bytes, but flags 0x08 need at least 7 (BMI and height)',
    ],
    [bytes(0x04, 1, 2), 'Weight Measurement: 3 bytes, but flags 0x04 need at least 4 (user id)'],
  ])('rejects %j', (b, error) => {
    expect(decode(b)).toEqual({ ok: false, error });
  });
});
