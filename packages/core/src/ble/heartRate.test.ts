// GATT Specification Supplement, "Heart Rate Measurement" (0x2A37): flags bit 0 uint16 value, bits 1–2 sensor
// contact (bit 2 supported, bit 1 detected), bit 3 energy expended (uint16 kJ), bit 4 RR intervals (uint16, 1/1024 s).
import { describe, expect, it } from 'vitest';
import { decodeHeartRateMeasurement as decode } from './heartRate';
import { bytes, le16 } from './testing';

describe('Heart Rate Measurement', () => {
  it('uint8 value, contact detected, energy and two RR intervals', () => {
    const r = decode(bytes(0x1e, 72, le16(300), le16(1024), le16(512)));
    expect(r).toEqual({
      ok: true,
      readings: [
        {
          code: '8867-4',
          values: [72],
          unit: '/min',
          effectiveAt: null,
          original: { values: [72], unit: '/min' },
        },
      ],
      meta: { flags: 0x1e, sensorContact: 'detected', energyExpendedKj: 300, rrIntervalsMs: [1000, 500] },
    });
  });

  it('uint16 value, contact not supported', () => {
    const r = decode(bytes(0x01, le16(310)));
    expect(r.ok && r.readings[0]?.values).toEqual([310]);
    expect(r.ok && r.meta.sensorContact).toBe('not-supported');
  });

  it('contact supported but not detected: no value', () => {
    const r = decode(bytes(0x04, 0));
    expect(r.ok && r.readings[0]?.skipped).toEqual([{ field: 'heart rate', reason: 'no-sensor-contact' }]);
  });

  it.each([
    [
      bytes(0x01, 72),
      'Heart Rate Measurement: 2 bytes, but flags 0x01 need at least 3 (heart rate (uint16))',
    ],
    [bytes(0x10, 72), 'Heart Rate Measurement: 2 bytes, but flags 0x10 need at least 4 (RR interval)'],
    [
      bytes(0x10, 72, 1, 2, 3),
      'Heart Rate Measurement: 5 bytes, but flags 0x10 need 2 plus a multiple of 2 (RR interval)',
    ],
    [bytes(0x08, 72, 1), 'Heart Rate Measurement: 3 bytes, but flags 0x08 need at least 4 (energy expended)'],
    [
      bytes(0x00, 72, 0),
      'Heart Rate Measurement: 3 bytes, but flags 0x00 describe exactly 2 (1 unexpected trailing)',
    ],
  ])('rejects %j', (b, error) => {
    expect(decode(b)).toEqual({ ok: false, error });
  });
});
