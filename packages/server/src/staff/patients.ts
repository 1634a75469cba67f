import { careRelationshipSql } from '../access/patient-access';
import type { Database } from '../db/database';
import { toIso } from '../db/database';
import { notFound } from '../http/problem';

interface SummaryRow {
  id: string;
  name: string;
  personnummer: string;
  birth_date: string;
  conditions: string[];
  open_alerts: number;
  worst: 'green' | 'yellow' | 'red';
}

const SUMMARY = `SELECT p.id, p.given_name || ' ' || p.family_name AS name, p.personnummer, p.birth_date::text AS birth_date,
    ARRAY(SELECT DISTINCT e.condition FROM enrolment e WHERE e.patient_id = p.id AND e.status = 'active' ORDER BY 1) AS conditions,
    (SELECT count(*) FROM alert a WHERE a.patient_id = p.id AND a.status = 'open') AS open_alerts,
    (SELECT CASE WHEN bool_or(a.severity = 'red') THEN 'red' WHEN count(*) > 0 THEN 'yellow' ELSE 'green' END
       FROM alert a WHERE a.patient_id = p.id AND a.status = 'open') AS worst
  FROM patient p`;

function toSummary(r: SummaryRow) {
  return {
    id: r.id,
    name: r.name,
    personnummer: r.personnummer,
    conditions: r.conditions,
    openAlerts: r.open_alerts,
    worstSeverity: r.worst,
  };
}

/** Patients with a care relationship to the given units (enrolled there or participating units),
 *  optionally filtered by name or personnummer. */
export async function findPatients(db: Database, unitIds: string[], q?: string) {
  const term = q?.trim() ? `%${q.trim().replace(/[-\s]/g, '').toLowerCase()}%` : null;
  const { rows } = await db.query<SummaryRow>(
    `${SUMMARY}
     WHERE ${careRelationshipSql('p.id', '$1')}
       AND ($2::text IS NULL OR lower(p.given_name || p.family_name) LIKE $2 OR p.personnummer LIKE $2
            OR lower(p.given_name || ' ' || p.family_name) LIKE $3)
     ORDER BY p.family_name, p.given_name LIMIT 500`,
    [unitIds, term, q?.trim() ? `%${q.trim().toLowerCase()}%` : null],
  );
  return rows.map(toSummary);
}

/** Header data for the patient page. Access has been checked by the caller. */
export async function patientDetail(db: Database, patientId: string, viewerUnitIds: string[]) {
  const { rows } = await db.query<SummaryRow>(`${SUMMARY} WHERE p.id = $1`, [patientId]);
  const row = rows[0];
  if (!row) throw notFound('Patient');
  const enrolments = await db.query<{
    unit_id: string;
    unit_name: string;
    condition: string;
    kind: string;
    since: Date;
  }>(
    `SELECT e.care_unit_id AS unit_id, u.name AS unit_name, e.condition, e.kind, e.started_at AS since
     FROM enrolment e JOIN care_unit u ON u.id = e.care_unit_id
     WHERE e.patient_id = $1 AND e.status = 'active' ORDER BY e.started_at`,
    [patientId],
  );
  const codes = await db.query<{ code: string }>(
    'SELECT DISTINCT code FROM observation WHERE patient_id = $1',
    [patientId],
  );
  return {
    ...toSummary(row),
    birthDate: row.birth_date,
    enrolments: enrolments.rows.map((e) => ({
      unitId: e.unit_id,
      unitName: e.unit_name,
      condition: e.condition,
      kind: e.kind,
      since: toIso(e.since),
      mine: viewerUnitIds.includes(e.unit_id),
    })),
    measurementCodes: codes.rows.map((c) => c.code),
  };
}
