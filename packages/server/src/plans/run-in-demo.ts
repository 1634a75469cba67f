import { effectiveThresholds, evaluate, luhnCheckDigit, type Thresholds } from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/database';
import { evaluateRunInsWithin } from '../thresholds/run-in';
import { enrol } from './repository';

// Demo run-in: Rune Ekdahl, a treated hypertensive at the north unit enrolled 17 days ago. His systolic
// pressure sits a few mmHg above the plan's yellow limit (whatever the shipped protocol sets it to), so
// about every reading is yellow; diastolic is well inside. His run-in has ended, so the north nurse finds
// "personal limits proposed" on her worklist and in his overview. Afterwards the run-in is evaluated for
// every demo enrolment, as if the hourly job had been running, so the demo's worklist is the same from the
// first minute (the job then finds nothing new).

const SYS = '8480-6';
const DIA = '8462-4';
/** Readings relative to the plan's yellow-high limit: systolic a little above, diastolic well below. */
const SYSTOLIC_ABOVE_YELLOW = [5, 7, 3, 10, 4, 6, 8, 2, 9, 5, 7];
const DIASTOLIC_BELOW_YELLOW = [-15, -13, -17, -14, -16, -12, -15];
const DAYS_AGO = 17;
const HOUR = 3_600_000;

export const RUN_IN_DEMO_PATIENT = { givenName: 'Rune', familyName: 'Ekdahl' };

export async function seedRunInDemo(client: Queryable, now: Date): Promise<void> {
  const { rows } = await client.query<{ unit_id: string; nurse_id: string }>(
    `SELECT m.care_unit_id AS unit_id, a.id AS nurse_id FROM account a
     JOIN staff_membership m ON m.account_id = a.id WHERE a.username = 'nurse.north'`,
  );
  const north = rows[0];
  if (!north) return;
  const patientId = uuidv7();
  const serial = '387';
  const personnummer = `19510314${serial}${luhnCheckDigit(`510314${serial}`)}`;
  await client.query(
    `INSERT INTO patient (id, personnummer, given_name, family_name, birth_date, gender, created_at)
     VALUES ($1, $2, $3, $4, '1951-03-14', 'male', $5)`,
    [
      patientId,
      personnummer,
      RUN_IN_DEMO_PATIENT.givenName,
      RUN_IN_DEMO_PATIENT.familyName,
      new Date(now.getTime() - DAYS_AGO * 24 * HOUR),
    ],
  );
  await enrol(
    client,
    patientId,
    { careUnitId: north.unit_id, protocols: ['hypertension'], kind: 'prescribed', responseTimeHours: 24 },
    north.nurse_id,
  );
  // Enrolled at 09:00 Stockholm time DAYS_AGO days ago; the plan (and its ESH week) starts then.
  const started = await client.query<{ at: Date }>(
    `UPDATE enrolment SET started_at =
       (date_trunc('day', $2::timestamptz AT TIME ZONE 'Europe/Stockholm') - make_interval(days => $3)
         + interval '9 hours') AT TIME ZONE 'Europe/Stockholm'
     WHERE patient_id = $1 RETURNING started_at AS at`,
    [patientId, now, DAYS_AGO],
  );
  const start = new Date(started.rows[0]!.at).getTime();
  await client.query('UPDATE care_plan SET starts_at = $2 WHERE patient_id = $1', [
    patientId,
    new Date(start),
  ]);

  const plan = await client.query<{ thresholds: Record<string, Thresholds> }>(
    'SELECT thresholds FROM care_plan WHERE patient_id = $1',
    [patientId],
  );
  const limits = (code: string) => effectiveThresholds(code, plan.rows[0]?.thresholds[code] ?? null);
  const [sysYellow, diaYellow] = [limits(SYS).yellowHigh ?? 135, limits(DIA).yellowHigh ?? 85];

  // Morning (07:30) and evening (20:00) readings from the start until now.
  let i = 0;
  for (let day = 0; day <= DAYS_AGO; day++) {
    for (const hours of [-1.5, 11]) {
      const at = start + day * 24 * HOUR + hours * HOUR;
      if (at < start || at > now.getTime()) continue;
      const values = [
        sysYellow + SYSTOLIC_ABOVE_YELLOW[i % SYSTOLIC_ABOVE_YELLOW.length]!,
        diaYellow + DIASTOLIC_BELOW_YELLOW[i % DIASTOLIC_BELOW_YELLOW.length]!,
      ];
      i++;
      const severity = evaluate(
        {
          code: '85354-9',
          values,
          unit: 'mm[Hg]',
          originalValues: values,
          originalUnits: ['mm[Hg]', 'mm[Hg]'],
        },
        limits,
      ).severity;
      await client.query(
        `INSERT INTO observation (patient_id, id, code, effective_at, value, value2, unit, original_values,
           original_units, source, severity, status)
         VALUES ($1, $2, '85354-9', $3, $4, $5, 'mm[Hg]', $6, '{mm[Hg],mm[Hg]}', 'device', $7, 'final')`,
        [patientId, uuidv7(), new Date(at), values[0], values[1], values, severity],
      );
    }
  }
  await evaluateRunInsWithin(client, now);
}
