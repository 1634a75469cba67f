// Test-only encoders (not exported from the package): build characteristic bytes from the specification.

/** SFLOAT raw value from a mantissa (−2048…2047) and exponent (−8…7). */
export const sfloat = (mantissa: number, exponent: number): number =>
  ((exponent & 0x0f) << 12) | (mantissa & 0x0fff);

/** FLOAT raw value from a mantissa (24-bit signed) and exponent (8-bit signed). */
export const float32 = (mantissa: number, exponent: number): number =>
  (((exponent & 0xff) << 24) | (mantissa & 0xffffff)) >>> 0;

export const le16 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff];
export const le24 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
export const le32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];

/** Date Time bytes: year uint16 LE, month, day, hours, minutes, seconds. */
export const dateTime = (y: number, mo: number, d: number, h: number, mi: number, s: number): number[] => [
  ...le16(y),
  mo,
  d,
  h,
  mi,
  s,
];

export const bytes = (...parts: (number | number[])[]): Uint8Array => Uint8Array.from(parts.flat());
