// GATT Specification Supplement, "PLX Spot-Check Measurement" (0x2A5E: flags bit 0 time stamp, 1 measurement
// status, 2 device and sensor status (24 bits), 3 pulse amplitude index, 4 device clock not set) and
// "PLX Continuous Measurement" (0x2A5F: bit 0 SpO2PR-Fast, 1 SpO2PR-Slow, 2 status, 3 device/sensor, 4 PAI).
import { describe, expect, it } from 'vitest';
import { decodePlxContinuous, decodePlxSpotCheck } from './pulseOximeter';
import { bytes, dateTime, le16, le24, sfloat } from './testing';

describe('PLX Spot-Check Measurement', () => {
  it('all fields', () => {
    const r = decodePlxSpotCheck(
      bytes(
        0x0f,
        le16(97),
        le16(72),
        dateTime(2024, 4, 4, 9, 0, 0),
        le16(1 << 7),
        le24(1 << 5),
        le16(sfloat(42, -1)),
      ),
    );
    expect(r.ok && r.readings.map((x) => [x.code, x.values, x.unit, x.effectiveAt])).toEqual([
      ['59408-5', [97], '%', '2024-04-04T09:00:00'],
      ['8867-4', [72], '/min', '2024-04-04T09:00:00'],
    ]);
    expect(r.ok && r.meta).toMatchObject({
      measurementStatus: { validatedData: true, measurementOngoing: false },
      deviceAndSensorStatus: { lowPerfusionDetected: true, sensorDisconnected: false },
      pulseAmplitudeIndex: 4.2,
      deviceClockNotSet: false,
    });
  });

  it('device clock not set: the time stamp is not used', () => {
    const r = decodePlxSpotCheck(bytes(0x11, le16(97), le16(72), dateTime(2000, 1, 1, 0, 0, 0)));
    expect(r.ok && r.readings[0]?.effectiveAt).toBeNull();
    expect(r.ok && r.meta.deviceClockNotSet).toBe(true);
  });

  it('special SpO2 skips only SpO2', () => {
    const r = decodePlxSpotCheck(bytes(0x00, le16(0x07ff), le16(72)));
    expect(r.ok && r.readings.map((x) => x.skipped ?? x.values)).toEqual([
      [{ field: 'SpO2', reason: 'nan' }],
      [72],
    ]);
  });

  it.each([
    [1 << 13, 'measurement-unavailable'],
    [1 << 15, 'invalid-measurement'],
    [1 << 10, 'demonstration-data'],
    [1 << 11, 'test-data'],
  ])('measurement status 0x%s withholds both values (%s)', (status, reason) => {
    const r = decodePlxSpotCheck(bytes(0x02, le16(97), le16(72), le16(status)));
    expect(r.ok && r.readings.map((x) => [x.values, x.skipped])).toEqual([
      [[], [{ field: 'measurement status', reason }]],
      [[], [{ field: 'measurement status', reason }]],
    ]);
  });

  it.each([
    [
      bytes(0x00, 97, 0, 72),
      'PLX Spot-Check Measurement: 4 bytes, but flags 0x00 need at least 5 (SpO2 and pulse rate)',
    ],
    [
      bytes(0x04, le16(97), le16(72), 0, 0),
      'PLX Spot-Check Measurement: 7 bytes, but flags 0x04 need at least 8 (device and sensor status)',
    ],
  ])('rejects %j', (b, error) => {
    expect(decodePlxSpotCheck(b)).toEqual({ ok: false, error });
  });
});

describe('PLX Continuous Measurement', () => {
  it('normal, fast and slow with every status field', () => {
    const r = decodePlxContinuous(
      bytes(0x1f, le16(96), le16(70), le16(95), le16(71), le16(97), le16(0x07ff), le16(0), le24(0), le16(5)),
    );
    expect(r.ok && r.readings.map((x) => x.values)).toEqual([[96], [70]]);
    expect(r.ok && r.meta).toMatchObject({
      fast: { spo2: 95, pulseRate: 71 },
      slow: { spo2: 97, pulseRate: null },
      pulseAmplitudeIndex: 5,
    });
  });

  it('skips the status fields by their sizes (2 + 3 bytes) to reach the pulse amplitude index', () => {
    const r = decodePlxContinuous(bytes(0x18, le16(96), le16(70), le24(0xffffff), le16(sfloat(13, -1))));
    expect(r.ok && r.meta.pulseAmplitudeIndex).toBe(1.3);
    expect(r.ok && r.meta.deviceAndSensorStatus?.sensorDisconnected).toBe(true);
  });

  it('rejects a missing SpO2PR-Slow', () => {
    expect(decodePlxContinuous(bytes(0x03, le16(96), le16(70), le16(95), le16(71)))).toEqual({
      ok: false,
      error: 'PLX Continuous Measurement: 9 bytes, but flags 0x03 need at least 13 (SpO2PR-Slow)',
    });
  });
});
