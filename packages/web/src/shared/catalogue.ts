import { findMeasurement, type MeasurementDef } from '@hemma/core';

/** The values patients type in by hand, in the order the record page offers them. The rest of the
 *  catalogue (steps, FEV1, …) normally arrives from devices. */
const PATIENT_KEYS = ['bp', 'heart-rate', 'weight', 'glucose', 'spo2', 'temperature', 'pef'];
export const PATIENT_MEASUREMENTS: MeasurementDef[] = PATIENT_KEYS.map((k) => findMeasurement(k)).filter(
  (d): d is MeasurementDef => d !== undefined,
);

/** Pulse is measured by the same cuff as blood pressure, so the BP form offers it as an optional extra
 *  value, sent as a second measurement in the same request. */
export const COMPANIONS: Record<string, string> = { '85354-9': '8867-4' };
