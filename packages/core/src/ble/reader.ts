import { DATE_TIME_SIZE, type DeviceTime, decodeDateTime } from './datetime';
import { decodeFloat, decodeSfloat, type MedicalNumber } from './ieee11073';

/** Thrown by ByteReader when a decoder reads past the end; decoders check lengths first, so this is a bug guard. */
export class OutOfBoundsError extends RangeError {}

/** Little-endian reader over a characteristic value. Every read is bounds-checked. */
export class ByteReader {
  #offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.bytes.length - this.#offset;
  }

  /** Unsigned little-endian integer of `size` bytes (1–4). */
  uint(size: number): number {
    if (size > this.remaining) {
      throw new OutOfBoundsError(
        `read of ${size} bytes at offset ${this.#offset} past end ${this.bytes.length}`,
      );
    }
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = value * 256 + (this.bytes[this.#offset + i] ?? 0);
    this.#offset += size;
    return value;
  }

  u8 = (): number => this.uint(1);
  u16 = (): number => this.uint(2);
  u24 = (): number => this.uint(3);
  u32 = (): number => this.uint(4);

  s16(): number {
    const v = this.u16();
    return v >= 0x8000 ? v - 0x10000 : v;
  }

  sfloat = (): MedicalNumber => decodeSfloat(this.u16());
  float = (): MedicalNumber => decodeFloat(this.u32());

  dateTime(): DeviceTime {
    const start = this.#offset;
    this.uint(4);
    this.uint(DATE_TIME_SIZE - 4);
    return decodeDateTime(this.bytes, start);
  }
}

/** One field of a characteristic's layout, for length checks. */
export interface Field {
  name: string;
  size: number;
}

/** The field when `bit` is set in flags, else nothing. */
export function ifFlag(flags: number, bit: number, name: string, size: number): Field | null {
  return flags & bit ? { name, size } : null;
}

export const hex = (n: number, width = 2): string => `0x${n.toString(16).padStart(width, '0')}`;

/**
 * Checks the byte count against the layout the flags (first byte) describe. With `rest` set, any number of
 * further items of that size may follow (at least `rest.min`); otherwise the length must match exactly.
 * Returns an English error naming the characteristic, the first missing field and the byte counts, or null.
 */
export function checkLength(
  characteristic: string,
  bytes: Uint8Array,
  fields: (Field | null)[],
  rest?: { name: string; size: number; min: number },
): string | null {
  const n = bytes.length;
  if (n === 0) return `${characteristic}: 0 bytes, but at least 1 needed (flags)`;
  const flags = hex(bytes[0] ?? 0);
  const present = fields.filter((f): f is Field => f !== null);
  const required = present.reduce((sum, f) => sum + f.size, 0) + (rest ? rest.min * rest.size : 0);
  if (n < required) {
    let end = 0;
    const missing = present.find((f) => {
      end += f.size;
      return end > n;
    });
    return `${characteristic}: ${n} bytes, but flags ${flags} need at least ${required} (${missing?.name ?? rest?.name})`;
  }
  const fixed = present.reduce((sum, f) => sum + f.size, 0);
  if (rest) {
    if ((n - fixed) % rest.size === 0) return null;
    return `${characteristic}: ${n} bytes, but flags ${flags} need ${fixed} plus a multiple of ${rest.size} (${rest.name})`;
  }
  if (n > required) {
    return `${characteristic}: ${n} bytes, but flags ${flags} describe exactly ${required} (${n - required} unexpected trailing)`;
  }
  return null;
}

/** Named booleans from a bit field: names[i] is bit i; empty names are reserved bits and left out. */
export function namedBits<K extends string>(value: number, names: readonly (K | '')[]): Record<K, boolean> {
  const out = {} as Record<K, boolean>;
  names.forEach((name, bit) => {
    if (name) out[name] = Math.floor(value / 2 ** bit) % 2 === 1;
  });
  return out;
}
