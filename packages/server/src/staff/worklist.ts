import type { AlertReason } from '@hemma/core';
import type { Queryable } from '../db/database';
import { toIso } from '../db/database';
import { badRequest } from '../http/problem';

/**
 * The nurse's worklist: one line per open item at the viewer's units, red alerts first, then yellow
 * alerts, missed measurements and unread messages by age, then periods waiting for validation and
 * run-in proposals (personal limits to decide).
 * Paged by a keyset cursor (rank, time, key), so rendering a page never loads all patients: every
 * branch starts from the units' active enrolments (enrolment_unit) and reaches open items through
 * patient-local indexes (alert_open_patient, chat_thread_unit) or small tables joined whole (pending
 * run-in proposals, validation_pending).
 */

export type WorkItemKind = 'alert' | 'missed' | 'message' | 'validation' | 'proposal';

export interface WorklistQuery {
  unitIds: string[];
  viewerId: string;
  severity?: 'red' | 'yellow';
  protocol?: string;
  mine?: boolean;
  kind?: WorkItemKind;
  snoozed?: boolean;
  cursor?: string;
  limit?: number;
  now?: Date;
}

export interface WorkItem {
  kind: WorkItemKind;
  /** Unique per item: alert id, chat thread id, patient id (validation) or "run-in:" + patient id. */
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
  /** Unread messages or values waiting for validation. */
  count: number;
  /** When the item arose: the alert, the oldest unread message, the oldest unvalidated value. */
  at: string;
  assignedTo: { id: string; displayName: string } | null;
  snoozedUntil: string | null;
  snoozeReason: string | null;
}

/** Values older than this many days, still preliminary, make a validation item. */
export const VALIDATION_AFTER_DAYS = 7;

const ITEMS = `
WITH mine AS (
  SELECT DISTINCT ON (e.patient_id) e.patient_id, e.care_unit_id AS unit_id
  FROM enrolment e
  WHERE e.status = 'active' AND e.care_unit_id = ANY($1::uuid[])
    AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM enrolment_protocol ep
         WHERE ep.patient_id = e.patient_id AND ep.enrolment_id = e.id AND ep.protocol_id = $4))
  ORDER BY e.patient_id, e.started_at
),
items AS (
  SELECT CASE WHEN a.rule_kind = 'missedMeasurement' THEN 'missed' ELSE 'alert' END AS kind,
    a.id::text AS key, a.id AS alert_id, NULL::uuid AS thread_id, a.patient_id, m.unit_id,
    a.severity, a.reasons, a.informational, a.occurrences AS n, a.created_at AS at,
    a.assigned_to, a.snoozed_until, a.snooze_reason,
    CASE WHEN a.severity = 'red' THEN 0 ELSE 1 END AS rank
  FROM mine m JOIN alert a ON a.patient_id = m.patient_id AND a.status = 'open'
  WHERE ($2::text IS NULL OR a.severity = $2)
    AND ($3::uuid IS NULL OR a.assigned_to = $3)
    AND (CASE WHEN $7::boolean THEN a.snoozed_until > $6 ELSE (a.snoozed_until IS NULL OR a.snoozed_until <= $6) END)
  UNION ALL
  SELECT 'message', t.id::text, NULL, t.id, t.patient_id, t.care_unit_id, NULL, '[]'::jsonb, false,
    (SELECT count(*)::int FROM chat_message cm WHERE cm.patient_id = t.patient_id AND cm.thread_id = t.id
       AND cm.author_side = 'patient' AND (t.unit_read_up_to IS NULL OR cm.id > t.unit_read_up_to)),
    COALESCE((SELECT min(cm.created_at) FROM chat_message cm WHERE cm.patient_id = t.patient_id
       AND cm.thread_id = t.id AND cm.author_side = 'patient'
       AND (t.unit_read_up_to IS NULL OR cm.id > t.unit_read_up_to)), t.last_message_at),
    t.assigned_to, NULL, NULL, 1
  FROM mine m JOIN chat_thread t ON t.patient_id = m.patient_id AND t.care_unit_id = ANY($1::uuid[])
  WHERE $2::text IS NULL AND NOT $7::boolean AND t.status = 'open' AND t.last_patient_message_id IS NOT NULL
    AND (t.unit_read_up_to IS NULL OR t.last_patient_message_id > t.unit_read_up_to)
    AND ($3::uuid IS NULL OR t.assigned_to = $3)
  UNION ALL
  -- Run-in: one informational line per patient whose personal limits wait for a decision (thresholds/run-in.ts);
  -- it goes away by itself when none is pending. From the pending proposals (few; run_in_proposal_pending).
  SELECT 'proposal', 'run-in:' || m.patient_id::text, NULL, NULL, m.patient_id, m.unit_id, NULL,
    jsonb_build_array(jsonb_build_object('type', 'run-in', 'codes', r.codes, 'reviewPlan', r.review)), false,
    r.n, r.oldest, NULL, NULL, NULL, 2
  FROM mine m JOIN (
    SELECT p.patient_id, count(*)::int AS n, min(p.created_at) AS oldest, bool_or(p.usual_beyond_red) AS review,
      jsonb_agg(p.code ORDER BY p.code) AS codes
    FROM run_in_proposal p WHERE p.status = 'pending' GROUP BY p.patient_id
  ) r ON r.patient_id = m.patient_id
  WHERE $2::text IS NULL AND $3::uuid IS NULL AND NOT $7::boolean
  UNION ALL
  SELECT 'validation', m.patient_id::text, NULL, NULL, m.patient_id, m.unit_id, NULL, '[]'::jsonb, false,
    NULL, v.oldest_at, NULL, NULL, NULL, 2
  -- validation_pending holds each patient's oldest preliminary value (kept by triggers, migration 017);
  -- the count is taken for the page's rows only.
  FROM mine m JOIN validation_pending v ON v.patient_id = m.patient_id
  WHERE v.oldest_at < $6 - make_interval(days => $11) AND $2::text IS NULL AND $3::uuid IS NULL AND NOT $7::boolean
),
page AS (
  SELECT i.*, i.at::text AS at_exact, count(*) OVER () AS total FROM items i
  WHERE ($5::text IS NULL OR i.kind = $5)
    AND ($8::int IS NULL OR (i.rank, i.at, i.key) > ($8::int, $9::timestamptz, $10::text))
  ORDER BY i.rank, i.at, i.key
  LIMIT $12
)
SELECT pg.*, p.given_name || ' ' || p.family_name AS patient_name, p.personnummer, ac.display_name AS assigned_name,
  CASE WHEN pg.kind = 'validation' THEN (SELECT count(*)::int FROM observation o
    WHERE o.patient_id = pg.patient_id AND o.status = 'preliminary' AND o.effective_at < $6 - make_interval(days => $11))
  ELSE pg.n END AS count
FROM page pg JOIN patient p ON p.id = pg.patient_id LEFT JOIN account ac ON ac.id = pg.assigned_to
ORDER BY pg.rank, pg.at, pg.key`;

