// Shapes of the app API (docs/api.md). The domain pieces come from @hemma/core; these are the
// HTTP-level wrappers that only the web app needs.
import type { AlertReason, Evaluation, Lang, MeasurementInput, Severity, Thresholds } from '@hemma/core';

export type Role = 'patient' | 'nurse' | 'physician' | 'admin';

export interface Me {
  id: string;
  role: Role;
  displayName: string;
  locale: Lang;
  units: { id: string; name: string }[];
  patientId?: string;
}

export interface Observation {
  id: string;
  code: string;
  values: number[];
  unit: string;
  effectiveAt: string;
  receivedAt: string;
  status: 'preliminary' | 'final' | 'amended' | 'entered-in-error';
  source: 'patient-app' | 'staff' | 'device' | 'fhir-client' | 'sms' | 'import';
  enteredBy?: { role: string; displayName: string } | null;
  severity: Severity;
}

export interface MeasurementResult {
  observation: Observation;
  evaluation: Evaluation;
}

export interface MeasurementsBody {
  measurements: MeasurementInput[];
  effectiveAt?: string;
}

export interface ThresholdEntry {
  code: string;
  thresholds: Thresholds;
  isDefault: boolean;
  reason?: string | null;
  changedBy?: string | null;
  changedAt?: string | null;
}

export interface Alert {
  id: string;
  patientId: string;
  observationId: string;
  severity: 'yellow' | 'red';
  reasons: AlertReason[];
  status: 'open' | 'acknowledged';
  createdAt: string;
  acknowledgedAt?: string | null;
  acknowledgedBy?: string | null;
  note?: string | null;
}

export interface WorklistItem {
  alertId: string;
  patientId: string;
  patientName: string;
  personnummer: string;
  unitId: string;
  severity: 'yellow' | 'red';
  reasons: AlertReason[];
  createdAt: string;
  observationId: string;
}

export interface AlertUpdatedEvent {
  alertId: string;
  status: 'open' | 'acknowledged';
  acknowledgedBy?: string;
}

export interface PatientSummary {
  id: string;
  name: string;
  personnummer: string;
  conditions: string[];
  openAlerts: number;
  worstSeverity: Severity;
}

export interface Enrolment {
  unitId: string;
  unitName: string;
  condition: string;
  kind: 'self-initiated' | 'recommended' | 'prescribed';
  since: string;
}

export interface PatientDetail extends PatientSummary {
  birthDate: string;
  enrolments: Enrolment[];
  measurementCodes: string[];
}

export const STAFF_ROLES: readonly Role[] = ['nurse', 'physician', 'admin'];
export const isStaff = (me: Me | null | undefined): boolean => !!me && STAFF_ROLES.includes(me.role);
