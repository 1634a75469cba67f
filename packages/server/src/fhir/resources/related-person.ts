import { mappedTokenParam } from '../search-params';
import { iso, ref } from './codes';
import type { ResourceDef, SourceRow } from './types';

export interface GrantRow extends SourceRow {
  granted_at: Date;
  revoked_at: Date | null;
  can_view: boolean;
  can_record: boolean;
  can_message: boolean;
  display_name: string;
}

/** A relative's grant to act for the patient (relatives/): the relative as RelatedPerson, the grant as Consent. */
export const GRANT_SOURCE = `SELECT g.id, g.patient_id, g.granted_at AS sort_at, g.granted_at, g.revoked_at,
  g.can_view, g.can_record, g.can_message, a.display_name,
  CASE WHEN g.revoked_at IS NULL THEN 'active' ELSE 'inactive' END AS state
  FROM relative_grant g JOIN account a ON a.id = g.proxy_account_id`;

export const relatedPersonDef: ResourceDef<GrantRow> = {
  type: 'RelatedPerson',
  source: GRANT_SOURCE,
  idKind: 'uuid',
  patientScoped: true,
  defaultSort: '-date',
  params: { active: mappedTokenParam('r.state', 'active', { true: ['active'], false: ['inactive'] }) },
  toFhir: (r) => ({
    resourceType: 'RelatedPerson',
    id: r.id,
    active: r.revoked_at === null,
    patient: ref('Patient', r.patient_id!),
    name: [{ text: r.display_name }],
    period: { start: iso(r.granted_at), ...(r.revoked_at ? { end: iso(r.revoked_at) } : {}) },
  }),
};
