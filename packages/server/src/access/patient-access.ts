import type { FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../auth/actor';
import type { Database, Queryable } from '../db/database';
import { notFound } from '../http/problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AuditAction = 'read' | 'create' | 'update' | 'search';

/**
 * The one place that decides whether an actor may reach a patient's data: patients reach only
 * themselves, staff only patients actively enrolled at one of their units (the care relationship),
 * integration clients any patient (unit limits for clients come with the identity work).
 * Unknown and forbidden patients answer the same 404, so nothing is revealed about who exists.
 * Every granted access is written to the audit log.
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
  db: Database,
  req: FastifyRequest,
  patientId: string,
): Promise<void> {
  const actor = req.actor;
  if (!actor || !UUID.test(patientId) || !(await canAccess(db, actor, patientId))) throw notFound('Patient');
}

async function canAccess(db: Queryable, actor: Actor, patientId: string): Promise<boolean> {
  if (actor.kind === 'client') {
    const { rows } = await db.query('SELECT 1 FROM patient WHERE id = $1', [patientId]);
    return rows.length > 0;
  }
  if (actor.role === 'patient') return actor.patientId === patientId;
  const { rows } = await db.query(
    `SELECT 1 FROM enrolment WHERE patient_id = $1 AND status = 'active' AND care_unit_id = ANY($2::uuid[]) LIMIT 1`,
    [patientId, actor.unitIds],
  );
  return rows.length > 0;
}

/** Appends one access-log row: who (account or client), role, patient, action, from where. */
export async function audit(
  db: Queryable,
  req: FastifyRequest,
  patientId: string | null,
  action: string,
): Promise<void> {
  const actor = req.actor;
  await db.query(
    `INSERT INTO audit_event (id, patient_id, actor_account_id, actor_client_id, actor_role, action, remote_addr)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      uuidv7(),
      patientId,
      actor?.kind === 'user' ? actor.accountId : null,
      actor?.kind === 'client' ? actor.clientId : null,
      actor?.kind === 'user' ? actor.role : 'integration-client',
      `${action} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
      req.ip,
    ],
  );
}
