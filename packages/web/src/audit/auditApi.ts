// Log follow-up (unit and system administrators) and the patient's own access log.
import { query, request } from '../api';

export interface AuditEvent {
  id: string;
  /** null until the row is sealed into the hash chain (within a minute). */
  seq: string | null;
  at: string;
  patientId: string | null;
  actorId: string | null;
  actorName: string | null;
  actorRole: string;
  unitName: string | null;
  action: string;
  purpose: string;
  followUp: boolean;
  remoteAddr: string | null;
}
export interface StaffSummary {
  id: string;
  name: string;
  role: string;
  accesses: number;
  patients: number;
  outsideOwnUnits: number;
  emergencyAccesses: number;
  unusualVolume: boolean;
}
export interface EmergencyAccessEntry {
  id: string;
  patientId: string;
  patientName: string;
  staffName: string;
  reason: string;
  startedAt: string;
  expiresAt: string;
  reviewedAt: string | null;
  reviewNote: string | null;
  accesses: number;
}
export interface PatientAccess {
  at: string;
  unitName: string | null;
  role: string;
  purpose: string;
}

const enc = encodeURIComponent;

export const auditApi = {
  findPatient: (personnummer: string) =>
    request<{ patientId: string; name: string }>('POST', '/api/audit/patient-lookup', {
      body: { personnummer },
    }),
  patientEvents: (id: string, days: number, signal?: AbortSignal) =>
    request<{ events: AuditEvent[] }>('GET', `/api/audit/patients/${enc(id)}/events${query({ days })}`, {
      signal,
    }),
  staff: (days: number, signal?: AbortSignal) =>
    request<{ staff: StaffSummary[]; unusualAbove: number }>('GET', `/api/audit/staff${query({ days })}`, {
      signal,
    }),
  staffEvents: (id: string, days: number, signal?: AbortSignal) =>
    request<{ name: string; role: string; events: AuditEvent[] }>(
      'GET',
      `/api/audit/staff/${enc(id)}${query({ days })}`,
      { signal },
    ),
  emergency: (status: 'unreviewed' | 'all', signal?: AbortSignal) =>
    request<{ accesses: EmergencyAccessEntry[] }>('GET', `/api/audit/emergency-access${query({ status })}`, {
      signal,
    }),
  review: (id: string, note: string) =>
    request<void>('POST', `/api/audit/emergency-access/${enc(id)}/review`, { body: { note } }),
  sample: (days: number, size: number, signal?: AbortSignal) =>
    request<{ events: AuditEvent[] }>('GET', `/api/audit/sample${query({ days, size })}`, { signal }),
  exportUrl: (params: { days: number; patientId?: string; actorId?: string }) =>
    `/api/audit/export.csv${query(params)}`,
  myAccessLog: (signal?: AbortSignal) =>
    request<{ accesses: PatientAccess[] }>('GET', '/api/patient/access-log', { signal }),
};
