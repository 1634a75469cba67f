// Client for the follow-up dashboard and the escalation ladders (docs/workspace.md).
import { query, request } from '../api';

export interface Dashboard {
  patients: number;
  patientsByKind: Record<string, number>;
  adherencePercent: number | null;
  alertsPer100PatientWeeks: number | null;
  medianMinutesToAcknowledgeRed: number | null;
  staffMinutesPer100PatientsPerWeek: number | null;
  outcomes: {
    homeBp: { patients: number; early: [number, number] | null; late: [number, number] | null };
    weight: { patients: number; early: number | null; late: number | null };
    glucoseTimeInRangePercent: number | null;
  };
  weeks: { week: string; alerts: number; staffMinutes: number }[];
}

export interface EscalationStep {
  afterMinutes: number;
  target: 'assigned-nurse' | 'physician-on-duty' | 'unit';
  when: 'always' | 'office-hours';
}

export interface Ladder {
  steps: EscalationStep[];
  physicianOnDuty: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
  physicians: { id: string; displayName: string }[];
}

export interface DashboardFilter {
  unit: string;
  protocol: string;
  from: string;
  to: string;
}

const params = (f: DashboardFilter) =>
  query({ unit: f.unit, protocol: f.protocol || undefined, from: f.from, to: f.to });

export const dashboardApi = {
  dashboard: (f: DashboardFilter, signal?: AbortSignal) =>
    request<Dashboard>('GET', `/api/staff/dashboard${params(f)}`, { signal }),
  csvUrl: (f: DashboardFilter) => `/api/staff/dashboard.csv${params(f)}`,
  ladder: (unitId: string, signal?: AbortSignal) =>
    request<Ladder>('GET', `/api/staff/units/${encodeURIComponent(unitId)}/escalation`, { signal }),
  saveLadder: (unitId: string, body: { steps: EscalationStep[]; physicianOnDuty: string | null }) =>
    request<Ladder>('PUT', `/api/staff/units/${encodeURIComponent(unitId)}/escalation`, { body }),
};
