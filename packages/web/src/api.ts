// Small typed client for the app API (docs/api.md). Same-origin cookie session; problem+json errors.
import type { ValidationIssue } from '@hemma/core';
import type {
  Alert,
  LoginResult,
  Me,
  MeasurementResult,
  MeasurementsBody,
  Observation,
  PatientDetail,
  PatientSummary,
  ThresholdEntry,
  WorklistItem,
} from './apiTypes';
import { takeEarly } from './shared/earlyFetch';

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: ValidationIssue[];

  constructor(status: number, title: string, detail?: string, errors: ValidationIssue[] = []) {
    super(detail ?? title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }
}

/** Status 0 marks a network failure (offline, server down), so callers can offer a retry. */
export const isNetworkError = (e: unknown): boolean => e instanceof ApiError && e.status === 0;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

let unauthorizedListener: (() => void) | null = null;
/** The session can expire at any time; the auth layer registers here to fall back to the login page. */
export function onUnauthorized(listener: (() => void) | null): void {
  unauthorizedListener = listener;
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  // CSRF guard required by the server on every changing request.
  if (method !== 'GET') headers['X-Requested-With'] = 'hemma';
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  // A GET the boot module already sent (shared/earlyFetch.ts) is answered by that request.
  const early = method === 'GET' && !options.signal?.aborted ? takeEarly(path) : undefined;
  let response: Response;
  try {
    response = await (early ??
      fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      }));
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', e instanceof Error ? e.message : undefined);
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = (data ?? {}) as { title?: string; detail?: string; errors?: ValidationIssue[] };
    const error = new ApiError(
      response.status,
      problem.title ?? response.statusText,
      problem.detail,
      Array.isArray(problem.errors) ? problem.errors : [],
    );
    if (response.status === 401 && !path.startsWith('/api/auth/') && path !== '/api/me') {
      unauthorizedListener?.();
    }
    throw error;
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Builds "?a=1&b=2", skipping empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/** A fresh idempotency key. crypto.randomUUID only exists in secure contexts (https/localhost), so a
 *  getRandomValues fallback keeps plain-http intranet deployments working. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface ObservationQuery {
  code: string;
  from?: string;
  to?: string;
  limit?: number;
}

const enc = encodeURIComponent;

export const api = {
  me: (signal?: AbortSignal) => request<Me>('GET', '/api/me', { signal }),
  login: (username: string, password: string) =>
    request<LoginResult>('POST', '/api/auth/login', { body: { username, password } }),
  /** `logoutUrl`: the identity provider's logout, when the login came from one. */
  logout: () => request<{ logoutUrl?: string } | undefined>('POST', '/api/auth/logout'),
  setLocale: (locale: 'sv' | 'en') => request<void>('PUT', '/api/me/locale', { body: { locale } }),

  patient: {
    saveMeasurements: (body: MeasurementsBody, idempotencyKey: string) =>
      request<{ results: MeasurementResult[] }>('POST', '/api/patient/measurements', {
        body,
        idempotencyKey,
      }),
    observations: (q: ObservationQuery, signal?: AbortSignal) =>
      request<{ observations: Observation[] }>('GET', `/api/patient/observations${query({ ...q })}`, {
        signal,
      }),
    thresholds: (signal?: AbortSignal) =>
      request<{ thresholds: ThresholdEntry[] }>('GET', '/api/patient/thresholds', { signal }),
  },

  staff: {
    worklist: (filter: { unit?: string; severity?: string }, signal?: AbortSignal) =>
      request<{ items: WorklistItem[] }>('GET', `/api/staff/worklist${query(filter)}`, { signal }),
    patients: (q: string, signal?: AbortSignal) =>
      request<{ patients: PatientSummary[] }>('GET', `/api/staff/patients${query({ q })}`, { signal }),
    patient: (id: string, signal?: AbortSignal) =>
      request<PatientDetail>('GET', `/api/staff/patients/${enc(id)}`, { signal }),
    observations: (id: string, q: ObservationQuery, signal?: AbortSignal) =>
      request<{ observations: Observation[] }>(
        'GET',
        `/api/staff/patients/${enc(id)}/observations${query({ ...q })}`,
        { signal },
      ),
    alerts: (id: string, status: 'open' | 'acknowledged' | 'all', signal?: AbortSignal) =>
      request<{ alerts: Alert[] }>('GET', `/api/staff/patients/${enc(id)}/alerts${query({ status })}`, {
        signal,
      }),
    /** Staff entry on the patient's behalf (phone call, home visit); stored with source `staff`. */
    saveMeasurements: (id: string, body: MeasurementsBody, idempotencyKey: string) =>
      request<{ results: MeasurementResult[] }>('POST', `/api/staff/patients/${enc(id)}/measurements`, {
        body,
        idempotencyKey,
      }),
    thresholds: (id: string, signal?: AbortSignal) =>
      request<{ thresholds: ThresholdEntry[] }>('GET', `/api/staff/patients/${enc(id)}/thresholds`, {
        signal,
      }),
    setThresholds: (
      id: string,
      code: string,
      body: Pick<ThresholdEntry, 'thresholds'> & { reason: string; advice?: ThresholdEntry['advice'] },
    ) => request<ThresholdEntry>('PUT', `/api/staff/patients/${enc(id)}/thresholds/${enc(code)}`, { body }),
    acknowledge: (alertId: string, note?: string) =>
      request<Alert>('POST', `/api/staff/alerts/${enc(alertId)}/acknowledge`, {
        body: note ? { note } : {},
      }),
  },
};

export const STAFF_EVENTS_URL = '/api/staff/events';
