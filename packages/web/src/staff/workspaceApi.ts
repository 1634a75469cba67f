// Client for the clinician workspace routes (docs/workspace.md): worklist triage, overview, medications,
// notes, validation into the record and export.
import type { AlertReason, GlucoseMetrics, HomeBpSummary, WeightChange } from '@hemma/core';
import { query, request } from '../api';

export type WorkItemKind = 'alert' | 'missed' | 'message' | 'validation' | 'proposal';

export interface WorkItem {
  kind: WorkItemKind;
  key: string;
  alertId: string | null;
  threadId: string | null;
  patientId: string;
  patientName: string;
  personnummer: string;
  unitId: string;
  severity: 'red' | 'yellow' | null;
  reasons: AlertReason[];
  informational: boolean;
  count: number;
  at: string;
  assignedTo: { id: string; displayName: string } | null;
  snoozedUntil: string | null;
  snoozeReason: string | null;
}

export interface WorklistFilter {
  unit: string;
  protocol: string;
  severity: '' | 'red' | 'yellow';
  kind: '' | WorkItemKind;
  mine: boolean;
}

export interface Colleague {
  id: string;
  displayName: string;
  role: string;
}

export interface PeriodSummary {
  homeBp: HomeBpSummary | null;
  glucose: GlucoseMetrics | null;
  weightChange7d: WeightChange | null;
  adherencePercent: number;
  days: number;
}

export interface TimelineEntry {
  kind: 'value' | 'alert' | 'message' | 'plan' | 'threshold' | 'medication' | 'note';
  id: string;
  at: string;
  detail: string | null;
  values: number[] | null;
  text: string | null;
  reasons: AlertReason[] | null;
  by: string | null;
}

export interface Medication {
  id: string;
  drug: string;
  dose: string;
  startedOn: string;
  stoppedOn: string | null;
  reason: string | null;
  createdBy: string;
  createdAt: string;
}

export interface StaffNote {
  id: string;
  body: string;
  author: string;
  authorRole: string;
  createdAt: string;
}

export interface RecordValue {
  id: string;
  code: string;
  values: number[];
  unit: string;
  effectiveAt: string;
  status: 'preliminary' | 'final' | 'amended' | 'corrected' | 'entered-in-error';
  source: string;
  severity: string;
  validated: { at: string; by: string; role: string } | null;
  replacesId: string | null;
  supersededBy: string | null;
  correctionReason: string | null;
}

export interface ExportEntry {
  id: string;
  format: 'fhir-document' | 'pdf';
  from: string;
  to: string;
  by: string;
  role: string;
  sha256: string;
  at: string;
}

const enc = encodeURIComponent;
const patient = (id: string) => `/api/staff/patients/${enc(id)}`;
const period = (from: string, to: string) => query({ from, to });

/** Downloads need the CSRF header and a POST (the export is logged), so they go through fetch and a blob. */
async function download(path: string, body: object, fallbackName: string): Promise<void> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'hemma' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`export failed: ${res.status}`);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const workspaceApi = {
  worklist: (f: WorklistFilter & { cursor?: string; snoozed?: boolean }, signal?: AbortSignal) =>
    request<{ items: WorkItem[]; total: number; nextCursor: string | null }>(
      'GET',
      `/api/staff/worklist${query({
        unit: f.unit || undefined,
        protocol: f.protocol || undefined,
        severity: f.severity || undefined,
        kind: f.kind || undefined,
        mine: f.mine ? 'true' : undefined,
        snoozed: f.snoozed ? 'true' : undefined,
        cursor: f.cursor,
      })}`,
      { signal },
    ),
  colleagues: (signal?: AbortSignal) =>
    request<{ colleagues: Colleague[] }>('GET', '/api/staff/colleagues', { signal }),
  assign: (alertId: string, accountId: string | null) =>
    request<{ assignedTo: string | null }>('PUT', `/api/staff/alerts/${enc(alertId)}/assignee`, {
      body: { accountId },
    }),
  snooze: (alertId: string, until: string | null, reason?: string) =>
    request<{ snoozedUntil: string | null }>('PUT', `/api/staff/alerts/${enc(alertId)}/snooze`, {
      body: { until, ...(reason ? { reason } : {}) },
    }),
  acknowledgeInformational: (alertIds: string[]) =>
    request<{ acknowledged: string[] }>('POST', '/api/staff/alerts/acknowledge-informational', {
      body: { alertIds },
    }),
  /** Time spent on a patient from the worklist; sent with keepalive so leaving the page does not lose it. */
  handling: (body: {
    patientId: string;
    alertId?: string;
    itemKind: WorkItemKind | 'patient';
    seconds: number;
  }) =>
    fetch('/api/staff/handling', {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'hemma' },
      body: JSON.stringify(body),
    }).catch(() => undefined),
  summary: (id: string, from: string, to: string, signal?: AbortSignal) =>
    request<PeriodSummary>('GET', `${patient(id)}/summary${period(from, to)}`, { signal }),
  timeline: (id: string, from: string, to: string, signal?: AbortSignal) =>
    request<{ entries: TimelineEntry[] }>('GET', `${patient(id)}/timeline${period(from, to)}`, { signal }),
  medications: (id: string, signal?: AbortSignal) =>
    request<{ medications: Medication[] }>('GET', `${patient(id)}/medications`, { signal }),
  addMedication: (
    id: string,
    body: { drug: string; dose: string; startedOn: string; stoppedOn?: string; reason?: string },
  ) => request<Medication>('POST', `${patient(id)}/medications`, { body }),
  stopMedication: (id: string, medicationId: string, stoppedOn: string) =>
    request<Medication>('PUT', `${patient(id)}/medications/${enc(medicationId)}/stop`, {
      body: { stoppedOn },
    }),
  notes: (id: string, signal?: AbortSignal) =>
    request<{ notes: StaffNote[] }>('GET', `${patient(id)}/notes`, { signal }),
  addNote: (id: string, body: string) =>
    request<StaffNote>('POST', `${patient(id)}/notes`, { body: { body } }),
  recordValues: (id: string, from: string, to: string, signal?: AbortSignal) =>
    request<{ values: RecordValue[] }>('GET', `${patient(id)}/record-values${period(from, to)}`, { signal }),
  validate: (id: string, from: string, to: string) =>
    request<{ validated: string[] }>('POST', `${patient(id)}/validation`, { body: { from, to } }),
  correct: (
    id: string,
    observationId: string,
    body: { values?: number[]; enteredInError?: boolean; reason: string },
  ) =>
    request<{ id: string; status: string }>(
      'POST',
      `${patient(id)}/observations/${enc(observationId)}/correction`,
      {
        body,
      },
    ),
  exports: (id: string, signal?: AbortSignal) =>
    request<{ exports: ExportEntry[] }>('GET', `${patient(id)}/exports`, { signal }),
  exportRecord: (id: string, format: 'fhir-document' | 'pdf', from: string, to: string) =>
    download(`${patient(id)}/exports`, { format, from, to }, format === 'pdf' ? 'hemma.pdf' : 'hemma.json'),
};
