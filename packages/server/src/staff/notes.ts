import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/database';
import { toIso } from '../db/database';

// Staff notes on a patient: short free text shown in the overview's timeline and in the record export.

export interface StaffNote {
  id: string;
  body: string;
  author: string;
  authorRole: string;
  createdAt: string;
}

interface Row {
  id: string;
  body: string;
  author: string;
  author_role: string;
  created_at: Date;
}

const toNote = (r: Row): StaffNote => ({
  id: r.id,
  body: r.body,
  author: r.author,
  authorRole: r.author_role,
  createdAt: toIso(r.created_at)!,
});

export async function listNotes(
  db: Queryable,
  patientId: string,
  from?: Date,
  to?: Date,
): Promise<StaffNote[]> {
  const { rows } = await db.query<Row>(
    `SELECT n.id, n.body, a.display_name AS author, n.author_role, n.created_at
     FROM staff_note n JOIN account a ON a.id = n.author_account_id
     WHERE n.patient_id = $1 AND ($2::timestamptz IS NULL OR n.created_at >= $2)
       AND ($3::timestamptz IS NULL OR n.created_at < $3)
     ORDER BY n.created_at DESC LIMIT 500`,
    [patientId, from ?? null, to ?? null],
  );
  return rows.map(toNote);
}

export async function addNote(
  db: Queryable,
  patientId: string,
  body: string,
  author: { accountId: string; role: string },
): Promise<StaffNote> {
  const id = uuidv7();
  const { rows } = await db.query<Row>(
    `WITH n AS (INSERT INTO staff_note (patient_id, id, body, author_account_id, author_role)
       VALUES ($1, $2, $3, $4, $5) RETURNING *)
     SELECT n.id, n.body, a.display_name AS author, n.author_role, n.created_at
     FROM n JOIN account a ON a.id = n.author_account_id`,
    [patientId, id, body.trim(), author.accountId, author.role],
  );
  return toNote(rows[0]!);
}
