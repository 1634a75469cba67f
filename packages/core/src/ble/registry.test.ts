import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeGattCharacteristic } from './gatt';
import { BLE_CHARACTERISTICS, bleUuid, decodeCharacteristic, shortBleUuid } from './registry';
import { bytes, le16, sfloat } from './testing';

describe('registry', () => {
  it.each([
    [0x2a35, 0x2a35],
    ['2a35', 0x2a35],
    ['0x2A35', 0x2a35],
    ['00002a35-0000-1000-8000-00805f9b34fb', 0x2a35],
    ['00002A35-0000-1000-8000-00805F9B34FB', 0x2a35],
    ['12345678-0000-1000-8000-00805f9b34fb', null],
    [0x10000, null],
  ])('shortBleUuid(%s) = %s', (uuid, short) => {
    expect(shortBleUuid(uuid)).toBe(short);
  });

  it('has one entry per characteristic with full UUIDs', () => {
    expect(BLE_CHARACTERISTICS.map((c) => c.characteristicUuid)).toContain(bleUuid(0x2a5f));
    expect(new Set(BLE_CHARACTERISTICS.map((c) => c.characteristic)).size).toBe(BLE_CHARACTERISTICS.length);
    expect(BLE_CHARACTERISTICS.find((c) => c.characteristic === 0x2a9d)?.serviceUuid).toBe(
      '0000181d-0000-1000-8000-00805f9b34fb',
    );
  });

  it('dispatches by any UUID form and rejects unknown characteristics', () => {
    const bp = bytes(0x00, le16(120), le16(80), le16(93));
    expect(decodeCharacteristic('00002a35-0000-1000-8000-00805f9b34fb', bp)).toMatchObject({ ok: true });
    expect(decodeCharacteristic(0x2a99, bp)).toEqual({
      ok: false,
      error:
        'Unsupported characteristic 0x2a99; supported: 0x2a35, 0x2a9d, 0x2a18, 0x2a5e, 0x2a5f, 0x2a1c, 0x2a37',
    });
  });

  it('no decoder throws on arbitrary bytes', () => {
    for (const c of BLE_CHARACTERISTICS) {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
          const r = c.decode(b);
          if (r.ok) for (const x of r.readings) expect(x.values.every(Number.isFinite)).toBe(true);
          else expect(r.error.startsWith(c.name)).toBe(true);
        }),
        { numRuns: 2000 },
      );
    }
  });
});

describe('decodeGattCharacteristic (issue 7 contract)', () => {
  it('blood pressure in kPa: component observations with the device value kept', () => {
    const r = decodeGattCharacteristic(
      '2a35',
      bytes(0x05, le16(sfloat(160, -1)), le16(sfloat(107, -1)), le16(0), le16(60)),
    );
    expect(r).toMatchObject({
      ok: true,
      effectiveTime: null,
      observations: [
        { code: '8480-6', value: 120, unit: 'mm[Hg]', original: { value: 16, unit: 'kPa' } },
        { code: '8462-4', value: 80, unit: 'mm[Hg]', original: { value: 10.7, unit: 'kPa' } },
        { code: '8867-4', value: 60, unit: '/min' },
      ],
      details: { deviceUnit: 'kPa' },
    });
  });

  it('special values become data-absent reasons; control solution gives nothing', () => {
    const nan = decodeGattCharacteristic(0x2a35, bytes(0x00, le16(0x07ff), le16(80), le16(93)));
    expect(nan.ok && nan.observations).toEqual([
      { code: '85354-9', unit: 'mm[Hg]', dataAbsentReason: 'not-a-number' },
    ]);
    const control = decodeGattCharacteristic(
      0x2a18,
      bytes(0x02, le16(1), le16(2024), 1, 1, 0, 0, 0, le16(sfloat(100, -5)), 0x1a),
    );
    expect(control).toMatchObject({ ok: true, observations: [], details: { controlSolution: true } });
  });
});
