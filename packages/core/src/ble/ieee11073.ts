// IEEE 11073-20601 SFLOAT (16-bit) and FLOAT (32-bit) medical number types, as used by the Bluetooth SIG
// GATT Specification Supplement (section 2.2 "Medical number formats"): a signed base-10 exponent in the
// high bits and a signed two's-complement mantissa in the low bits; value = mantissa × 10^exponent.
// Some mantissas are reserved for special values; they carry no number.

export type SpecialValue = 'nan' | 'nres' | 'positive-infinity' | 'negative-infinity' | 'reserved';

export type MedicalNumber = { ok: true; value: number } | { ok: false; reason: SpecialValue };

/** Special mantissas by width, relative to the largest positive mantissa M (0x7FF or 0x7FFFFF). */
function specials(max: number): Map<number, SpecialValue> {
  return new Map<number, SpecialValue>([
    [max, 'nan'],
    [max + 1, 'nres'],
    [max - 1, 'positive-infinity'],
    [max + 3, 'negative-infinity'],
    [max + 2, 'reserved'],
  ]);
}

const SFLOAT_SPECIAL = specials(0x07ff);
const FLOAT_SPECIAL = specials(0x7fffff);

function signed(raw: number, bits: number): number {
  const half = 2 ** (bits - 1);
  return raw >= half ? raw - 2 * half : raw;
}

function decode(raw: number, mantissaBits: number, totalBits: number, special: Map<number, SpecialValue>) {
  const unsignedMantissa = raw % 2 ** mantissaBits;
  const reason = special.get(unsignedMantissa);
  if (reason) return { ok: false, reason } as const;
  const mantissa = signed(unsignedMantissa, mantissaBits);
  const exponent = signed(Math.floor(raw / 2 ** mantissaBits), totalBits - mantissaBits);
  // Parsing the decimal literal gives the double nearest to mantissa × 10^exponent, so 726e-1 is 72.6
  // (multiplying by 0.1 would give 72.60000000000001).
  return { ok: true, value: Number(`${mantissa}e${exponent}`) } as const;
}

/** Decodes an SFLOAT: 4-bit signed exponent, 12-bit signed mantissa. Input is masked to 16 bits. */
export function decodeSfloat(raw: number): MedicalNumber {
  return decode(raw & 0xffff, 12, 16, SFLOAT_SPECIAL);
}

/** Decodes a FLOAT: 8-bit signed exponent, 24-bit signed mantissa. Input is masked to 32 bits. */
export function decodeFloat(raw: number): MedicalNumber {
  return decode(raw >>> 0, 24, 32, FLOAT_SPECIAL);
}
