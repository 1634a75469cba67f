// Client for the care-plan and protocol routes (docs/api.md, "Care plans, protocols and due today").
import type {
  Localized,
  MonitoringKind,
  PlanActivity,
  PlanConflict,
  Protocol,
  ScheduleEntry,
  Thresholds,
} from '@hemma/core';
import { request } from '../api';

export interface ProtocolSummary {
  id: string;
  currentVersion: number;
  builtin: boolean;
  retired: boolean;
  title: Localized;
  description: Localized;
  activityCount: number;
  updatedAt: string;
}

export interface ProtocolVersionView {
  id: string;
  version: number;
  currentVersion: number;
  builtin: boolean;
  protocol: Protocol;
  note: string | null;
  createdAt: string;
  createdBy: string | null;
  versions: { version: number; createdAt: string; createdBy: string | null; note: string | null }[];
}

export type GoalStatus = 'active' | 'achieved' | 'not-achieved' | 'cancelled';
export interface Contract {
  goals: { id?: string; text: string; status: GoalStatus; targetDate: string | null }[];
  agreements: { id?: string; text: string; responsible: 'patient' | 'care' }[];
  contacts: { name: string; role: string; phone: string | null }[];
  nextFollowUp: string | null;
}

export interface EnrolmentView {
  id: string;
  careUnitId: string;
  careUnitName: string;
  kind: MonitoringKind;
  status: 'active' | 'finished';
  responseTimeHours: number | null;
  shareFrom: string | null;
  startedAt: string;
  protocols: { id: string; version: number; title: Localized }[];
  participants: { careUnitId: string; careUnitName: string; role: string; addedAt: string }[];
}

export interface CarePlanView {
  id: string | null;
  monitoringKind: MonitoringKind | null;
  activities: PlanActivity[];
  thresholds: Record<string, Thresholds>;
  conflicts: PlanConflict[];
  contract: Contract;
  enrolments: EnrolmentView[];
}

export interface TodayItem {
  activityId: string;
  kind: 'measurement' | 'questionnaire';
  code: string;
  questionnaire: string | null;
  title: Localized;
  instructions: Localized;
  due: string;
  dueLocal: string;
  readings: number;
  received: number;
  status: 'done' | 'upcoming' | 'due' | 'missed';
}

export interface Adherence {
  activityId: string;
  expected: number;
  received: number;
  percent: number;
}

export interface TodayView {
  date: string;
  timeZone: string;
  items: TodayItem[];
  adherence: { days: number; overall: Adherence; byActivity: Adherence[] } | null;
}

export interface PatientPlan {
  monitoringKind: MonitoringKind | null;
  contract: Contract;
  activities: {
    id: string;
    kind: string;
    code: string;
    title: Localized;
    instructions: Localized;
    schedule: ScheduleEntry[];
  }[];
  enrolments: {
    id: string;
    careUnitName: string;
    kind: MonitoringKind;
    shareFrom: string | null;
    protocols: { id: string; title: Localized }[];
    participants: { careUnitName: string; role: string }[];
  }[];
}

const enc = encodeURIComponent;

export const plansApi = {
  protocols: (signal?: AbortSignal) =>
    request<{ protocols: ProtocolSummary[] }>('GET', '/api/protocols', { signal }),
  protocol: (id: string, signal?: AbortSignal) =>
    request<ProtocolVersionView>('GET', `/api/protocols/${enc(id)}`, { signal }),
  saveProtocol: (id: string, protocol: Protocol, baseVersion: number, note: string) =>
    request<ProtocolVersionView>('PUT', `/api/protocols/${enc(id)}`, {
      body: { protocol, baseVersion, ...(note ? { note } : {}) },
    }),
  createProtocol: (protocol: Protocol, note: string) =>
    request<ProtocolVersionView>('POST', '/api/protocols', { body: { protocol, ...(note ? { note } : {}) } }),
  careUnits: (signal?: AbortSignal) =>
    request<{ careUnits: { id: string; name: string; region: string }[] }>('GET', '/api/plans/care-units', {
      signal,
    }),
  staffPlan: (patientId: string, signal?: AbortSignal) =>
    request<{ plan: CarePlanView; today: TodayView }>('GET', `/api/staff/patients/${enc(patientId)}/plan`, {
      signal,
    }),
  enrol: (
    patientId: string,
    body: { careUnitId: string; protocols: string[]; kind: MonitoringKind; responseTimeHours?: number },
  ) => request<{ plan: CarePlanView }>('POST', `/api/staff/patients/${enc(patientId)}/enrolments`, { body }),
  updateEnrolment: (
    patientId: string,
    enrolmentId: string,
    body: { status?: 'finished'; kind?: MonitoringKind; responseTimeHours?: number | null },
  ) =>
    request<{ plan: CarePlanView }>(
      'PATCH',
      `/api/staff/patients/${enc(patientId)}/enrolments/${enc(enrolmentId)}`,
      { body },
    ),
  addParticipant: (patientId: string, enrolmentId: string, careUnitId: string, role: string) =>
    request<{ plan: CarePlanView }>(
      'POST',
      `/api/staff/patients/${enc(patientId)}/enrolments/${enc(enrolmentId)}/participants`,
      { body: { careUnitId, role } },
    ),
  saveContract: (patientId: string, contract: Contract) =>
    request<{ plan: CarePlanView }>('PUT', `/api/staff/patients/${enc(patientId)}/plan/contract`, {
      body: contract,
    }),
  myPlan: (signal?: AbortSignal) => request<{ plan: PatientPlan }>('GET', '/api/patient/plan', { signal }),
  today: (signal?: AbortSignal) => request<TodayView>('GET', '/api/patient/today', { signal }),
};
