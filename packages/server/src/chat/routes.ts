import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { audit, checkPatientAccess } from '../access/patient-access';
import { RULES } from '../access/rules';
import { CARE_ROLES } from '../auth/actor';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { badRequest, notFound } from '../http/problem';
import { idParams } from '../http/schemas';
import type { NotificationConfig } from '../notifications/config';
import { deliveryStatus } from '../notifications/outbox';
import { checkAttachment, cleanFilename, contentDisposition, MAX_ATTACHMENT_BYTES } from './attachments';
import { chatEventStream } from './events';
import { accessibleThread, type Participant, participantOf } from './participant';
import {
  addMessage,
  addMessageIn,
  createThread,
  listThreads,
  type MessageKind,
  markRead,
  type NewMessage,
  type StoredMessage,
  threadDetail,
  unreadCount,
} from './repository';
import { templateRoutes } from './templates';

const uuid = { type: 'string', format: 'uuid' } as const;
const messageProperties = {
  body: { type: 'string', maxLength: 4000 },
  observationId: uuid,
  alertId: uuid,
  attachmentIds: { type: 'array', maxItems: 5, uniqueItems: true, items: uuid },
} as const;
// Patients, relatives with the right to message for them, and care staff; which conversation is
// decided per request (accessibleThread).
const both = { access: { roles: ['patient', 'proxy', ...CARE_ROLES], proxy: 'message' } } as const;
const care = { access: RULES.care } as const;

const idempotencyHeaders = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/**
 * Secure messaging between a patient and a care unit (docs/communication.md). Patients and staff use
 * the same routes; participantOf decides the side, accessibleThread the access (own conversation, or a
 * conversation at one's unit with a care relationship). Internal notes never reach the patient side.
 * Every read and write of a conversation is audit-logged against the patient.
 */
