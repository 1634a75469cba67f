import { findMeasurement } from '../catalogue';
import { roundTo } from '../validate';
import type { MedicalNumber, SpecialValue } from './ieee11073';
import { OutOfBoundsError } from './reader';

/** Why a device value is not a reading. */
export type SkipReason =
  | SpecialValue
  | 'measurement-unsuccessful'
  | 'no-sensor-contact'
  | 'measurement-unavailable'
  | 'invalid-measurement'
  | 'demonstration-data'
  | 'test-data';

export interface BleSkip {
  /** Characteristic field, e.g. "systolic". */
  field: string;
  reason: SkipReason;
}

/**
 * One measurement decoded from a characteristic, in the catalogue's canonical unit. When the device sent no
 * usable value, `values` is empty and `skipped` says why: such a reading must not be stored as a value.
 */
export interface BleReading {
  /** LOINC code as in the catalogue (panel code for blood pressure). */
  code: string;
  /** Canonical values; panels in component order (systolic, diastolic). Empty when skipped. */
  values: number[];
  /** Canonical UCUM unit. */
  unit: string;
  /** Device local time "YYYY-MM-DDTHH:MM:SS" without zone (apply the phone's zone), or null if not sent/unknown. */
  effectiveAt: string | null;
  /** The values as the device sent them, in the device's unit (UCUM). */
  original?: { values: number[]; unit: string };
  skipped?: BleSkip[];
}

export type BleDecodeResult<M> = { ok: true; readings: BleReading[]; meta: M } | { ok: false; error: string };

// Device units the catalogue does not list as input units: glucose concentration in SI base units.
// 1 kg/L = 10^6 mg/L = 10^5 mg/dL; 1 mol/L = 1000 mmol/L.
const MG_PER_DL_TO_MMOL = findMeasurement('glucose')?.inputUnits.find((u) => u.ucum === 'mg/dL')?.toCanonical;
const EXTRA_UNITS: Record<string, (v: number) => number> = {
  'kg/L': (v) => (MG_PER_DL_TO_MMOL ? MG_PER_DL_TO_MMOL(v * 100_000) : Number.NaN),
  'mol/L': (v) => v * 1000,
};

/**
 * A reading of catalogue measurement `key` from decoded device numbers in `deviceUnit`. Any special value
 * among `numbers` makes it a skipped reading. Converted values are rounded to the catalogue's decimals, as
 * on manual entry; values already in the canonical unit are kept as the device sent them.
 */
export function reading(
  key: string,
  deviceUnit: string,
  fields: Record<string, MedicalNumber>,
  effectiveAt: string | null,
): BleReading {
  const def = findMeasurement(key);
  if (!def) throw new Error(`no catalogue measurement ${key}`);
  const skipped: BleSkip[] = [];
  const device: number[] = [];
  for (const [field, n] of Object.entries(fields)) {
    if (n.ok) device.push(n.value);
    else skipped.push({ field, reason: n.reason });
  }
  const base = { code: def.loinc, unit: def.unit, effectiveAt };
  if (skipped.length > 0) return { ...base, values: [], skipped };
  const convert =
    deviceUnit === def.unit
      ? null
      : (EXTRA_UNITS[deviceUnit] ?? def.inputUnits.find((u) => u.ucum === deviceUnit)?.toCanonical);
  if (convert === undefined) throw new Error(`no conversion from ${deviceUnit} to ${def.unit}`);
  const values = convert ? device.map((v) => roundTo(convert(v), def.decimals)) : device;
  return { ...base, values, original: { values: device, unit: deviceUnit } };
}

/** A reading withheld for a reason other than a special value. */
export function skippedReading(key: string, effectiveAt: string | null, skipped: BleSkip[]): BleReading {
  const def = findMeasurement(key);
  if (!def) throw new Error(`no catalogue measurement ${key}`);
  return { code: def.loinc, unit: def.unit, effectiveAt, values: [], skipped };
}

/** Runs a decoder so that it never throws: any unexpected error becomes `ok: false`. */
export function protect<M>(characteristic: string, decode: () => BleDecodeResult<M>): BleDecodeResult<M> {
  try {
    return decode();
  } catch (e) {
    const why = e instanceof OutOfBoundsError ? 'truncated' : 'could not be decoded';
    return { ok: false, error: `${characteristic}: ${why} (${e instanceof Error ? e.message : String(e)})` };
  }
}

export const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });
