// GATT Specification Supplement, "Glucose Measurement" (0x2A18): flags bit 0 time offset, bit 1 concentration +
// type/sample location, bit 2 mol/L (else kg/L), bit 3 sensor status annunciation, bit 4 context follows.
// Type = low nibble (0xA control solution), sample location = high nibble (4 control solution).
import { describe, expect, it } from 'vitest';
import { decodeGlucoseMeasurement as decode } from './glucose';
import { bytes, dateTime, le16, sfloat } from './testing';

const base = dateTime(2024, 6, 30, 23, 50, 0);

describe('Glucose Measurement', () => {
  it('kg/L with time offset: 0.00100 kg/L = 100 mg/dL = 5.6 mmol/L at base time + 15 min', () => {
    const r = decode(bytes(0x03, le16(42), base, le16(15), le16(sfloat(100, -5)), 0x11));
    expect(r).toEqual({
      ok: true,
      readings: [
        {
          code: '15074-8',
          values: [5.6],
          unit: 'mmol/L',
          effectiveAt: '2024-07-01T00:05:00',
          original: { values: [0.001], unit: 'kg/L' },
        },
      ],
      meta: {
        flags: 0x03,
        sequenceNumber: 42,
        baseTime: { local: '2024-06-30T23:50:00', timeZoneKnown: false },
        timeOffsetMinutes: 15,
        deviceUnit: 'kg/L',
        sampleType: { code: 1, name: 'capillary-whole-blood' },
        sampleLocation: { code: 1, name: 'finger' },
        controlSolution: false,
        sensorStatus: null,
        contextFollows: false,
      },
    });
  });

  it('mol/L ×1000 → mmol/L, negative offset, sensor status and context flag', () => {
    const status = 0b1000_0010_0001; // battery low, result too high, time fault
    const r = decode(bytes(0x1f, le16(7), base, le16(-60), le16(sfloat(55, -4)), 0xf2, le16(status)));
    expect(r.ok && r.readings[0]).toMatchObject({ values: [5.5], effectiveAt: '2024-06-30T22:50:00' });
    expect(r.ok && r.meta).toMatchObject({
      sampleType: { code: 2, name: 'capillary-plasma' },
      sampleLocation: { code: 15, name: 'not-available' },
      contextFollows: true,
      sensorStatus: {
        deviceBatteryLow: true,
        resultTooHigh: true,
        timeFault: true,
        stripInsertionError: false,
      },
    });
  });

  it.each([
    ['type 0xA', 0x1a],
    ['location 4', 0x41],
  ])('control solution (%s) is never a patient reading', (_, typeLocation) => {
    const r = decode(bytes(0x02, le16(9), base, le16(sfloat(100, -5)), typeLocation));
    expect(r.ok && r.readings).toEqual([]);
    expect(r.ok && r.meta.controlSolution).toBe(true);
  });

  it('no concentration flag: a record without readings', () => {
    const r = decode(bytes(0x00, le16(1), base));
    expect(r.ok && r.readings).toEqual([]);
    expect(r.ok && r.meta).toMatchObject({ sampleType: null, deviceUnit: null, controlSolution: false });
  });

  it('special concentration and unknown base time', () => {
    const r = decode(bytes(0x03, le16(1), dateTime(0, 1, 1, 0, 0, 0), le16(5), le16(0x07fe), 0x11));
    expect(r.ok && r.readings[0]).toEqual({
      code: '15074-8',
      values: [],
      unit: 'mmol/L',
      effectiveAt: null,
      skipped: [{ field: 'glucose concentration', reason: 'positive-infinity' }],
    });
  });

  it.each([
    [bytes(0x00, 1, 0, 1, 2), 'Glucose Measurement: 5 bytes, but flags 0x00 need at least 10 (base time)'],
    [
      bytes(0x0a, le16(1), base, le16(0x50)),
      'Glucose Measurement: 12 bytes, but flags 0x0a need at least 15 (glucose concentration, type and sample location)',
    ],
    [
      bytes(0x01, le16(1), base),
      'Glucose Measurement: 10 bytes, but flags 0x01 need at least 12 (time offset)',
    ],
  ])('rejects %j', (b, error) => {
    expect(decode(b)).toEqual({ ok: false, error });
  });
});
