import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/database';
import { toIso } from '../db/database';
import { HttpProblem } from '../http/problem';

// Triage on the worklist: assignment, snooze and bulk acknowledgement of open alerts, and the
// handling-time events that the follow-up dashboard turns into staff minutes per patient-week.

const notOpen = () => new HttpProblem(409, 'Not open', 'This alert is no longer open.');

export async function assignAlert(
  db: Queryable,
  patientId: string,
  alertId: string,
  assignee: string | null,
  unitIds: string[],
): Promise<{ assignedTo: string | null }> {
  if (assignee) {
    const { rows } = await db.query(
      `SELECT 1 FROM account a JOIN staff_membership s ON s.account_id = a.id
       WHERE a.id = $1 AND s.care_unit_id = ANY($2::uuid[]) AND NOT a.disabled
         AND a.role IN ('nurse', 'physician', 'municipal-nurse') LIMIT 1`,
      [assignee, unitIds],
    );
    if (!rows[0]) {
      throw new HttpProblem(
        422,
        'Unknown colleague',
        'The colleague must be care staff at one of your units.',
      );
    }
  }
  const { rows } = await db.query(
    `UPDATE alert SET assigned_to = $3 WHERE patient_id = $1 AND id = $2 AND status = 'open' RETURNING id`,
    [patientId, alertId, assignee],
  );
  if (!rows[0]) throw notOpen();
  return { assignedTo: assignee };
}

export async function snoozeAlert(
  db: Queryable,
  patientId: string,
  alertId: string,
  until: Date | null,
  reason: string | null,
  accountId: string,
  now = new Date(),
): Promise<{ snoozedUntil: string | null; reason: string | null }> {
  if (until) {
    if (until.getTime() <= now.getTime()) {
      throw new HttpProblem(422, 'Snooze in the past', 'Snooze until a time in the future.');
    }
    if (until.getTime() - now.getTime() > 30 * 86_400_000) {
      throw new HttpProblem(422, 'Snooze too long', 'An alert can be snoozed for at most 30 days.');
    }
    if (!reason) throw new HttpProblem(422, 'Reason required', 'Say why the alert is snoozed.');
  }
  const { rows } = await db.query(
    `UPDATE alert SET snoozed_until = $3, snooze_reason = $4, snoozed_by = $5
     WHERE patient_id = $1 AND id = $2 AND status = 'open' RETURNING id`,
    [patientId, alertId, until, until ? reason : null, until ? accountId : null],
  );
  if (!rows[0]) throw notOpen();
  return { snoozedUntil: toIso(until), reason: until ? reason : null };
}

/** Of the given alerts, the open informational ones (the only kind bulk acknowledgement may close). */
export async function informationalAlerts(
  db: Queryable,
  alertIds: string[],
): Promise<{ id: string; patientId: string }[]> {
  const { rows } = await db.query<{ id: string; patient_id: string }>(
    `SELECT id, patient_id FROM alert WHERE id = ANY($1::uuid[]) AND status = 'open' AND informational`,
    [alertIds],
  );
  return rows.map((r) => ({ id: r.id, patientId: r.patient_id }));
}

export async function acknowledgeMany(
  db: Queryable,
  alerts: { id: string; patientId: string }[],
  accountId: string,
  note: string,
): Promise<string[]> {
  const done: string[] = [];
  for (const a of alerts) {
    const { rows } = await db.query<{ id: string }>(
      `UPDATE alert SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = $3, ack_note = $4
       WHERE patient_id = $1 AND id = $2 AND status = 'open' RETURNING id`,
      [a.patientId, a.id, accountId, note],
    );
    if (rows[0]) done.push(rows[0].id);
  }
  return done;
}

export interface HandlingInput {
  patientId: string;
  unitId: string | null;
  accountId: string;
  itemKind: 'alert' | 'missed' | 'message' | 'validation' | 'patient';
  alertId: string | null;
  action: 'reviewed' | 'acknowledged' | 'assigned' | 'snoozed';
  seconds: number;
}

export async function recordHandling(db: Queryable, h: HandlingInput): Promise<void> {
  await db.query(
    `INSERT INTO handling_event (id, patient_id, care_unit_id, account_id, item_kind, alert_id, action, seconds)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [uuidv7(), h.patientId, h.unitId, h.accountId, h.itemKind, h.alertId, h.action, Math.round(h.seconds)],
  );
}
