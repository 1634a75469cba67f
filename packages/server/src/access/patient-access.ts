import type { FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { type Actor, CARE_ROLES } from '../auth/actor';
import type { Database, Queryable } from '../db/database';
import { FEW_PATIENTS, patientsFrom, preparedQuery } from '../db/prepared';
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
  return (await accessBases(db, actor, [patientId])).get(patientId) ?? null;
}

/**
 * The basis for each of `patientIds` that `actor` may reach (the others are absent), decided in one
 * statement whatever the number of patients — the batched form of accessBasis.
 */
export async function accessBases(
  db: Queryable,
  actor: Actor,
  patientIds: string[],
): Promise<Map<string, AccessBasis>> {
  const ids = [...new Set(patientIds.filter((id) => UUID.test(id)))];
  const out = new Map<string, AccessBasis>();
  if (ids.length === 0) return out;
  const params: unknown[] = [];
  const param = sqlParam(params);
  const from = patientsFrom(ids, param);
  const access = accessSql(actor, 't.pid', param);
  if (!access.needsQuery) {
    for (const id of ids) {
      const basis = access.decide(id, NO_ROW);
      if (basis) out.set(id, basis);
    }
    return out;
  }
  // Every patient-data route asks this first; planning it cost more than running it, so a few
  // patients go through a named statement. Larger sets (listings) are planned for their size.
  const text = `SELECT t.pid::text AS patient_id, ${access.columns} FROM ${from}`;
  const { rows } =
    ids.length <= FEW_PATIENTS
      ? await preparedQuery<AccessColumns & { patient_id: string }>(db, text, params)
      : await db.query<AccessColumns & { patient_id: string }>(text, params);
  for (const row of rows) {
    const basis = access.decide(row.patient_id, row);
    if (basis) out.set(row.patient_id, basis);
  }
  return out;
}

/** The columns accessSql adds to a statement, per patient row. */
export interface AccessColumns {
  access_unit: string | null;
  access_limited: boolean;
  access_emergency: string | null;
  access_patient: boolean;
}
const NO_ROW: AccessColumns = {
  access_unit: null,
  access_limited: false,
  access_emergency: null,
  access_patient: false,
};

/** Adds a parameter to `params` and returns its placeholder ($n). */
export const sqlParam =
  (params: unknown[]) =>
  (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };

/**
 * The access decision as SQL select-list columns for the patient in column `patient`, so a caller can
 * decide access in the same statement that reads what it needs (intake reads limits and plan with it),
 * and `decide` to turn a row into the basis. Patients and proxies need no database (`needsQuery` false).
 */
export function accessSql(
  actor: Actor,
  patient: string,
  param: (value: unknown) => string,
): {
  columns: string;
  needsQuery: boolean;
  decide(patientId: string, row: AccessColumns): AccessBasis | null;
} {
  const none = { unitId: null, emergencyAccessId: null };
  if (actor.kind === 'client') {
    const client = param(actor.clientId);
    return {
      needsQuery: true,
      columns: `(SELECT u.care_unit_id::text FROM api_client_unit u
          WHERE u.client_id = ${client} AND u.care_unit_id = ANY(${careUnitsOfPatient(patient)}) LIMIT 1) AS access_unit,
        EXISTS (SELECT 1 FROM api_client_unit u WHERE u.client_id = ${client}) AS access_limited,
        NULL::text AS access_emergency,
        EXISTS (SELECT 1 FROM patient WHERE id = ${patient}) AS access_patient`,
      decide: (_id, row) =>
        !row.access_patient || (row.access_limited && !row.access_unit)
          ? null
          : { purpose: 'integration', unitId: row.access_unit, emergencyAccessId: null },
    };
  }
  if (CARE_ROLES.includes(actor.role)) {
    return {
      needsQuery: true,
      columns: `(SELECT u FROM unnest(${param(actor.unitIds)}::uuid[]) u
          WHERE u = ANY(${careUnitsOfPatient(patient)}) LIMIT 1)::text AS access_unit,
        false AS access_limited,
        (SELECT id::text FROM emergency_access
         WHERE account_id = ${param(actor.accountId)} AND patient_id = ${patient} AND expires_at > now()
         ORDER BY expires_at DESC LIMIT 1) AS access_emergency,
        true AS access_patient`,
      decide: (_id, row) =>
        row.access_unit
          ? { purpose: 'care', unitId: row.access_unit, emergencyAccessId: null }
          : row.access_emergency
            ? { purpose: 'emergency', unitId: null, emergencyAccessId: row.access_emergency }
            : null,
    };
  }
  const decide = (id: string): AccessBasis | null => {
    if (actor.role === 'patient') return actor.patientId === id ? { purpose: 'self', ...none } : null;
    if (actor.role === 'proxy')
      return actor.patientId === id && actor.proxyGrant ? { purpose: 'proxy', ...none } : null;
    return null;
  };
  return {
    needsQuery: false,
    columns: `NULL::text AS access_unit, false AS access_limited, NULL::text AS access_emergency,
      true AS access_patient`,
    decide,
  };
}

