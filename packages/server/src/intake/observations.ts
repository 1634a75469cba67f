import { findMeasurement, measurementForValueCode } from '@hemma/core';
import type { Queryable } from '../db/database';
import { badRequest } from '../http/problem';
import { OBSERVATION_COLUMNS, type ObservationRow, rowToObservation } from './observation-row';

export interface ObservationQuery {
  code?: string;
  from?: string;
  to?: string;
  limit?: number;
}

export const observationQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    code: { type: 'string', maxLength: 40 },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    limit: { type: 'integer', minimum: 1, maximum: 5000 },
  },
} as const;

const DEFAULT_DAYS = 90;

/** A patient's measurements, newest first; a component code (8480-6) finds its panel. */
export async function listObservations(db: Queryable, patientId: string, q: ObservationQuery) {
  let code: string | null = null;
  if (q.code) {
    const def = findMeasurement(q.code) ?? measurementForValueCode(q.code);
    if (!def) throw badRequest(`Unknown measurement code ${q.code}.`);
    code = def.loinc;
  }
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  const { rows } = await db.query<
    ObservationRow & { entered_by_name: string | null; entered_by_role: string | null }
  >(
    `SELECT ${OBSERVATION_COLUMNS}, a.display_name AS entered_by_name, a.role AS entered_by_role
     FROM observation o LEFT JOIN account a ON a.id = o.entered_by
     WHERE o.patient_id = $1 AND ($2::text IS NULL OR o.code = $2) AND o.effective_at >= $3 AND o.effective_at <= $4
       AND o.superseded_by IS NULL -- a corrected value shows as its correction (docs/workspace.md)
     ORDER BY o.effective_at DESC LIMIT $5`,
    [patientId, code, from, to, q.limit ?? 1000],
  );
  return rows.map((r) => ({
    ...rowToObservation(r),
    enteredBy: r.entered_by_name ? { displayName: r.entered_by_name, role: r.entered_by_role } : null,
  }));
}
