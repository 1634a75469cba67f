import type { ObservationStatus } from '@hemma/core';
import { findMeasurement } from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/database';
import { toIso } from '../db/database';
import { HttpProblem, notFound } from '../http/problem';

// Validation into the record (FHIR Observation.status): staff validate a period's preliminary values,
// which become `final` (who, when, role) and immutable — the database trigger of migration 009
// refuses any later change to their value. A correction is a new row with status `corrected` that
// points at the row it replaces (provenance: who, when, why); the replaced row keeps its value and
// is marked superseded, so the record shows both. A value that should never have existed is marked
// `entered-in-error` instead.

export interface Signer {
  accountId: string;
  role: string;
}

export interface RecordValue {
  id: string;
  code: string;
  values: number[];
  unit: string;
  effectiveAt: string;
  status: ObservationStatus;
  source: string;
  severity: string;
  validated: { at: string; by: string; role: string } | null;
  replacesId: string | null;
  supersededBy: string | null;
  correctionReason: string | null;
}

interface Row {
  id: string;
  code: string;
  value: number;
  value2: number | null;
  unit: string;
  effective_at: Date;
  status: ObservationStatus;
  source: string;
  severity: string;
  validated_at: Date | null;
  validated_by_name: string | null;
  validated_role: string | null;
  replaces_id: string | null;
  superseded_by: string | null;
  correction_reason: string | null;
}

const COLUMNS = `o.id, o.code, o.value, o.value2, o.unit, o.effective_at, o.status, o.source, o.severity,
  o.validated_at, o.validated_role, o.replaces_id, o.superseded_by, o.correction_reason,
  (SELECT display_name FROM account WHERE id = o.validated_by) AS validated_by_name`;

function toValue(r: Row): RecordValue {
  return {
    id: r.id,
    code: r.code,
    values: r.value2 == null ? [r.value] : [r.value, r.value2],
    unit: r.unit,
    effectiveAt: toIso(r.effective_at)!,
    status: r.status,
    source: r.source,
    severity: r.severity,
    validated: r.validated_at
      ? { at: toIso(r.validated_at)!, by: r.validated_by_name ?? '', role: r.validated_role ?? '' }
      : null,
    replacesId: r.replaces_id,
    supersededBy: r.superseded_by,
    correctionReason: r.correction_reason,
  };
}

/** Every value of the period, including corrected and erroneous ones (the record shows its history). */
export async function recordValues(db: Queryable, patientId: string, from: Date, to: Date, limit = 2000) {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM observation o
     WHERE o.patient_id = $1 AND o.effective_at >= $2 AND o.effective_at < $3
     ORDER BY o.effective_at, o.id LIMIT $4`,
    [patientId, from, to, limit],
  );
  return rows.map(toValue);
}

/** Values of the period as they stand in the record: no superseded or erroneous rows. */
export async function currentValues(db: Queryable, patientId: string, from: Date, to: Date) {
  return (await recordValues(db, patientId, from, to)).filter(
    (v) => !v.supersededBy && v.status !== 'entered-in-error',
  );
}

/** Validates the preliminary values of [from, to) (or only `ids` among them). Returns the ids made final. */
export async function validatePeriod(
  db: Queryable,
  patientId: string,
  from: Date,
  to: Date,
  signer: Signer,
  ids?: string[],
): Promise<string[]> {
  if (to.getTime() <= from.getTime()) {
    throw new HttpProblem(422, 'Empty period', 'The end of the period must be after its start.');
  }
  const { rows } = await db.query<{ id: string }>(
    `UPDATE observation SET status = 'final', validated_at = now(), validated_by = $4, validated_role = $5
     WHERE patient_id = $1 AND status = 'preliminary' AND effective_at >= $2 AND effective_at < $3
       AND ($6::uuid[] IS NULL OR id = ANY($6::uuid[]))
     RETURNING id`,
    [patientId, from, to, signer.accountId, signer.role, ids ?? null],
  );
  return rows.map((r) => r.id);
}

export interface Correction {
  /** New values (both components of a panel); absent with enteredInError. */
  values?: number[];
  reason: string;
  enteredInError?: boolean;
}

/** Corrects one value: a new `corrected` version, or marks it `entered-in-error`. Returns the new id or the old. */
export async function correctValue(
  db: Queryable,
  patientId: string,
  observationId: string,
  correction: Correction,
  signer: Signer,
): Promise<{ id: string; status: ObservationStatus; replacesId: string | null }> {
  const { rows } = await db.query<Row & { original_units: string[]; identifier_system: string | null }>(
    `SELECT ${COLUMNS}, o.original_units FROM observation o WHERE o.patient_id = $1 AND o.id = $2 FOR UPDATE`,
    [patientId, observationId],
  );
  const old = rows[0];
  if (!old) throw notFound('Value');
  if (old.superseded_by || old.status === 'entered-in-error') {
    throw new HttpProblem(
      409,
      'Already corrected',
      'This value has already been corrected; correct the latest version.',
    );
  }
  if (correction.enteredInError) {
    await db.query(
      `UPDATE observation SET status = 'entered-in-error', correction_reason = $3
       WHERE patient_id = $1 AND id = $2`,
      [patientId, observationId, correction.reason],
    );
    return { id: observationId, status: 'entered-in-error', replacesId: null };
  }
  const def = findMeasurement(old.code);
  const expected = def?.components?.length ?? 1;
  const values = correction.values ?? [];
  if (values.length !== expected) {
    throw new HttpProblem(422, 'Wrong number of values', `This measurement takes ${expected} value(s).`);
  }
  const range = def?.possible;
  if (range && values.some((v) => v < range.min || v > range.max)) {
    throw new HttpProblem(
      422,
      'Value out of range',
      `Values must lie between ${range.min} and ${range.max}.`,
    );
  }
  const id = uuidv7();
  await db.query(
    `INSERT INTO observation (patient_id, id, code, effective_at, value, value2, unit, original_values,
       original_units, status, source, entered_by, severity, validated_at, validated_by, validated_role,
       replaces_id, correction_reason)
     SELECT patient_id, $3, code, effective_at, $4, $5, unit, $6, ARRAY[unit], 'corrected', 'staff', $7, severity,
       now(), $7, $8, id, $9
     FROM observation WHERE patient_id = $1 AND id = $2`,
    [
      patientId,
      observationId,
      id,
      values[0],
      values[1] ?? null,
      values,
      signer.accountId,
      signer.role,
      correction.reason,
    ],
  );
  await db.query('UPDATE observation SET superseded_by = $3 WHERE patient_id = $1 AND id = $2', [
    patientId,
    observationId,
    id,
  ]);
  return { id, status: 'corrected', replacesId: observationId };
}
