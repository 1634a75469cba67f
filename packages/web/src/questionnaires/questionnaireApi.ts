// Client for the questionnaire routes (docs/api.md, "Questionnaires").
import type { Questionnaire, QuestionnaireResponse, ResponseItem, Severity } from '@hemma/core';
import { request } from '../api';

export interface QuestionnaireSummary {
  id: string;
  url: string;
  version: string;
  title: { sv: string; en: string };
  licensed: boolean;
  available: boolean;
}

export interface StoredResponse {
  id: string;
  questionnaire: string;
  questionnaireVersion: string;
  authoredAt: string;
  receivedAt: string;
  total: number | null;
  band: string | null;
  flags: string[];
  severity: Severity;
  items: ResponseItem[];
}

export interface SubmitResult {
  response: StoredResponse;
  score: { total: number | null; band: string | null; flags: string[] };
}

export const questionnaireApi = {
  list: (signal?: AbortSignal) =>
    request<{ questionnaires: QuestionnaireSummary[] }>('GET', '/api/questionnaires', { signal }),
  get: (id: string, signal?: AbortSignal) =>
    request<Questionnaire>('GET', `/api/questionnaires/${encodeURIComponent(id)}`, { signal }),
  submit: (body: QuestionnaireResponse, idempotencyKey: string) =>
    request<SubmitResult>('POST', '/api/patient/questionnaire-responses', { body, idempotencyKey }),
  staffResponses: (patientId: string, signal?: AbortSignal) =>
    request<{ responses: StoredResponse[] }>(
      'GET',
      `/api/staff/patients/${encodeURIComponent(patientId)}/questionnaire-responses`,
      { signal },
    ),
};
