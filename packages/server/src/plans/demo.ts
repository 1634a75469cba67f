import type { Queryable } from '../db/database';
import { installLibraryIn } from '../protocols/repository';
import { rebuildCarePlan } from './repository';

// Demo care plans: every demo enrolment gets the library protocol of its condition (diabetes → type 2), and
// the plan starts when the patient was enrolled. The first patients of each unit get a filled-in contract.

const PROTOCOL_OF: Record<string, string> = {
  hypertension: 'hypertension',
  'heart-failure': 'heart-failure',
  diabetes: 'diabetes-type-2',
  copd: 'copd',
};

export async function seedPlanDemo(client: Queryable, now: Date): Promise<number> {
  await installLibraryIn(client);
  const { rows } = await client.query<{
    patient_id: string;
    id: string;
    condition: string;
    care_unit_id: string;
  }>(
    `SELECT patient_id, id, condition, care_unit_id FROM enrolment WHERE status = 'active' ORDER BY patient_id, started_at`,
  );
  const patients = new Set<string>();
  for (const e of rows) {
    const protocol = PROTOCOL_OF[e.condition];
    if (!protocol) continue;
    await client.query(
      `INSERT INTO enrolment_protocol (patient_id, enrolment_id, protocol_id, protocol_version) VALUES ($1, $2, $3, 1)
       ON CONFLICT DO NOTHING`,
      [e.patient_id, e.id, protocol],
    );
    await client.query(
      `UPDATE enrolment SET response_time_hours = 24 WHERE patient_id = $1 AND id = $2 AND kind = 'prescribed'`,
      [e.patient_id, e.id],
    );
    patients.add(e.patient_id);
  }
  let n = 0;
  for (const patientId of patients) {
    await rebuildCarePlan(client, patientId, null);
    await client.query(
      `UPDATE care_plan SET starts_at = (SELECT min(started_at) FROM enrolment WHERE patient_id = $1 AND status = 'active')
       WHERE patient_id = $1`,
      [patientId],
    );
    // Demo contract for every third patient: a goal, who does what, a follow-up in three weeks.
    if (n % 3 === 0) {
      const followUp = new Date(now.getTime() + 21 * 86_400_000).toISOString().slice(0, 10);
      await client.query(
        `UPDATE care_plan SET goals = $2, agreements = $3, contacts = $4, next_follow_up = $5 WHERE patient_id = $1`,
        [
          patientId,
          JSON.stringify([
            {
              id: `goal-${n}`,
              text: 'Stabila värden och inga akuta besök',
              status: 'active',
              targetDate: null,
            },
          ]),
          JSON.stringify([
            { id: `a-${n}-1`, text: 'Mäter enligt planen och svarar på påminnelser', responsible: 'patient' },
            {
              id: `a-${n}-2`,
              text: 'Ser över värdena vardagar och hör av sig vid avvikelse',
              responsible: 'care',
            },
          ]),
          JSON.stringify([
            { name: 'Distriktssköterska (demo)', role: 'Fast vårdkontakt', phone: '010-000 00 00' },
          ]),
          followUp,
        ],
      );
    }
    n++;
  }
  return patients.size;
}
