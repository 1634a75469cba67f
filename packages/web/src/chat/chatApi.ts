// Client for the chat API (docs/communication.md).
import { ApiError, query, request } from '../api';

export type MessageKind = 'text' | 'note' | 'video' | 'visit-request';

export interface ThreadSummary {
  id: string;
  patientId: string;
  patientName?: string;
  unitId: string;
  unitName: string;
  subject: string;
  status: 'open' | 'closed';
  assignedTo: { id: string; name: string } | null;
  lastMessageAt: string;
  unread: number;
}

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface Delivery {
  channel: 'in-app' | 'push' | 'email' | 'sms';
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
}

export interface ChatMessage {
  id: string;
  kind: MessageKind;
  side: 'patient' | 'staff';
  authorName: string;
  mine: boolean;
  body: string;
  videoUrl: string | null;
  observationId: string | null;
  alertId: string | null;
  attachments: Attachment[];
  createdAt: string;
  read: boolean;
  /** Staff only: how the notification about this message reached the patient. */
  delivery?: Delivery[];
}

export interface Template {
  id: string;
  unitId: string;
  locale: 'sv' | 'en';
  title: string;
  body: string;
}

export type InboxView = 'all' | 'unread' | 'mine' | 'unassigned';

const enc = encodeURIComponent;

export const chatApi = {
  threads: (filter: { view?: InboxView; unit?: string }, signal?: AbortSignal) =>
    request<{ threads: ThreadSummary[] }>('GET', `/api/chat/threads${query(filter)}`, { signal }),
  unread: (signal?: AbortSignal) =>
    request<{ threads: number; messages: number }>('GET', '/api/chat/unread', { signal }),
  thread: (id: string, signal?: AbortSignal) =>
    request<{ thread: ThreadSummary; messages: ChatMessage[] }>('GET', `/api/chat/threads/${enc(id)}`, {
      signal,
    }),
  createThread: (
    body: { subject: string; body: string; patientId?: string; alertId?: string; observationId?: string },
    idempotencyKey: string,
  ) =>
    request<{ threadId: string; messageId: string }>('POST', '/api/chat/threads', { body, idempotencyKey }),
  send: (
    threadId: string,
    body: { kind?: MessageKind; body?: string; attachmentIds?: string[] },
    idempotencyKey: string,
  ) =>
    request<{ id: string }>('POST', `/api/chat/threads/${enc(threadId)}/messages`, { body, idempotencyKey }),
  assign: (threadId: string, accountId: string | null) =>
    request<ThreadSummary>('PUT', `/api/chat/threads/${enc(threadId)}/assignee`, { body: { accountId } }),
  unitStaff: (unitId: string, signal?: AbortSignal) =>
    request<{ staff: { id: string; name: string }[] }>('GET', `/api/chat/units/${enc(unitId)}/staff`, {
      signal,
    }),
  templates: (locale?: 'sv' | 'en', signal?: AbortSignal) =>
    request<{ templates: Template[] }>('GET', `/api/chat/templates${query({ locale })}`, { signal }),
  saveTemplate: (t: Omit<Template, 'id'> & { id?: string }) =>
    t.id
      ? request<Template>('PUT', `/api/chat/templates/${enc(t.id)}`, {
          body: { unitId: t.unitId, locale: t.locale, title: t.title, body: t.body },
        })
      : request<Template>('POST', '/api/chat/templates', { body: t }),
  deleteTemplate: (id: string) => request<void>('DELETE', `/api/chat/templates/${enc(id)}`),

  /** Sends the file's bytes as they are; the server checks the type by content and the size. */
  async upload(threadId: string, file: File): Promise<Attachment> {
    let response: Response;
    try {
      response = await fetch(`/api/chat/threads/${enc(threadId)}/attachments`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': file.type || 'application/octet-stream',
          'X-Requested-With': 'hemma',
          'X-Filename': enc(file.name),
          Accept: 'application/json, application/problem+json',
        },
        body: file,
      });
    } catch (e) {
      throw new ApiError(0, 'network', e instanceof Error ? e.message : undefined);
    }
    const data = (await response.json().catch(() => ({}))) as Attachment & {
      title?: string;
      detail?: string;
    };
    if (!response.ok) throw new ApiError(response.status, data.title ?? response.statusText, data.detail);
    return data;
  },
};

export const attachmentUrl = (id: string) => `/api/chat/attachments/${enc(id)}`;
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_ACCEPT = 'image/png,image/jpeg,application/pdf';
