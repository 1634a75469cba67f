import type { Lang } from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import type { Database, Queryable } from '../db/database';
import { type Channels, PermanentFailure, type Recipient } from './channels';
import { type ChannelName, deliverableAt, enabledChannels, getPreferences } from './preferences';
import { type NotificationKind, notificationText } from './texts';

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 3600_000;
/** A claimed row is retried after this if its worker died mid-delivery (at-least-once delivery). */
const CLAIM_LEASE_MS = 5 * 60_000;

/** Wait before attempt n+1 after n failed attempts: 30 s, 1 min, 2 min, … at most 6 h. */
export function backoffMs(failedAttempts: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, failedAttempts - 1));
}

export interface NotificationRequest {
  patientId: string;
  kind: NotificationKind;
  /** Unique per cause, e.g. `message:<id>` or `reminder:<patient>:<date>`; the channel is appended. */
  dedupeKey: string;
  sourceMessageId?: string;
  /** Kind-specific numbers only (e.g. how many reminders), never values or names. */
  detail?: { count?: number };
  now: Date;
}

/**
 * Writes one outbox row per channel the patient has switched on, in the caller's transaction: the
 * notification exists exactly when its cause does. Quiet hours push the first attempt to their end.
 */
export async function enqueueNotification(tx: Queryable, n: NotificationRequest): Promise<number> {
  const prefs = await getPreferences(tx, n.patientId);
  const reachable = await reachableChannels(tx, n.patientId);
  let written = 0;
  for (const channel of enabledChannels(prefs).filter((c) => reachable.has(c))) {
    const { rowCount } = await tx.query(
      `INSERT INTO notification_outbox (patient_id, id, kind, channel, source_message_id, detail, dedupe_key,
         next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        n.patientId,
        uuidv7(),
        n.kind,
        channel,
        n.sourceMessageId ?? null,
        JSON.stringify(n.detail ?? {}),
        `${n.dedupeKey}:${channel}`,
        deliverableAt(n.now, channel, prefs),
        n.now,
      ],
    );
    written += rowCount ?? 0;
  }
  return written;
}

/** Channels the patient can be reached on at all: a push subscription, a verified phone, an address.
 *  Switched-on channels without one get no outbox row (rather than a failed delivery each time). */
async function reachableChannels(tx: Queryable, patientId: string): Promise<Set<ChannelName>> {
  const { rows } = await tx.query<{ push: boolean; sms: boolean; email: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM push_subscription WHERE patient_id = $1) AS push,
       EXISTS (SELECT 1 FROM patient_phone WHERE patient_id = $1 AND verified_at IS NOT NULL) AS sms,
       EXISTS (SELECT 1 FROM notification_preference WHERE patient_id = $1 AND email_address IS NOT NULL) AS email`,
    [patientId],
  );
  const r = rows[0]!;
  return new Set<ChannelName>(['in-app', ...(['push', 'sms', 'email'] as const).filter((c) => r[c])]);
}

interface DueRow {
  patient_id: string;
  id: string;
  kind: NotificationKind;
  channel: ChannelName;
  detail: { count?: number };
  attempts: number;
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * The outbox worker: claims due rows (SKIP LOCKED, so several workers share the work), sends each
 * through its channel outside any transaction, and records the attempt. Failures are retried with
 * exponential back-off up to MAX_ATTEMPTS; a permanent failure or a channel that is not configured
 * ends the row as `failed` at once. Register it to run every few seconds (see docs/communication.md).
 */
export async function deliverDueNotifications(
  db: Database,
  now: Date,
  channels: Channels,
  opts: { publicUrl: string; limit?: number },
): Promise<DeliveryReport> {
  const due = await db.tx(async (tx) => {
    const { rows } = await tx.query<DueRow>(
      `SELECT patient_id, id, kind, channel, detail, attempts FROM notification_outbox
       WHERE status = 'pending' AND next_attempt_at <= $1
       ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, opts.limit ?? 50],
    );
    if (rows.length > 0) {
      await tx.query(`UPDATE notification_outbox SET next_attempt_at = $1 WHERE id = ANY($2::uuid[])`, [
        new Date(now.getTime() + CLAIM_LEASE_MS),
        rows.map((r) => r.id),
      ]);
    }
    return rows;
  });
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  const recipients = new Map<string, Recipient>();
  for (const row of due) {
    const attempt = row.attempts + 1;
    let ok = false;
    let permanent = false;
    let detail: string;
    try {
      const channel = channels[row.channel];
      if (!channel) throw new PermanentFailure('channel not configured');
      let recipient = recipients.get(row.patient_id);
      if (!recipient) {
        recipient = await loadRecipient(db, row.patient_id);
        recipients.set(row.patient_id, recipient);
      }
      const text = notificationText(
        row.kind,
        recipient.locale,
        recipient.firstName,
        row.detail.count ?? 1,
        opts.publicUrl,
      );
      detail = await channel.send({ reference: row.id, recipient, text });
      ok = true;
    } catch (e) {
      permanent = e instanceof PermanentFailure;
      // Channel errors are ours (PermanentFailure, provider status) or library messages about
      // transport; neither carries the text, which is the only thing that names the patient.
      detail = (e instanceof Error ? e.message : 'error').slice(0, 200);
    }
    const giveUp = !ok && (permanent || attempt >= MAX_ATTEMPTS);
    await db.tx(async (tx) => {
      await tx.query(
        `INSERT INTO notification_attempt (patient_id, outbox_id, attempt, at, ok, detail)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [row.patient_id, row.id, attempt, now, ok, detail],
      );
      await tx.query(
        `UPDATE notification_outbox SET attempts = $3, status = $4, sent_at = $5, next_attempt_at = $6
         WHERE patient_id = $1 AND id = $2`,
        [
          row.patient_id,
          row.id,
          attempt,
          ok ? 'sent' : giveUp ? 'failed' : 'pending',
          ok ? now : null,
          ok || giveUp ? now : new Date(now.getTime() + backoffMs(attempt)),
        ],
      );
    });
    if (ok) report.sent++;
    else if (giveUp) report.failed++;
    else report.retrying++;
  }
  return report;
}

async function loadRecipient(db: Queryable, patientId: string): Promise<Recipient> {
  const { rows } = await db.query<{
    given_name: string;
    locale: Lang | null;
    email_address: string | null;
    phone: string | null;
  }>(
    `SELECT p.given_name, a.locale, np.email_address,
       (SELECT phone_e164 FROM patient_phone pp WHERE pp.patient_id = p.id AND pp.verified_at IS NOT NULL
        ORDER BY verified_at DESC LIMIT 1) AS phone
     FROM patient p
     LEFT JOIN account a ON a.id = p.account_id
     LEFT JOIN notification_preference np ON np.patient_id = p.id
     WHERE p.id = $1`,
    [patientId],
  );
  const row = rows[0];
  if (!row) throw new PermanentFailure('patient not found');
  const subs = await db.query<{ endpoint: string; p256dh: string; auth: string }>(
    'SELECT endpoint, p256dh, auth FROM push_subscription WHERE patient_id = $1',
    [patientId],
  );
  return {
    patientId,
    // First name only: of a double name ("Anna-Karin Maria") the first given name.
    firstName: row.given_name.split(' ')[0] ?? row.given_name,
    locale: row.locale ?? 'sv',
    emailAddress: row.email_address,
    phone: row.phone,
    pushSubscriptions: subs.rows,
  };
}

/** Delivery status of each outbox row caused by the given messages, for the staff member who sent them. */
export async function deliveryStatus(
  db: Queryable,
  patientId: string,
  messageIds: string[],
): Promise<
  Map<string, { channel: ChannelName; status: string; attempts: number; lastDetail: string | null }[]>
> {
  const out = new Map<
    string,
    { channel: ChannelName; status: string; attempts: number; lastDetail: string | null }[]
  >();
  if (messageIds.length === 0) return out;
  const { rows } = await db.query<{
    source_message_id: string;
    channel: ChannelName;
    status: string;
    attempts: number;
    last_detail: string | null;
  }>(
    `SELECT o.source_message_id, o.channel, o.status, o.attempts,
       (SELECT detail FROM notification_attempt a WHERE a.patient_id = o.patient_id AND a.outbox_id = o.id
        ORDER BY attempt DESC LIMIT 1) AS last_detail
     FROM notification_outbox o
     WHERE o.patient_id = $1 AND o.source_message_id = ANY($2::uuid[])
     ORDER BY o.channel`,
    [patientId, messageIds],
  );
  for (const r of rows) {
    const list = out.get(r.source_message_id) ?? [];
    list.push({ channel: r.channel, status: r.status, attempts: r.attempts, lastDetail: r.last_detail });
    out.set(r.source_message_id, list);
  }
  return out;
}
