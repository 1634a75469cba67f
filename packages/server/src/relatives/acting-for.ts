import type { FastifyRequest } from 'fastify';
import type { UserActor } from '../auth/actor';
import type { Queryable } from '../db/database';

/** Cookie holding the grant (an opaque id) of the patient a relative currently acts for. */
export const ACTING_FOR_COOKIE = 'hemma_acting_for';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ProxyGrant = NonNullable<UserActor['proxyGrant']>;

/**
 * For a proxy: loads the grant named by the acting-for cookie — only if it is theirs and not revoked —
 * and makes its patient the actor's patient, so the patient routes serve the relative the patient's
 * data and record what they do as done by the proxy. A revoked grant stops working on the next request.
 */
export async function resolveActingFor(
  db: Queryable,
  req: FastifyRequest,
  actor: UserActor,
): Promise<ProxyGrant | undefined> {
  if (actor.role !== 'proxy') return undefined;
  if (actor.proxyGrant) return actor.proxyGrant;
  const grantId = req.cookies?.[ACTING_FOR_COOKIE];
  if (!grantId || !UUID.test(grantId)) return undefined;
  const { rows } = await db.query<{
    patient_id: string;
    can_view: boolean;
    can_record: boolean;
    can_message: boolean;
  }>(
    `SELECT patient_id, can_view, can_record, can_message FROM relative_grant
     WHERE id = $1 AND proxy_account_id = $2 AND revoked_at IS NULL`,
    [grantId, actor.accountId],
  );
  const row = rows[0];
  if (!row) return undefined;
  actor.patientId = row.patient_id;
  actor.proxyGrant = {
    id: grantId,
    canView: row.can_view,
    canRecord: row.can_record,
    canMessage: row.can_message,
  };
  return actor.proxyGrant;
}
