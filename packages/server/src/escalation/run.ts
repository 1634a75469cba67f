import type { Database } from '../db/database';
import { dueSteps, type EscalationStep } from './ladder';

// The escalation job (jobs/periodic.ts, every minute): for each open, not snoozed red alert at a unit
// with a ladder, take the steps that are due and log each one once (alert_escalation's key makes a
// repeated or concurrent run harmless). Taking a step hands the alert to its target: the assigned nurse
// keeps it (or the unit, if nobody has it), the physician on duty gets it assigned, so it is on their
// "assigned to me" worklist.

export interface EscalationRun {
  alertsChecked: number;
  stepsTaken: { alertId: string; step: number; target: string; accountId: string | null }[];
}

/** Alerts older than this are left alone: a week-old red alert needs a person, not another step. */
const HORIZON_DAYS = 8;

export async function runEscalations(db: Database, now: Date): Promise<EscalationRun> {
  const { rows } = await db.query<{
    patient_id: string;
    id: string;
    created_at: Date;
    assigned_to: string | null;
    care_unit_id: string;
    steps: EscalationStep[];
    time_zone: string;
    physician_on_duty: string | null;
    taken: number;
  }>(
    `SELECT a.patient_id, a.id, a.created_at, a.assigned_to, l.care_unit_id, l.steps, l.time_zone,
       l.physician_on_duty,
       (SELECT count(*)::int FROM alert_escalation x WHERE x.patient_id = a.patient_id AND x.alert_id = a.id) AS taken
     FROM alert a
     JOIN LATERAL (
       SELECT e.care_unit_id FROM enrolment e
       WHERE e.patient_id = a.patient_id AND e.status = 'active'
         AND EXISTS (SELECT 1 FROM escalation_ladder l WHERE l.care_unit_id = e.care_unit_id)
       ORDER BY e.started_at LIMIT 1) u ON true
     JOIN escalation_ladder l ON l.care_unit_id = u.care_unit_id
     WHERE a.status = 'open' AND a.severity = 'red'
       AND (a.snoozed_until IS NULL OR a.snoozed_until <= $1)
       AND a.created_at > $1::timestamptz - make_interval(days => $2)`,
    [now, HORIZON_DAYS],
  );
  const out: EscalationRun = { alertsChecked: rows.length, stepsTaken: [] };
  for (const a of rows) {
    for (const step of dueSteps(a.steps, a.created_at, a.taken, now, a.time_zone)) {
      const target = a.steps[step]!.target;
      const accountId =
        target === 'physician-on-duty'
          ? a.physician_on_duty
          : target === 'assigned-nurse'
            ? a.assigned_to
            : null;
      await db.tx(async (c) => {
        const { rows: logged } = await c.query(
          `INSERT INTO alert_escalation (patient_id, alert_id, step, care_unit_id, target, notified_account_id, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING step`,
          [a.patient_id, a.id, step, a.care_unit_id, target, accountId, now],
        );
        if (!logged[0]) return;
        if (target === 'physician-on-duty' && accountId) {
          await c.query(
            `UPDATE alert SET assigned_to = $3 WHERE patient_id = $1 AND id = $2 AND status = 'open'`,
            [a.patient_id, a.id, accountId],
          );
        }
        out.stepsTaken.push({ alertId: a.id, step, target, accountId });
      });
    }
  }
  return out;
}
