import type { AlertReason, StoredAlert } from '@hemma/core';
import type { Database, Queryable } from '../db/database';
import { toIso } from '../db/database';
import type { WorklistItem } from '../events/bus';
import { HttpProblem, notFound } from '../http/problem';

const WORKLIST_COLUMNS = `a.id AS alert_id, a.patient_id, a.observation_id, a.severity, a.reasons, a.created_at,
  p.given_name || ' ' || p.family_name AS patient_name, p.personnummer,
  ARRAY(SELECT e.care_unit_id::text FROM enrolment e WHERE e.patient_id = a.patient_id AND e.status = 'active') AS unit_ids`;

interface WorklistRow {
  alert_id: string;
  patient_id: string;
  observation_id: string;
  severity: 'yellow' | 'red';
  reasons: AlertReason[];
  created_at: Date;
  patient_name: string;
  personnummer: string;
  unit_ids: string[];
}

function toItem(r: WorklistRow): WorklistItem {
  return {
    alertId: r.alert_id,
    patientId: r.patient_id,
    observationId: r.observation_id,
    severity: r.severity,
    reasons: r.reasons,
    createdAt: toIso(r.created_at)!,
    patientName: r.patient_name,
    personnummer: r.personnummer,
    unitIds: r.unit_ids,
  };
}

export async function worklistItems(db: Queryable, alertIds: string[]): Promise<WorklistItem[]> {
  const { rows } = await db.query<WorklistRow>(
    `SELECT ${WORKLIST_COLUMNS} FROM alert a JOIN patient p ON p.id = a.patient_id WHERE a.id = ANY($1::uuid[])`,
    [alertIds],
  );
  return rows.map(toItem);
}

export interface AlertView extends StoredAlert {
  acknowledgedBy: string | null;
  note: string | null;
}

interface AlertRow {
  id: string;
  patient_id: string;
  observation_id: string;
  severity: 'yellow' | 'red';
  reasons: AlertReason[];
  status: 'open' | 'acknowledged';
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by_name: string | null;
  ack_note: string | null;
}

const ALERT_COLUMNS = `a.id, a.patient_id, a.observation_id, a.severity, a.reasons, a.status, a.created_at,
  a.acknowledged_at, a.ack_note, (SELECT display_name FROM account WHERE id = a.acknowledged_by) AS acknowledged_by_name`;

function toAlert(r: AlertRow): AlertView {
  return {
    id: r.id,
    patientId: r.patient_id,
    observationId: r.observation_id,
    severity: r.severity,
    reasons: r.reasons,
    status: r.status,
    createdAt: toIso(r.created_at)!,
    acknowledgedAt: toIso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by_name,
    note: r.ack_note,
  };
}

export async function patientAlerts(
  db: Queryable,
  patientId: string,
  status: 'open' | 'acknowledged' | 'all',
  limit = 500,
): Promise<AlertView[]> {
  const { rows } = await db.query<AlertRow>(
    `SELECT ${ALERT_COLUMNS} FROM alert a
     WHERE a.patient_id = $1 AND ($2 = 'all' OR a.status = $2)
     ORDER BY a.created_at DESC LIMIT $3`,
    [patientId, status, limit],
  );
  return rows.map(toAlert);
}

/** Looks up which patient an alert belongs to (for the access check before anything else is read). */
export async function alertPatient(db: Queryable, alertId: string): Promise<string> {
  const { rows } = await db.query<{ patient_id: string }>('SELECT patient_id FROM alert WHERE id = $1', [
    alertId,
  ]);
  if (!rows[0]) throw notFound('Alert');
  return rows[0].patient_id;
}

export async function acknowledgeAlert(
  db: Database,
  patientId: string,
  alertId: string,
  accountId: string,
  note: string | null,
): Promise<AlertView> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE alert SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = $3, ack_note = $4
     WHERE patient_id = $1 AND id = $2 AND status = 'open' RETURNING id`,
    [patientId, alertId, accountId, note],
  );
  if (!rows[0])
    throw new HttpProblem(409, 'Already acknowledged', 'This alert has already been acknowledged.');
  const { rows: view } = await db.query<AlertRow>(
    `SELECT ${ALERT_COLUMNS} FROM alert a WHERE a.patient_id = $1 AND a.id = $2`,
    [patientId, alertId],
  );
  return toAlert(view[0]!);
}
