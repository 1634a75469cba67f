// Client for the run-in routes (docs/api.md, "Run-in"; docs/care-plans.md "Run-in").
import { type Lang, type Thresholds, valueName } from '@hemma/core';
import type { TFunction } from 'i18next';
import { request } from '../api';
import type { WorkItem } from './workspaceApi';

export type RunInStatus = 'pending' | 'accepted' | 'rejected' | 'superseded' | 'unchanged' | 'insufficient';

export interface RunInProposal {
  id: string;
  enrolmentId: string;
  code: string;
  status: RunInStatus;
  current: Thresholds | null;
  proposed: Thresholds | null;
  accepted: Thresholds | null;
  usual: number | null;
  spread: number | null;
  readingsUsed: number;
  daysUsed: number;
  minReadings: number;
  minDays: number;
  usualBeyondRed: boolean;
  runInFrom: string;
  runInTo: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

const base = (patientId: string) => `/api/staff/patients/${encodeURIComponent(patientId)}/run-in`;

export const runInApi = {
  list: (patientId: string, signal?: AbortSignal) =>
    request<{ proposals: RunInProposal[] }>('GET', base(patientId), { signal }),
  accept: (patientId: string, id: string, body: { thresholds?: Thresholds; note?: string }) =>
    request<{ proposal: RunInProposal }>('POST', `${base(patientId)}/${encodeURIComponent(id)}/accept`, {
      body,
    }),
  reject: (patientId: string, id: string, reason?: string) =>
    request<{ proposal: RunInProposal }>('POST', `${base(patientId)}/${encodeURIComponent(id)}/reject`, {
      body: reason ? { reason } : {},
    }),
};

/** The worklist line of a patient with run-in proposals waiting (the server's `proposal` item). */
export function runInWorkItemReason(item: WorkItem, t: TFunction, lang: Lang): string {
  const r = item.reasons[0] as unknown as { codes?: string[]; reviewPlan?: boolean } | undefined;
  const names = (r?.codes ?? []).map((c) => valueName(c, lang)).join(', ');
  const text = t('runin.worklist.reason', { names });
  return r?.reviewPlan ? `${text} – ${t('runin.worklist.reviewPlan')}` : text;
}