interface Row {
  kind: WorkItemKind;
  key: string;
  alert_id: string | null;
  thread_id: string | null;
  patient_id: string;
  unit_id: string;
  severity: 'red' | 'yellow' | null;
  reasons: AlertReason[];
  informational: boolean;
  count: number;
  at: Date;
  assigned_to: string | null;
  assigned_name: string | null;
  snoozed_until: Date | null;
  snooze_reason: string | null;
  rank: number;
  /** The time with PostgreSQL's microseconds: a cursor in JS milliseconds would repeat the last row. */
  at_exact: string;
  patient_name: string;
  personnummer: string;
  total: string | number;
}

function encodeCursor(r: Row): string {
  return Buffer.from(JSON.stringify([r.rank, r.at_exact, r.key])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      Number.isInteger(v[0]) &&
      typeof v[1] === 'string' &&
      !Number.isNaN(Date.parse(v[1])) &&
      typeof v[2] === 'string'
    ) {
      return v as [number, string, string];
    }
  } catch {
    // falls through to the precise message below
  }
  throw badRequest('The cursor is not one this server gave out; start again without it.');
}

export async function worklistPage(
  db: Queryable,
  q: WorklistQuery,
): Promise<{ items: WorkItem[]; total: number; nextCursor: string | null }> {
  const limit = q.limit ?? 50;
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  const { rows } = await db.query<Row>(ITEMS, [
    q.unitIds,
    q.severity ?? null,
    q.mine ? q.viewerId : null,
    q.protocol ?? null,
    q.kind ?? null,
    q.now ?? new Date(),
    q.snoozed ?? false,
    cursor?.[0] ?? null,
    cursor?.[1] ?? null,
    cursor?.[2] ?? null,
    VALIDATION_AFTER_DAYS,
    limit + 1,
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toWorkItem),
    // With a cursor the window count covers the rest only; the first page gives the full total.
    total: Number(rows[0]?.total ?? 0),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

function toWorkItem(r: Row): WorkItem {
  return {
    kind: r.kind,
    key: r.key,
    alertId: r.alert_id,
    threadId: r.thread_id,
    patientId: r.patient_id,
    patientName: r.patient_name,
    personnummer: r.personnummer,
    unitId: r.unit_id,
    severity: r.severity,
    reasons: r.reasons,
    informational: r.informational,
    count: Number(r.count ?? 0),
    at: toIso(r.at)!,
    assignedTo: r.assigned_to ? { id: r.assigned_to, displayName: r.assigned_name ?? '' } : null,
    snoozedUntil: toIso(r.snoozed_until),
    snoozeReason: r.snooze_reason,
  };
}

/** Care staff at the given units, for assigning an item to a colleague. */
export async function colleagues(db: Queryable, unitIds: string[]) {
  const { rows } = await db.query<{ id: string; display_name: string; role: string }>(
    `SELECT DISTINCT a.id, a.display_name, a.role FROM account a
     JOIN staff_membership s ON s.account_id = a.id
     WHERE s.care_unit_id = ANY($1::uuid[]) AND a.role IN ('nurse', 'physician', 'municipal-nurse')
       AND NOT a.disabled
     ORDER BY a.display_name LIMIT 500`,
    [unitIds],
  );
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role }));
}
