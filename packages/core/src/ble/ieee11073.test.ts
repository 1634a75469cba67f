// IEEE 11073-20601 SFLOAT/FLOAT as referenced by the GATT Specification Supplement, "Medical number formats".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFloat, decodeSfloat } from './ieee11073';
import { float32, sfloat } from './testing';

describe('decodeSfloat', () => {
  it.each([
    [0x0078, 120], // exponent 0, mantissa 120
    [0xf2d6, 72.6], // exponent −1, mantissa 726: no 72.60000000000001
    [sfloat(-5, -1), -0.5],
    [sfloat(364, -1), 36.4],
    [sfloat(1, 3), 1000],
    [sfloat(2047 - 2, -8), 0.00002045],
    [sfloat(-2048 + 3, 0), -2045],
    [sfloat(0, 7), 0],
    [sfloat(55, -4), 0.0055],
  ])('0x%s → %d', (raw, value) => {
    expect(decodeSfloat(raw)).toEqual({ ok: true, value });
  });

  it.each([
    [0x07ff, 'nan'],
    [0x0800, 'nres'],
    [0x07fe, 'positive-infinity'],
    [0x0802, 'negative-infinity'],
    [0x0801, 'reserved'],
    [0xf7ff, 'nan'], // the special mantissas are special whatever the exponent
  ])('special 0x%s → %s', (raw, reason) => {
    expect(decodeSfloat(raw)).toEqual({ ok: false, reason });
  });

  it('round-trips every non-special mantissa and exponent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2048, max: 2047 }),
        fc.integer({ min: -8, max: 7 }),
        (mantissa, exponent) => {
          // Mantissas 0x07FE, 0x07FF and 0x0800–0x0802 (−2048…−2046) are the special values.
          fc.pre(![0x7ff, 0x7fe, -2048, -2047, -2046].includes(mantissa));
          const decoded = decodeSfloat(sfloat(mantissa, exponent));
          expect(decoded).toEqual({ ok: true, value: Number(`${mantissa}e${exponent}`) });
          if (decoded.ok && exponent < 0) {
            // Shortest decimal representation: at most -exponent fraction digits.
            expect((String(decoded.value).split('.')[1] ?? '').length).toBeLessThanOrEqual(-exponent);
          }
        },
      ),
    );
  });
});

describe('decodeFloat', () => {
  it.each([
    [float32(365, -1), 36.5],
    [float32(-12345, -2), -123.45],
    [float32(986, -1), 98.6],
    [float32(1, 10), 1e10],
  ])('0x%s → %d', (raw, value) => {
    expect(decodeFloat(raw)).toEqual({ ok: true, value });
  });

  it.each([
    [0x007fffff, 'nan'],
    [0x00800000, 'nres'],
    [0x007ffffe, 'positive-infinity'],
    [0x00800002, 'negative-infinity'],
    [0x00800001, 'reserved'],
  ])('special 0x%s → %s', (raw, reason) => {
    expect(decodeFloat(raw)).toEqual({ ok: false, reason });
  });

  it('never throws and gives a finite number or a reason', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (raw) => {
        const d = decodeFloat(raw);
        expect(d.ok ? Number.isFinite(d.value) : typeof d.reason).toBe(d.ok ? true : 'string');
      }),
    );
  });
});
