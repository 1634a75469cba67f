import type { Queryable } from '../db/database';

/**
 * Demo data for the workspace: each unit gets an escalation ladder (30 min the assigned nurse, 2 h the
 * physician on duty in office hours) and the acknowledged demo alerts get a recorded handling time
 * (2–6 minutes by the unit's nurse), so the follow-up dashboard shows staff minutes from the start.
 */
export async function seedWorkspaceDemo(db: Queryable): Promise<void> {
  await db.query(
    `INSERT INTO escalation_ladder (care_unit_id, steps, physician_on_duty)
     SELECT u.id, $1::jsonb,
       (SELECT a.id FROM account a JOIN staff_membership s ON s.account_id = a.id
        WHERE s.care_unit_id = u.id AND a.role = 'physician' ORDER BY a.username LIMIT 1)
     FROM care_unit u`,
    [
      JSON.stringify([
        { afterMinutes: 30, target: 'assigned-nurse', when: 'always' },
        { afterMinutes: 120, target: 'physician-on-duty', when: 'office-hours' },
      ]),
    ],
  );
  // One statement (the demo has thousands of acknowledged alerts); ids need no time order here.
  await db.query(
    `INSERT INTO handling_event (id, patient_id, care_unit_id, account_id, item_kind, alert_id, action, seconds, at)
     SELECT gen_random_uuid(), a.patient_id, e.care_unit_id, a.acknowledged_by, 'alert', a.id, 'reviewed',
       120 + (row_number() OVER (ORDER BY a.id) * 37) % 240, a.acknowledged_at
     FROM alert a JOIN enrolment e ON e.patient_id = a.patient_id AND e.status = 'active'
     WHERE a.status = 'acknowledged' AND a.acknowledged_by IS NOT NULL`,
  );
}
