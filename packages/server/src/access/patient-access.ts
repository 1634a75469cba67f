import type { FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { type Actor, CARE_ROLES } from '../auth/actor';
import type { Database, Queryable } from '../db/database';
import { notFound } from '../http/problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AuditAction = 'read' | 'create' | 'update' | 'search' | 'lookup';
/** 'follow-up': an administrator reading the log about a patient. */
export type Purpose = 'care' | 'emergency' | 'proxy' | 'integration' | 'self' | 'follow-up';

/** Why an actor may reach a patient, as written to the audit log. */
export interface AccessBasis {
  purpose: Purpose;
  /** Staff: the unit that carries the care relationship. */
  unitId: string | null;
  emergencyAccessId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Decisions made during this request, by patient id; audit() records their basis. */
    accessBasis?: Map<string, AccessBasis>;
  }
}

/**
 * The one place that decides whether an actor may reach a patient's data:
 * - patients reach themselves; proxies the patient they act for under an active grant;
 * - care staff (nurse, physician, municipal nurse) patients with an active enrolment at one of their
 *   units or a unit participating in that enrolment (the care relationship), or under an unexpired
 *   emergency access (nödåtkomst), which is audited as such and flagged for follow-up;
 * - integration clients any patient, or — when limited to units — patients of those units;
 * - administrators no patient data (they follow up the log instead).
 * Unknown and forbidden patients answer the same 404, so nothing is revealed about who exists.
 */
export async function assertPatientAccess(
  db: Database,
  req: FastifyRequest,
  patientId: string,
  action: AuditAction,
): Promise<void> {
  await checkPatientAccess(db, req, patientId);
  await audit(db, req, patientId, action);
}

/** The access decision alone, for writes that record their audit row in their own transaction. */
export async function checkPatientAccess(
  db: Queryable,
  req: FastifyRequest,
  patientId: string,
): Promise<AccessBasis> {
  const actor = req.actor;
  const basis = actor && UUID.test(patientId) ? await accessBasis(db, actor, patientId) : null;
  if (!basis) throw notFound('Patient');
  req.accessBasis ??= new Map();
  req.accessBasis.set(patientId, basis);
  return basis;
}

/** The basis on which `actor` may reach `patientId`, or null when it may not. */
export async function accessBasis(
  db: Queryable,
  actor: Actor,
  patientId: string,
): Promise<AccessBasis | null> {
  const none = { unitId: null, emergencyAccessId: null };
  if (actor.kind === 'client') {
    const { rows } = await db.query<{ unit_id: string | null }>(
      `SELECT (SELECT u.care_unit_id::text FROM api_client_unit u
               WHERE u.client_id = $2 AND u.care_unit_id = ANY(${CARE_UNITS_OF_PATIENT}) LIMIT 1) AS unit_id,
              EXISTS (SELECT 1 FROM api_client_unit u WHERE u.client_id = $2) AS limited
       FROM patient WHERE id = $1`,
      [patientId, actor.clientId],
    );
    const row = rows[0] as { unit_id: string | null; limited: boolean } | undefined;
    if (!row || (row.limited && !row.unit_id)) return null;
    return { purpose: 'integration', unitId: row.unit_id, emergencyAccessId: null };
  }
  if (actor.role === 'patient') return actor.patientId === patientId ? { purpose: 'self', ...none } : null;
  if (actor.role === 'proxy') {
    return actor.patientId === patientId && actor.proxyGrant ? { purpose: 'proxy', ...none } : null;
  }
  if (!CARE_ROLES.includes(actor.role)) return null;
  const { rows } = await db.query<{ unit_id: string | null; emergency_id: string | null }>(
    `SELECT (SELECT u FROM unnest($2::uuid[]) u WHERE u = ANY(${CARE_UNITS_OF_PATIENT}) LIMIT 1)::text AS unit_id,
            (SELECT id::text FROM emergency_access
             WHERE account_id = $3 AND patient_id = $1 AND expires_at > now()
             ORDER BY expires_at DESC LIMIT 1) AS emergency_id`,
    [patientId, actor.unitIds, actor.accountId],
  );
  const row = rows[0];
  if (row?.unit_id) return { purpose: 'care', unitId: row.unit_id, emergencyAccessId: null };
  if (row?.emergency_id) return { purpose: 'emergency', unitId: null, emergencyAccessId: row.emergency_id };
  return null;
}

