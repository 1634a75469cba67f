import type { FastifyRequest } from 'fastify';
import { checkPatientAccess } from '../access/patient-access';
import { CARE_ROLES, userOf } from '../auth/actor';
import type { Database } from '../db/database';
import { notFound } from '../http/problem';

/** Who takes part in a conversation, and on which side of it. */
export interface Participant {
  side: 'patient' | 'staff';
  accountId: string;
  displayName: string;
  /** Patient side: the patient the conversation is about. */
  patientId?: string;
  /** Staff side: the units whose inbox they work in. */
  unitIds: string[];
}

/**
 * The one place that maps a logged-in user to a chat side. A relative (proxy) acting for a patient
 * under a grant with the right to message takes part on the patient's side: the route rule has
 * already resolved the grant and set actor.patientId (access/authorize.ts), and their messages are
 * stored under their own account, so staff see who wrote.
 */
export function participantOf(req: FastifyRequest): Participant {
  const user = userOf(req);
  if ((user.role === 'patient' || user.role === 'proxy') && user.patientId) {
    return {
      side: 'patient',
      accountId: user.accountId,
      displayName: user.displayName,
      patientId: user.patientId,
      unitIds: user.unitIds,
    };
  }
  if (CARE_ROLES.includes(user.role)) {
    return { side: 'staff', accountId: user.accountId, displayName: user.displayName, unitIds: user.unitIds };
  }
  throw notFound('Conversation');
}

export interface ThreadRef {
  patientId: string;
  id: string;
  careUnitId: string;
}

/**
 * A thread the participant may see: the patient's own, or — for staff — one at a unit they work at,
 * about a patient they have a care relationship with. Anything else is the same 404.
 */
export async function accessibleThread(
  db: Database,
  req: FastifyRequest,
  who: Participant,
  threadId: string,
): Promise<ThreadRef> {
  const { rows } = await db.query<{ patient_id: string; care_unit_id: string }>(
    'SELECT patient_id, care_unit_id FROM chat_thread WHERE id = $1',
    [threadId],
  );
  const row = rows[0];
  const allowed =
    row &&
    (who.side === 'patient' ? row.patient_id === who.patientId : who.unitIds.includes(row.care_unit_id));
  if (!row || !allowed) throw notFound('Conversation');
  await checkPatientAccess(db, req, row.patient_id).catch(() => {
    throw notFound('Conversation');
  });
  return { patientId: row.patient_id, id: threadId, careUnitId: row.care_unit_id };
}
