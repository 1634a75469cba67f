import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Database, Queryable } from '../db/database';
import { badRequest, HttpProblem, notFound } from '../http/problem';
import { enqueueNotification } from '../notifications/outbox';
import type { Participant, ThreadRef } from './participant';

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

// Messages the participant's side has not read: for the patient the care unit's (never notes), for
// the unit the patient's.
const UNREAD_SQL = `(SELECT count(*) FROM chat_message m WHERE m.patient_id = t.patient_id AND m.thread_id = t.id
    AND m.author_side <> $SIDE AND m.kind <> 'note'
    AND (CASE WHEN $SIDE = 'patient' THEN t.patient_read_up_to ELSE t.unit_read_up_to END IS NULL
      OR m.id > CASE WHEN $SIDE = 'patient' THEN t.patient_read_up_to ELSE t.unit_read_up_to END))`;

const unreadSql = (sideParam: string) => UNREAD_SQL.replaceAll('$SIDE', sideParam);

export async function listThreads(
  db: Queryable,
  who: Participant,
  filter: { unitId?: string; view?: 'all' | 'unread' | 'mine' | 'unassigned' } = {},
): Promise<ThreadSummary[]> {
  const params: unknown[] = [who.side];
  let where: string;
  if (who.side === 'patient') {
    params.push(who.patientId);
    where = 't.patient_id = $2';
  } else {
    params.push(filter.unitId ? who.unitIds.filter((u) => u === filter.unitId) : who.unitIds);
    // Staff see conversations of patients actively enrolled at the unit (the care relationship).
    where = `t.care_unit_id = ANY($2::uuid[]) AND EXISTS (SELECT 1 FROM enrolment e WHERE e.patient_id = t.patient_id
      AND e.care_unit_id = t.care_unit_id AND e.status = 'active')`;
    if (filter.view === 'mine') {
      params.push(who.accountId);
      where += ` AND t.assigned_to = $${params.length}`;
    } else if (filter.view === 'unassigned') where += ' AND t.assigned_to IS NULL';
  }
  const { rows } = await db.query<{
    id: string;
    patient_id: string;
    patient_name: string;
    unit_id: string;
    unit_name: string;
    subject: string;
    status: 'open' | 'closed';
    assigned_id: string | null;
    assigned_name: string | null;
    last_message_at: string;
    unread: number;
  }>(
    `SELECT t.id, t.patient_id, p.given_name || ' ' || p.family_name AS patient_name, t.care_unit_id AS unit_id,
       cu.name AS unit_name, t.subject, t.status, t.assigned_to AS assigned_id, a.display_name AS assigned_name,
       t.last_message_at, ${unreadSql('$1')} AS unread
     FROM chat_thread t
     JOIN patient p ON p.id = t.patient_id
     JOIN care_unit cu ON cu.id = t.care_unit_id
     LEFT JOIN account a ON a.id = t.assigned_to
     WHERE ${where}
     ORDER BY t.last_message_at DESC LIMIT 200`,
    params,
  );
  return rows
    .filter((r) => filter.view !== 'unread' || r.unread > 0)
    .map((r) => ({
      id: r.id,
      patientId: r.patient_id,
      ...(who.side === 'staff' ? { patientName: r.patient_name } : {}),
      unitId: r.unit_id,
      unitName: r.unit_name,
      subject: r.subject,
      status: r.status,
      assignedTo: r.assigned_id ? { id: r.assigned_id, name: r.assigned_name! } : null,
      lastMessageAt: r.last_message_at,
      unread: r.unread,
    }));
}

/** Conversations with something unread for the participant's side (the nav badge). */
export async function unreadCount(
  db: Queryable,
  who: Participant,
): Promise<{ threads: number; messages: number }> {
  const threads = await listThreads(db, who);
  return {
    threads: threads.filter((t) => t.unread > 0).length,
    messages: threads.reduce((n, t) => n + t.unread, 0),
  };
}

export interface MessageView {
  id: string;
  kind: MessageKind;
  side: 'patient' | 'staff';
  authorName: string;
  mine: boolean;
  body: string;
  videoUrl: string | null;
  observationId: string | null;
  alertId: string | null;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
  createdAt: string;
  /** The other side has seen it (read receipt). Notes have none. */
  read: boolean;
}

