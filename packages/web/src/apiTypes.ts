// Shapes of the app API (docs/api.md). The domain pieces come from @hemma/core; these are the
// HTTP-level wrappers that only the web app needs.
import type {
  AdviceSet,
  AlertReason,
  Evaluation,
  Lang,
  MeasurementInput,
  Severity,
  Thresholds,
} from '@hemma/core';

export type Role =
  | 'patient'
  | 'proxy'
  | 'nurse'
  | 'physician'
  | 'municipal-nurse'
  | 'unit-admin'
  | 'system-admin';

export interface Me {
  id: string;
  role: Role;
  displayName: string;
  locale: Lang;
  units: { id: string; name: string }[];
  patientId?: string;
}

/** The answer to a login step: complete, or the step that must follow (docs/identity.md). */
export type LoginResult =
  | ({ stage: 'complete' } & Me)
  | { stage: 'second-factor'; methods: ('totp' | 'passkey')[] }
  | { stage: 'enrol' };

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

/** The device a value was read from (Bluetooth Device Information), kept with the value. */
export interface DeviceInfo {
  manufacturer?: string;
  model?: string;
  serial?: string;
}

export interface MeasurementsBody {
  measurements: MeasurementInput[];
  effectiveAt?: string;
  device?: DeviceInfo;
}

export interface ThresholdEntry {
  code: string;
  thresholds: Thresholds;
  isDefault: boolean;
  /** Personal threshold, the care plan's merged limits, or the catalogue default (docs/care-plans.md). */
  source?: 'personal' | 'plan' | 'default';
  /** Personal self-care advice per level. */
  advice?: AdviceSet | null;
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

/** Staff who take part in care (the worklist, patients); administrators follow up the log instead. */
export const CARE_ROLES: readonly Role[] = ['nurse', 'physician', 'municipal-nurse'];
export const ADMIN_ROLES: readonly Role[] = ['unit-admin', 'system-admin'];
export const STAFF_ROLES: readonly Role[] = [...CARE_ROLES, ...ADMIN_ROLES];
export const isCareStaff = (me: Me | null | undefined): boolean => !!me && CARE_ROLES.includes(me.role);
export const isAdminRole = (me: Me | null | undefined): boolean => !!me && ADMIN_ROLES.includes(me.role);
export const isStaff = (me: Me | null | undefined): boolean => !!me && STAFF_ROLES.includes(me.role);
