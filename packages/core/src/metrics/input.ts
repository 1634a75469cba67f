// Input checks shared by the metrics. Every problem throws a RangeError/TypeError whose message names the
// offending field, what was given and what is allowed. Internal to the metrics folder (not exported).

/** Short, safe rendering of a given value for an error message. */
export function given(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return typeof value;
}

/** A finite number within [min, max], else throws naming `field`. */
export function finiteIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new TypeError(`${field}: ${given(value)} is not a finite number`);
  if (value < min || value > max) throw new RangeError(`${field}: ${value} is outside ${min}–${max}`);
  return value;
}

/** A positive finite number, else throws naming `field`. */
export function positive(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new RangeError(`${field}: ${given(value)} is not a positive finite number`);
  return value;
}

/** A non-empty array, else throws naming `field`. */
export function nonEmptyArray<T>(value: T[], field: string): T[] {
  if (!Array.isArray(value)) throw new TypeError(`${field}: ${given(value)} is not an array`);
  if (value.length === 0) throw new RangeError(`${field}: no readings given (at least one is required)`);
  return value;
}