export async function threadDetail(db: Queryable, who: Participant, ref: ThreadRef) {
  const [thread] = await listThreadsById(db, who, ref);
  const { rows } = await db.query<{
    id: string;
    kind: MessageKind;
    author_side: 'patient' | 'staff';
    author_account_id: string;
    author_name: string;
    body: string;
    video_url: string | null;
    observation_id: string | null;
    alert_id: string | null;
    created_at: string;
    read: boolean;
  }>(
    `SELECT m.id, m.kind, m.author_side, m.author_account_id, a.display_name AS author_name, m.body, m.video_url,
       m.observation_id, m.alert_id, m.created_at,
       (m.kind <> 'note' AND CASE WHEN m.author_side = 'patient' THEN t.unit_read_up_to ELSE t.patient_read_up_to END
         >= m.id) AS read
     FROM chat_message m
     JOIN chat_thread t ON t.patient_id = m.patient_id AND t.id = m.thread_id
     JOIN account a ON a.id = m.author_account_id
     WHERE m.patient_id = $1 AND m.thread_id = $2 ${who.side === 'patient' ? "AND m.kind <> 'note'" : ''}
     ORDER BY m.id`,
    [ref.patientId, ref.id],
  );
  const attachments = await db.query<{
    id: string;
    message_id: string;
    filename: string;
    content_type: string;
    size: number;
  }>(
    `SELECT id, message_id, filename, content_type, size FROM chat_attachment
     WHERE patient_id = $1 AND thread_id = $2 AND message_id IS NOT NULL ORDER BY id`,
    [ref.patientId, ref.id],
  );
  const messages: MessageView[] = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    side: r.author_side,
    authorName: r.author_name,
    mine: r.author_account_id === who.accountId,
    body: r.body,
    videoUrl: r.video_url,
    observationId: r.observation_id,
    alertId: r.alert_id,
    attachments: attachments.rows
      .filter((a) => a.message_id === r.id)
      .map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size })),
    createdAt: r.created_at,
    read: Boolean(r.read),
  }));
  return { thread: thread!, messages };
}

function listThreadsById(db: Queryable, who: Participant, ref: ThreadRef) {
  return listThreads(db, { ...who, unitIds: [ref.careUnitId] }).then((all) =>
    all.filter((t) => t.id === ref.id),
  );
}

/** Moves the participant side's read marker to the newest message it can see. */
export async function markRead(db: Queryable, who: Participant, ref: ThreadRef): Promise<void> {
  if (who.side === 'patient') {
    await db.query(
      `UPDATE chat_thread t SET patient_read_up_to = (SELECT max(id::text)::uuid FROM chat_message m
         WHERE m.patient_id = t.patient_id AND m.thread_id = t.id AND m.kind <> 'note')
       WHERE patient_id = $1 AND id = $2`,
      [ref.patientId, ref.id],
    );
  } else {
    await db.query(
      `UPDATE chat_thread t SET unit_read_up_to = (SELECT max(id::text)::uuid FROM chat_message m
         WHERE m.patient_id = t.patient_id AND m.thread_id = t.id), unit_read_by = $3
       WHERE patient_id = $1 AND id = $2`,
      [ref.patientId, ref.id, who.accountId],
    );
  }
}

export interface NewMessage {
  kind: MessageKind;
  body: string;
  observationId?: string;
  alertId?: string;
  attachmentIds?: string[];
  idempotencyKey?: string;
}

/**
 * Stores a message in one transaction with everything it causes: attachments linked, the thread's
 * order and the sender's read marker moved, the patient's notification written to the outbox (staff
 * messages other than internal notes), and the audit row. A retried request with the same
 * Idempotency-Key returns the stored message.
 */
export function addMessage(
  db: Database,
  who: Participant,
  ref: ThreadRef,
  msg: NewMessage,
  opts: MessageOptions,
): Promise<StoredMessage> {
  return db
    .tx((tx) => addMessageIn(tx, who, ref, msg, opts))
    .catch((e: unknown) => {
      // Two concurrent retries with one Idempotency-Key: the loser finds the winner's message.
      if (msg.idempotencyKey && (e as { code?: string }).code === '23505') {
        return db.tx((tx) => addMessageIn(tx, who, ref, msg, opts));
      }
      throw e;
    });
}

export interface MessageOptions {
  videoUrlTemplate: string | undefined;
  now: Date;
  audit: (tx: Queryable) => Promise<void>;
}

export interface StoredMessage {
  id: string;
  created: boolean;
  kind: MessageKind;
}

