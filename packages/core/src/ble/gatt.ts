// The app-facing contract fixed in issue 7 part 4: one observation per value, special values and withheld
// values as FHIR data-absent-reason codes (http://hl7.org/fhir/R4/codesystem-data-absent-reason.html).
import { findMeasurement } from '../catalogue';
import type { BleReading, SkipReason } from './reading';
import { decodeCharacteristic } from './registry';

export interface GattObservation {
  /** LOINC: component codes for blood pressure (8480-6, 8462-4), else the measurement code. */
  code: string;
  value?: number;
  /** Canonical UCUM unit. */
  unit: string;
  dataAbsentReason?: string;
  original?: { value: number; unit: string };
}

export type GattDecodeResult =
  | {
      ok: true;
      observations: GattObservation[];
      effectiveTime?: string | null;
      details: Record<string, unknown>;
    }
  | { ok: false; error: string };

const ABSENT: Record<SkipReason, string> = {
  nan: 'not-a-number',
  'positive-infinity': 'positive-infinity',
  'negative-infinity': 'negative-infinity',
  nres: 'error',
  reserved: 'error',
  'measurement-unsuccessful': 'error',
  'invalid-measurement': 'error',
  'no-sensor-contact': 'not-performed',
  'measurement-unavailable': 'temp-unknown',
  'demonstration-data': 'not-applicable',
  'test-data': 'not-applicable',
};

function observations(r: BleReading): GattObservation[] {
  const skip = r.skipped?.[0];
  if (skip) return [{ code: r.code, unit: r.unit, dataAbsentReason: ABSENT[skip.reason] ?? 'error' }];
  const components = findMeasurement(r.code)?.components;
  return r.values.map((value, i) => {
    const original = r.original?.values[i];
    return {
      code: components?.[i]?.loinc ?? r.code,
      value,
      unit: r.unit,
      ...(original === undefined || !r.original
        ? {}
        : { original: { value: original, unit: r.original.unit } }),
    };
  });
}

/**
 * Decodes a GATT characteristic value (uuid as 16-bit number, "2a35" or the full 128-bit form) into
 * observations in canonical units. Control-solution glucose gives no observations (details.controlSolution).
 * Never throws.
 */
export function decodeGattCharacteristic(uuid: string | number, bytes: Uint8Array): GattDecodeResult {
  const decoded = decodeCharacteristic(uuid, bytes);
  if (!decoded.ok) return decoded;
  const { readings, meta } = decoded;
  const effectiveTime = readings.find((r) => r.effectiveAt !== null)?.effectiveAt ?? null;
  const skipped = readings.flatMap((r) => r.skipped ?? []);
  return {
    ok: true,
    observations: readings.flatMap(observations),
    effectiveTime,
    details: { ...meta, ...(skipped.length ? { skipped } : {}) },
  };
}
