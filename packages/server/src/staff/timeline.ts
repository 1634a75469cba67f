import type { AlertReason } from '@hemma/core';
import type { Queryable } from '../db/database';
import { toIso } from '../db/database';

// The patient overview's timeline: values, alerts, messages, plan and threshold changes, medication
// changes and notes of a period, newest first, one query with a bounded number of rows per source.

export type TimelineKind = 'value' | 'alert' | 'message' | 'plan' | 'threshold' | 'medication' | 'note';

export interface TimelineEntry {
  kind: TimelineKind;
  id: string;
  at: string;
  /** value: code; alert: severity; message: author side; medication: 'start' | 'stop'. */
  detail: string | null;
  values: number[] | null;
  text: string | null;
  reasons: AlertReason[] | null;
  by: string | null;
}

const PER_SOURCE = 200;

// Medication dates are Stockholm calendar days: the day begins at 00:00 there, not at 00:00 UTC (the
// session zone, which a plain ::timestamptz cast would use).
const STARTED = "(md.started_on::timestamp AT TIME ZONE 'Europe/Stockholm')";
const STOPPED = "(md.stopped_on::timestamp AT TIME ZONE 'Europe/Stockholm')";

export async function timeline(
  db: Queryable,
  patientId: string,
  from: Date,
  to: Date,
): Promise<TimelineEntry[]> {
  const { rows } = await db.query<{
    kind: TimelineKind;
    id: string;
    at: Date;
    detail: string | null;
    v1: number | null;
    v2: number | null;
    text: string | null;
    reasons: AlertReason[] | null;
    by: string | null;
  }>(
    `(SELECT 'value' AS kind, o.id::text, o.effective_at AS at, o.code AS detail, o.value AS v1, o.value2 AS v2,
        o.status AS text, NULL::jsonb AS reasons, NULL::text AS by
      FROM observation o WHERE o.patient_id = $1 AND o.effective_at >= $2 AND o.effective_at < $3
      ORDER BY o.effective_at DESC LIMIT ${PER_SOURCE})
     UNION ALL
     (SELECT 'alert', a.id::text, a.created_at, a.severity, NULL, NULL, a.status, a.reasons,
        (SELECT display_name FROM account WHERE id = a.acknowledged_by)
      FROM alert a WHERE a.patient_id = $1 AND a.created_at >= $2 AND a.created_at < $3
      ORDER BY a.created_at DESC LIMIT ${PER_SOURCE})
     UNION ALL
     (SELECT 'message', m.id::text, m.created_at, m.author_side, NULL, NULL, m.body, NULL,
        (SELECT display_name FROM account WHERE id = m.author_account_id)
      FROM chat_message m WHERE m.patient_id = $1 AND m.created_at >= $2 AND m.created_at < $3
      ORDER BY m.created_at DESC LIMIT ${PER_SOURCE})
     UNION ALL
     (SELECT 'threshold', t.id::text, t.changed_at, t.code, NULL, NULL, t.reason, NULL,
        (SELECT display_name FROM account WHERE id = t.changed_by)
      FROM threshold_change t WHERE t.patient_id = $1 AND t.changed_at >= $2 AND t.changed_at < $3
      ORDER BY t.changed_at DESC LIMIT ${PER_SOURCE})
     UNION ALL
     (SELECT 'plan', cp.id::text, cp.updated_at, cp.revision::text, NULL, NULL, NULL, NULL,
        (SELECT display_name FROM account WHERE id = cp.updated_by)
      FROM care_plan cp WHERE cp.patient_id = $1 AND cp.updated_at >= $2 AND cp.updated_at < $3)
     UNION ALL
     (SELECT 'medication', md.id::text || ':start', ${STARTED}, 'start', NULL, NULL,
        md.drug || ' ' || md.dose, NULL, (SELECT display_name FROM account WHERE id = md.created_by)
      FROM medication md WHERE md.patient_id = $1 AND ${STARTED} >= $2 AND ${STARTED} < $3
      LIMIT ${PER_SOURCE})
     UNION ALL
     (SELECT 'medication', md.id::text || ':stop', ${STOPPED}, 'stop', NULL, NULL,
        md.drug || ' ' || md.dose, NULL, (SELECT display_name FROM account WHERE id = md.updated_by)
      FROM medication md WHERE md.patient_id = $1 AND ${STOPPED} >= $2 AND ${STOPPED} < $3
      LIMIT ${PER_SOURCE})
     UNION ALL
     (SELECT 'note', n.id::text, n.created_at, n.author_role, NULL, NULL, n.body, NULL,
        (SELECT display_name FROM account WHERE id = n.author_account_id)
      FROM staff_note n WHERE n.patient_id = $1 AND n.created_at >= $2 AND n.created_at < $3
      ORDER BY n.created_at DESC LIMIT ${PER_SOURCE})
     ORDER BY at DESC LIMIT 1000`,
    [patientId, from, to],
  );
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    at: toIso(r.at)!,
    detail: r.detail,
    values: r.v1 == null ? null : r.v2 == null ? [r.v1] : [r.v1, r.v2],
    text: r.text,
    reasons: r.reasons,
    by: r.by,
  }));
}