/** addMessage inside the caller's transaction (a new conversation and its first message together). */
export async function addMessageIn(
  tx: Queryable,
  who: Participant,
  ref: ThreadRef,
  msg: NewMessage,
  opts: MessageOptions,
): Promise<StoredMessage> {
  if (who.side === 'patient' && msg.kind !== 'text') {
    throw new HttpProblem(
      403,
      'Forbidden',
      'Only the care unit can send notes, meeting links and visit requests.',
    );
  }
  if (msg.idempotencyKey) {
    const existing = await tx.query<{ id: string; kind: MessageKind }>(
      `SELECT id, kind FROM chat_message WHERE patient_id = $1 AND author_account_id = $2 AND idempotency_key = $3`,
      [ref.patientId, who.accountId, msg.idempotencyKey],
    );
    if (existing.rows[0]) return { ...existing.rows[0], created: false };
  }
  await checkReferences(tx, ref.patientId, msg);
  const id = uuidv7();
  let videoUrl: string | null = null;
  if (msg.kind === 'video') {
    if (!opts.videoUrlTemplate) {
      throw new HttpProblem(503, 'Video meetings not configured', 'Set HEMMA_VIDEO_URL_TEMPLATE.');
    }
    videoUrl = opts.videoUrlTemplate.replaceAll('{room}', randomBytes(12).toString('base64url'));
  }
  await tx.query(
    `INSERT INTO chat_message (patient_id, id, thread_id, kind, author_account_id, author_side, body, video_url,
       observation_id, alert_id, idempotency_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      ref.patientId,
      id,
      ref.id,
      msg.kind,
      who.accountId,
      who.side,
      msg.body,
      videoUrl,
      msg.observationId ?? null,
      msg.alertId ?? null,
      msg.idempotencyKey ?? null,
      opts.now,
    ],
  );
  if (msg.attachmentIds?.length) {
    const linked = await tx.query(
      `UPDATE chat_attachment SET message_id = $1 WHERE patient_id = $2 AND thread_id = $3
         AND uploaded_by = $4 AND message_id IS NULL AND id = ANY($5::uuid[])`,
      [id, ref.patientId, ref.id, who.accountId, msg.attachmentIds],
    );
    if (linked.rowCount !== new Set(msg.attachmentIds).size) {
      throw badRequest('An attachment was not found, or was already sent.');
    }
  }
  const visible = msg.kind !== 'note';
  await tx.query(
    `UPDATE chat_thread SET
       last_message_at = CASE WHEN $3 THEN $4 ELSE last_message_at END,
       last_patient_message_id = CASE WHEN $5 = 'patient' THEN $6::uuid ELSE last_patient_message_id END,
       last_staff_message_id = CASE WHEN $5 = 'staff' AND $3 THEN $6::uuid ELSE last_staff_message_id END,
       patient_read_up_to = CASE WHEN $5 = 'patient' THEN $6::uuid ELSE patient_read_up_to END,
       unit_read_up_to = CASE WHEN $5 = 'staff' THEN $6::uuid ELSE unit_read_up_to END,
       status = 'open'
     WHERE patient_id = $1 AND id = $2`,
    [ref.patientId, ref.id, visible, opts.now, who.side, id],
  );
  if (who.side === 'staff' && visible) {
    await enqueueNotification(tx, {
      patientId: ref.patientId,
      kind: 'message',
      dedupeKey: `message:${id}`,
      sourceMessageId: id,
      now: opts.now,
    });
  }
  await opts.audit(tx);
  return { id, created: true, kind: msg.kind };
}

/** A message may point at a measurement or an alert of the same patient only. */
async function checkReferences(tx: Queryable, patientId: string, msg: NewMessage) {
  if (msg.observationId) {
    const { rows } = await tx.query('SELECT 1 FROM observation WHERE patient_id = $1 AND id = $2', [
      patientId,
      msg.observationId,
    ]);
    if (rows.length === 0) throw badRequest('The measurement referred to was not found.');
  }
  if (msg.alertId) {
    const { rows } = await tx.query('SELECT 1 FROM alert WHERE patient_id = $1 AND id = $2', [
      patientId,
      msg.alertId,
    ]);
    if (rows.length === 0) throw badRequest('The alert referred to was not found.');
  }
}

/** Opens a conversation between a patient and one of the units the patient is enrolled at. */
export async function createThread(
  tx: Queryable,
  patientId: string,
  unitId: string,
  subject: string,
  createdBy: string,
  now: Date,
): Promise<ThreadRef> {
  const { rows } = await tx.query(
    `SELECT 1 FROM enrolment WHERE patient_id = $1 AND care_unit_id = $2 AND status = 'active'`,
    [patientId, unitId],
  );
  if (rows.length === 0) throw notFound('Care unit');
  const id = uuidv7();
  await tx.query(
    `INSERT INTO chat_thread (patient_id, id, care_unit_id, subject, created_by, created_at, last_message_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6)`,
    [patientId, id, unitId, subject, createdBy, now],
  );
  return { patientId, id, careUnitId: unitId };
}
