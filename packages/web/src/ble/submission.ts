// Turns decoded device readings into what the patient confirms and the app sends: one submission per
// reading, with the device identity and an idempotency key derived from the reading itself, so fetching a
// meter's stored records again stores nothing twice.
import { type MeasurementInput, measurementForValueCode, sourceKey } from '@hemma/core';
import type { DeviceInfo, MeasurementsBody } from '../apiTypes';
import type { DeviceIdentity, DeviceReading } from './session';

export interface PreparedValue {
  key: string;
  body: MeasurementsBody;
  /** The device's clock was missing or ahead of now: the time of receipt is used instead. */
  timeFromPhone: boolean;
}

export type SkipReason = 'control-solution' | 'no-value';

export interface Prepared {
  values: PreparedValue[];
  skipped: { reason: SkipReason; detail?: string }[];
}

// A device clock a few minutes fast is tolerated by the server; further ahead it is wrong.
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function deviceInfo(identity: DeviceIdentity): DeviceInfo | undefined {
  const info: DeviceInfo = {};
  if (identity.manufacturer) info.manufacturer = identity.manufacturer;
  if (identity.model) info.model = identity.model;
  if (identity.serial) info.serial = identity.serial;
  return Object.keys(info).length > 0 ? info : undefined;
}

function measurementsOf(reading: DeviceReading): MeasurementInput[] {
  const panels = new Map<string, { code: string; value: number; unit: string }[]>();
  const out: MeasurementInput[] = [];
  for (const o of reading.result.observations) {
    if (o.value === undefined) continue;
    const def = measurementForValueCode(o.code);
    if (!def) continue;
    if (def.components?.length) {
      const parts = panels.get(def.loinc) ?? [];
      parts.push({ code: o.code, value: o.value, unit: o.unit });
      panels.set(def.loinc, parts);
    } else out.push({ code: def.loinc, value: o.value, unit: o.unit });
  }
  for (const [code, parts] of panels) {
    const def = measurementForValueCode(parts[0]?.code ?? '');
    // A panel is stored only whole (systolic without diastolic is not a blood pressure).
    if (def?.components?.every((c) => parts.some((p) => p.code === c.loinc))) {
      out.unshift({ code, components: parts });
    }
  }
  return out;
}

/** Device local time "YYYY-MM-DDTHH:MM:SS" is read in the phone's time zone. */
function effectiveAt(reading: DeviceReading, now: Date): { at: string; fromPhone: boolean } {
  const local = reading.result.effectiveTime;
  const parsed = local ? new Date(local) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    return { at: reading.receivedAt, fromPhone: true };
  }
  return { at: parsed.toISOString(), fromPhone: false };
}

export function prepareReadings(
  readings: DeviceReading[],
  identity: DeviceIdentity,
  now = new Date(),
): Prepared {
  const prepared: Prepared = { values: [], skipped: [] };
  const device = deviceInfo(identity);
  for (const reading of readings) {
    if (reading.result.details.controlSolution === true) {
      // Control solution checks the meter, not the patient: never a patient value.
      prepared.skipped.push({ reason: 'control-solution' });
      continue;
    }
    const measurements = measurementsOf(reading);
    if (measurements.length === 0) {
      const absent = reading.result.observations.find((o) => o.dataAbsentReason)?.dataAbsentReason;
      prepared.skipped.push({ reason: 'no-value', ...(absent ? { detail: absent } : {}) });
      continue;
    }
    const { at, fromPhone } = effectiveAt(reading, now);
    const key = sourceKey('ble', [
      identity.manufacturer,
      identity.model,
      identity.serial,
      reading.characteristic,
      reading.hex,
      // Without a device time two equal readings would look the same: the receipt time tells them apart.
      reading.result.effectiveTime ? '' : reading.receivedAt,
    ]);
    prepared.values.push({
      key,
      body: { measurements, effectiveAt: at, ...(device ? { device } : {}) },
      timeFromPhone: fromPhone,
    });
  }
  return prepared;
}