/** SQL for the units with a care relationship to patient $1: active enrolments and their participants. */
export const CARE_UNITS_OF_PATIENT = `ARRAY(
  SELECT e.care_unit_id FROM enrolment e WHERE e.patient_id = $1 AND e.status = 'active'
  UNION
  SELECT p.care_unit_id FROM enrolment_participant p
  JOIN enrolment e ON e.patient_id = p.patient_id AND e.id = p.enrolment_id AND e.status = 'active'
  WHERE p.patient_id = $1 AND p.ended_at IS NULL)`;

/** SQL condition: patient `patient` (a column) has a care relationship with one of the units in
 *  `units` (a uuid[] parameter) — for listings, the same relationship assertPatientAccess checks. */
export function careRelationshipSql(patient: string, units: string): string {
  return `(EXISTS (SELECT 1 FROM enrolment e WHERE e.patient_id = ${patient} AND e.status = 'active'
      AND e.care_unit_id = ANY(${units}::uuid[]))
    OR EXISTS (SELECT 1 FROM enrolment_participant ep JOIN enrolment e
      ON e.patient_id = ep.patient_id AND e.id = ep.enrolment_id AND e.status = 'active'
      WHERE ep.patient_id = ${patient} AND ep.ended_at IS NULL AND ep.care_unit_id = ANY(${units}::uuid[])))`;
}

/** Of `patientIds`, those the request's actor may reach (for searches that list patients); their
 *  basis is kept for the audit rows that follow. */
export async function reachablePatients(
  db: Queryable,
  req: FastifyRequest,
  patientIds: string[],
): Promise<string[]> {
  const out: string[] = [];
  if (!req.actor) return out;
  req.accessBasis ??= new Map();
  for (const id of patientIds) {
    const basis = await accessBasis(db, req.actor, id);
    if (!basis) continue;
    req.accessBasis.set(id, basis);
    out.push(id);
  }
  return out;
}

/**
 * Appends one access-log row: who (account or client), role, unit, patient, action, purpose, from
 * where. The database chains it (see migration 005); audit/ verifies the chain and follows it up.
 */
export async function audit(
  db: Queryable,
  req: FastifyRequest,
  patientId: string | null,
  action: string,
): Promise<void> {
  const actor = req.actor;
  const basis =
    (patientId ? req.accessBasis?.get(patientId) : undefined) ??
    (actor ? await defaultBasis(db, actor, patientId) : undefined);
  await db.query(
    `INSERT INTO audit_event (id, patient_id, actor_account_id, actor_client_id, actor_role, actor_unit_id,
       action, purpose, remote_addr, emergency_access_id, follow_up)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      uuidv7(),
      patientId,
      actor?.kind === 'user' ? actor.accountId : null,
      actor?.kind === 'client' ? actor.clientId : null,
      actor?.kind === 'user' ? actor.role : 'integration-client',
      basis?.unitId ?? null,
      `${action} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
      basis?.purpose ?? 'care',
      req.ip,
      basis?.emergencyAccessId ?? null,
      basis?.purpose === 'emergency',
    ],
  );
}

async function defaultBasis(db: Queryable, actor: Actor, patientId: string | null): Promise<AccessBasis> {
  if (patientId) {
    const basis = await accessBasis(db, actor, patientId);
    if (basis) return basis;
  }
  const purpose: Purpose =
    actor.kind === 'client'
      ? 'integration'
      : actor.role === 'proxy'
        ? 'proxy'
        : actor.role === 'patient'
          ? 'self'
          : 'care';
  return { purpose, unitId: null, emergencyAccessId: null };
}
