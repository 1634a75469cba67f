import type { ObservationStatus, Severity, Source, StoredObservation } from '@hemma/core';
import { toIso } from '../db/database';

export const OBSERVATION_COLUMNS = `o.patient_id, o.id, o.code, o.effective_at, o.received_at, o.value, o.value2, o.unit,
  o.status, o.source, o.severity, o.identifier_system, o.identifier_value, o.device_id, o.entered_by`;

export interface ObservationRow {
  patient_id: string;
  id: string;
  code: string;
  effective_at: Date;
  received_at: Date;
  value: number;
  value2: number | null;
  unit: string;
  status: ObservationStatus;
  source: Source;
  severity: Severity;
  identifier_system: string | null;
  identifier_value: string | null;
  device_id: string | null;
  entered_by: string | null;
}

export function rowToObservation(r: ObservationRow): StoredObservation & { severity: Severity } {
  return {
    id: r.id,
    patientId: r.patient_id,
    code: r.code,
    values: r.value2 == null ? [r.value] : [r.value, r.value2],
    unit: r.unit,
    effectiveAt: toIso(r.effective_at)!,
    receivedAt: toIso(r.received_at)!,
    status: r.status,
    source: r.source,
    severity: r.severity,
    identifier: r.identifier_value ? { system: r.identifier_system, value: r.identifier_value } : null,
    deviceId: r.device_id,
  };
}
