import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/database';
import { toIso } from '../db/database';
import { HttpProblem, notFound } from '../http/problem';

// The medication list kept by staff: drug, dose, start and stop date, reason. A dose change is a stop of
// the old row and a new row, so the charts can annotate every change with its date.

export interface Medication {
  id: string;
  drug: string;
  dose: string;
  startedOn: string;
  stoppedOn: string | null;
  reason: string | null;
  createdBy: string;
  createdAt: string;
}

export interface MedicationInput {
  drug: string;
  dose: string;
  startedOn: string;
  stoppedOn?: string | null;
  reason?: string | null;
}

interface Row {
  id: string;
  drug: string;
  dose: string;
  started_on: string;
  stopped_on: string | null;
  reason: string | null;
  created_by_name: string;
  created_at: Date;
}

const COLUMNS = `m.id, m.drug, m.dose, m.started_on::text AS started_on, m.stopped_on::text AS stopped_on, m.reason,
  (SELECT display_name FROM account WHERE id = m.created_by) AS created_by_name, m.created_at`;

const toMedication = (r: Row): Medication => ({
  id: r.id,
  drug: r.drug,
  dose: r.dose,
  startedOn: r.started_on,
  stoppedOn: r.stopped_on,
  reason: r.reason,
  createdBy: r.created_by_name,
  createdAt: toIso(r.created_at)!,
});

function checkDates(startedOn: string, stoppedOn: string | null | undefined) {
  if (stoppedOn && stoppedOn < startedOn) {
    throw new HttpProblem(422, 'Stop before start', 'The stop date cannot be before the start date.');
  }
}

export async function listMedications(db: Queryable, patientId: string): Promise<Medication[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM medication m WHERE m.patient_id = $1 ORDER BY m.started_on DESC, m.id LIMIT 500`,
    [patientId],
  );
  return rows.map(toMedication);
}

export async function addMedication(
  db: Queryable,
  patientId: string,
  input: MedicationInput,
  accountId: string,
): Promise<Medication> {
  checkDates(input.startedOn, input.stoppedOn);
  const id = uuidv7();
  await db.query(
    `INSERT INTO medication (patient_id, id, drug, dose, started_on, stopped_on, reason, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      patientId,
      id,
      input.drug.trim(),
      input.dose.trim(),
      input.startedOn,
      input.stoppedOn ?? null,
      input.reason?.trim() || null,
      accountId,
    ],
  );
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM medication m WHERE m.patient_id = $1 AND m.id = $2`,
    [patientId, id],
  );
  return toMedication(rows[0]!);
}

/** Stops a medication on a date (the only change to a row: a new dose is a new row). */
export async function stopMedication(
  db: Queryable,
  patientId: string,
  id: string,
  stoppedOn: string,
  reason: string | null,
  accountId: string,
): Promise<Medication> {
  const { rows: current } = await db.query<{ started_on: string; stopped_on: string | null }>(
    'SELECT started_on::text AS started_on, stopped_on::text AS stopped_on FROM medication WHERE patient_id = $1 AND id = $2',
    [patientId, id],
  );
  const row = current[0];
  if (!row) throw notFound('Medication');
  if (row.stopped_on)
    throw new HttpProblem(409, 'Already stopped', 'This medication has already been stopped.');
  checkDates(row.started_on, stoppedOn);
  await db.query(
    `UPDATE medication SET stopped_on = $3, reason = COALESCE($4, reason), updated_by = $5, updated_at = now()
     WHERE patient_id = $1 AND id = $2`,
    [patientId, id, stoppedOn, reason, accountId],
  );
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM medication m WHERE m.patient_id = $1 AND m.id = $2`,
    [patientId, id],
  );
  return toMedication(rows[0]!);
}