/** SQL for the units with a care relationship to patient `patient` (a column or parameter): active
 *  enrolments and their participants. */
export function careUnitsOfPatient(patient: string): string {
  return `ARRAY(
  SELECT e.care_unit_id FROM enrolment e WHERE e.patient_id = ${patient} AND e.status = 'active'
  UNION
  SELECT p.care_unit_id FROM enrolment_participant p
  JOIN enrolment e ON e.patient_id = p.patient_id AND e.id = p.enrolment_id AND e.status = 'active'
  WHERE p.patient_id = ${patient} AND p.ended_at IS NULL)`;
}

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
  if (!req.actor) return [];
  const bases = await accessBases(db, req.actor, patientIds);
  req.accessBasis ??= new Map();
  for (const [id, basis] of bases) req.accessBasis.set(id, basis);
  return patientIds.filter((id) => bases.has(id));
}

/**
 * Appends one access-log row: who (account or client), role, unit, patient, action, purpose, from
 * where. Rows are written unchained; the sealer chains them (audit/chain.ts, migration 012).
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
  const params: unknown[] = [];
  await db.query(auditInsertSql([auditEntry(req, patientId, action, basis)], sqlParam(params)), params);
}

/** One access-log row, as audit() writes it; intake writes it in the statement that stores the values. */
export interface AuditEntry {
  id: string;
  patientId: string | null;
  accountId: string | null;
  clientId: string | null;
  role: string;
  unitId: string | null;
  action: string;
  purpose: Purpose;
  remoteAddr: string;
  emergencyAccessId: string | null;
  followUp: boolean;
}

/** The row for an access by `req`'s actor on the basis decided for it (req.accessBasis unless given). */
export function auditEntry(
  req: FastifyRequest,
  patientId: string | null,
  action: string,
  basis: AccessBasis | undefined = patientId ? req.accessBasis?.get(patientId) : undefined,
): AuditEntry {
  const actor = req.actor;
  return {
    id: uuidv7(),
    patientId,
    accountId: actor?.kind === 'user' ? actor.accountId : null,
    clientId: actor?.kind === 'client' ? actor.clientId : null,
    role: actor?.kind === 'user' ? actor.role : 'integration-client',
    unitId: basis?.unitId ?? null,
    action: `${action} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
    purpose: basis?.purpose ?? 'care',
    remoteAddr: req.ip,
    emergencyAccessId: basis?.emergencyAccessId ?? null,
    followUp: basis?.purpose === 'emergency',
  };
}

/** An INSERT of audit rows, one multi-row statement (or a data-modifying CTE's body) for any number. */
export function auditInsertSql(entries: AuditEntry[], param: (value: unknown) => string): string {
  const col = <T>(f: (e: AuditEntry) => T) => param(entries.map(f));
  return `INSERT INTO audit_event (id, patient_id, actor_account_id, actor_client_id, actor_role, actor_unit_id,
       action, purpose, remote_addr, emergency_access_id, follow_up)
     SELECT * FROM unnest(${col((e) => e.id)}::uuid[], ${col((e) => e.patientId)}::uuid[],
       ${col((e) => e.accountId)}::uuid[], ${col((e) => e.clientId)}::text[], ${col((e) => e.role)}::text[],
       ${col((e) => e.unitId)}::uuid[], ${col((e) => e.action)}::text[], ${col((e) => e.purpose)}::text[],
       ${col((e) => e.remoteAddr)}::text[], ${col((e) => e.emergencyAccessId)}::uuid[],
       ${col((e) => e.followUp)}::boolean[])`;
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