export async function chatRoutes(
  app: FastifyInstance,
  opts: { db: Database; bus: EventBus; notifications: NotificationConfig },
) {
  const { db, bus } = opts;
  const publish = (
    who: Participant,
    ref: { patientId: string; id: string; careUnitId: string },
    m: StoredMessage,
  ) => {
    if (m.created) {
      bus.publish('chat-message', {
        threadId: ref.id,
        patientId: ref.patientId,
        unitId: ref.careUnitId,
        messageId: m.id,
        side: who.side,
        kind: m.kind,
      });
    }
  };

  app.register(templateRoutes, { db });

  app.get(
    '/api/chat/threads',
    {
      config: both,
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { unit: uuid, view: { type: 'string', enum: ['all', 'unread', 'mine', 'unassigned'] } },
        },
      },
    },
    async (req) => {
      const who = participantOf(req);
      const q = req.query as { unit?: string; view?: 'all' | 'unread' | 'mine' | 'unassigned' };
      const threads = await listThreads(db, who, { unitId: q.unit, view: q.view });
      for (const patientId of new Set(threads.map((t) => t.patientId))) {
        await audit(db, req, patientId, 'search');
      }
      return { threads };
    },
  );

  // Counts only: no patient data, so no audit row (it is polled by every page's navigation).
  app.get(
    '/api/chat/unread',
    { config: both, schema: { querystring: { type: 'object', additionalProperties: false } } },
    (req) => unreadCount(db, participantOf(req)),
  );

  app.get(
    '/api/chat/events',
    { config: both, schema: { querystring: { type: 'object', additionalProperties: false } } },
    (req, reply) => chatEventStream(bus, participantOf(req), reply),
  );

  app.post(
    '/api/chat/threads',
    {
      config: both,
      schema: {
        headers: idempotencyHeaders,
        body: {
          type: 'object',
          required: ['subject', 'body'],
          additionalProperties: false,
          properties: {
            subject: { type: 'string', minLength: 1, maxLength: 200 },
            unitId: uuid,
            patientId: uuid,
            ...messageProperties,
            body: { type: 'string', minLength: 1, maxLength: 4000 },
          },
        },
      },
    },
    async (req, reply) => {
      const who = participantOf(req);
      const body = req.body as {
        subject: string;
        body: string;
        unitId?: string;
        patientId?: string;
      } & NewMessage;
      const patientId = who.side === 'patient' ? who.patientId! : body.patientId;
      if (!patientId) throw badRequest('patientId is required when staff start a conversation.');
      await checkPatientAccess(db, req, patientId);
      const unitId = await chooseUnit(db, who, patientId, body.unitId);
      const now = new Date();
      const { ref, message } = await db.tx(async (tx) => {
        const ref = await createThread(tx, patientId, unitId, body.subject.trim(), who.accountId, now);
        const message = await addMessageIn(
          tx,
          who,
          ref,
          { kind: 'text', body: body.body, observationId: body.observationId, alertId: body.alertId },
          {
            videoUrlTemplate: opts.notifications.videoUrlTemplate,
            now,
            audit: (q) => audit(q, req, patientId, 'create'),
          },
        );
        return { ref, message };
      });
      publish(who, ref, message);
      return reply.code(201).send({ threadId: ref.id, messageId: message.id });
    },
  );

  app.get('/api/chat/threads/:id', { config: both, schema: { params: idParams } }, async (req) => {
    const who = participantOf(req);
    const ref = await accessibleThread(db, req, who, (req.params as { id: string }).id);
    await audit(db, req, ref.patientId, 'read');
    const detail = await threadDetail(db, who, ref);
    await markRead(db, who, ref);
    if (who.side === 'patient') return detail;
    // Staff see how the notification about each of their unit's messages reached the patient.
    const status = await deliveryStatus(
      db,
      ref.patientId,
      detail.messages.filter((m) => m.side === 'staff').map((m) => m.id),
    );
    return {
      ...detail,
      messages: detail.messages.map((m) =>
        m.side === 'staff' ? { ...m, delivery: status.get(m.id) ?? [] } : m,
      ),
    };
  });

  app.post(
    '/api/chat/threads/:id/messages',
    {
      config: both,
      schema: {
        params: idParams,
        headers: idempotencyHeaders,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: ['text', 'note', 'video', 'visit-request'] },
            ...messageProperties,
          },
        },
      },
    },
    async (req, reply) => {
      const who = participantOf(req);
      const ref = await accessibleThread(db, req, who, (req.params as { id: string }).id);
      const body = req.body as Omit<NewMessage, 'kind'> & { kind?: MessageKind };
      const kind = body.kind ?? 'text';
      const text = (body.body ?? '').trim();
      // A meeting link carries itself; everything else needs words or an attachment.
      if (kind !== 'video' && !text && !body.attachmentIds?.length) {
        throw badRequest('Write a message or attach a file.');
      }
      const key = req.headers['idempotency-key'];
      const message = await addMessage(
        db,
        who,
        ref,
        { ...body, kind, body: text, idempotencyKey: typeof key === 'string' ? key : undefined },
        {
          videoUrlTemplate: opts.notifications.videoUrlTemplate,
          now: new Date(),
          audit: (q) => audit(q, req, ref.patientId, 'create'),
        },
      );
      publish(who, ref, message);
      return reply.code(message.created ? 201 : 200).send({ id: message.id });
    },
  );

  app.register(async (scope) => {
    // Only the three accepted types reach the handler as raw bytes; the handler checks the content.
    scope.addContentTypeParser(
      ['image/png', 'image/jpeg', 'application/pdf', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
      (_req, body, done) => done(null, body),
    );
    scope.post(
      '/api/chat/threads/:id/attachments',
      {
        bodyLimit: MAX_ATTACHMENT_BYTES,
        config: both,
        schema: {
          params: idParams,
          headers: {
            type: 'object',
            required: ['content-type'],
            properties: {
              'content-type': {
                type: 'string',
                enum: ['image/png', 'image/jpeg', 'application/pdf', 'application/octet-stream'],
              },
              'x-filename': { type: 'string', maxLength: 600 },
            },
          },
        },
      },
      async (req, reply) => {
        const who = participantOf(req);
        const ref = await accessibleThread(db, req, who, (req.params as { id: string }).id);
        const data = req.body;
        if (!Buffer.isBuffer(data)) throw badRequest('Send the file as the request body.');
        const type = checkAttachment(data, req.headers['content-type']);
        const filename = cleanFilename(req.headers['x-filename'] as string | undefined, type);
        const id = await db.tx(async (tx) => {
          const id = uuidv7();
          await tx.query(
            `INSERT INTO chat_attachment (patient_id, id, thread_id, uploaded_by, content_type, filename, size, data)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [ref.patientId, id, ref.id, who.accountId, type, filename, data.length, data],
          );
          await audit(tx, req, ref.patientId, 'create');
          return id;
        });
        return reply.code(201).send({ id, filename, contentType: type, size: data.length });
      },
    );
  });

  app.get('/api/chat/attachments/:id', { config: both, schema: { params: idParams } }, async (req, reply) => {
    const who = participantOf(req);
    const { rows } = await db.query<{
      thread_id: string;
      content_type: 'image/png' | 'image/jpeg' | 'application/pdf';
      filename: string;
      data: Buffer;
      uploaded_by: string;
      message_id: string | null;
      kind: MessageKind | null;
    }>(
      `SELECT a.thread_id, a.content_type, a.filename, a.data, a.uploaded_by, a.message_id, m.kind
       FROM chat_attachment a LEFT JOIN chat_message m ON m.patient_id = a.patient_id AND m.id = a.message_id
       WHERE a.id = $1`,
      [(req.params as { id: string }).id],
    );
    const row = rows[0];
    if (!row) throw notFound('Attachment');
    const ref = await accessibleThread(db, req, who, row.thread_id).catch(() => {
      throw notFound('Attachment');
    });
    // Not yet sent: only its uploader. On an internal note: never the patient.
    if (
      (!row.message_id && row.uploaded_by !== who.accountId) ||
      (row.kind === 'note' && who.side === 'patient')
    ) {
      throw notFound('Attachment');
    }
    await audit(db, req, ref.patientId, 'read');
    return reply
      .header('content-type', row.content_type)
      .header('content-disposition', contentDisposition(row.content_type, row.filename))
      .header('cache-control', 'private, no-store')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(row.data);
  });

  app.put(
    '/api/chat/threads/:id/assignee',
    {
      config: care,
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['accountId'],
          additionalProperties: false,
          properties: { accountId: { type: ['string', 'null'], format: 'uuid' } },
        },
      },
    },
    async (req) => {
      const who = participantOf(req);
      const ref = await accessibleThread(db, req, who, (req.params as { id: string }).id);
      const { accountId } = req.body as { accountId: string | null };
      if (accountId) {
        const { rows } = await db.query(
          'SELECT 1 FROM staff_membership WHERE account_id = $1 AND care_unit_id = $2',
          [accountId, ref.careUnitId],
        );
        if (rows.length === 0)
          throw badRequest('The responsible person must work at the conversation’s unit.');
      }
      await db.tx(async (tx) => {
        await tx.query('UPDATE chat_thread SET assigned_to = $3 WHERE patient_id = $1 AND id = $2', [
          ref.patientId,
          ref.id,
          accountId,
        ]);
        await audit(tx, req, ref.patientId, 'update');
      });
      const detail = await threadDetail(db, who, ref);
      return detail.thread;
    },
  );

  app.get('/api/chat/units/:id/staff', { config: care, schema: { params: idParams } }, async (req) => {
    const who = participantOf(req);
    const unitId = (req.params as { id: string }).id;
    if (!who.unitIds.includes(unitId)) throw notFound('Care unit');
    const { rows } = await db.query<{ id: string; name: string; role: string }>(
      `SELECT a.id, a.display_name AS name, a.role FROM staff_membership s JOIN account a ON a.id = s.account_id
         WHERE s.care_unit_id = $1 AND NOT a.disabled ORDER BY a.display_name`,
      [unitId],
    );
    return { staff: rows };
  });
}

/** The unit a new conversation goes to: the one asked for, or the patient's only unit. */
async function chooseUnit(
  db: Database,
  who: Participant,
  patientId: string,
  unitId?: string,
): Promise<string> {
  const { rows } = await db.query<{ care_unit_id: string }>(
    `SELECT care_unit_id FROM enrolment WHERE patient_id = $1 AND status = 'active' ORDER BY started_at`,
    [patientId],
  );
  let units = rows.map((r) => r.care_unit_id);
  if (who.side === 'staff') units = units.filter((u) => who.unitIds.includes(u));
  if (units.length === 0) throw notFound(who.side === 'staff' ? 'Patient' : 'Care unit');
  if (unitId) {
    if (!units.includes(unitId)) throw notFound('Care unit');
    return unitId;
  }
  if (units.length > 1) throw badRequest('Choose the care unit (unitId) for the conversation.');
  return units[0]!;
}
