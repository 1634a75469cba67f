import { hsaIdentifier, hsaIdentifierParam, stringParam } from '../search-params';
import type { ResourceDef, SourceRow } from './types';

interface Row extends SourceRow {
  display_name: string;
  hsa_id: string | null;
  disabled: boolean;
}

/** Staff accounts that take part in care or run a unit (patients, relatives and system admins are not practitioners). */
export const PRACTITIONER_ROLES = `('nurse', 'physician', 'municipal-nurse', 'unit-admin')`;

export const practitionerDef: ResourceDef<Row> = {
  type: 'Practitioner',
  source: `SELECT a.id, NULL::uuid AS patient_id, a.created_at AS sort_at, a.display_name, a.hsa_id, a.disabled
    FROM account a WHERE a.role IN ${PRACTITIONER_ROLES}`,
  idKind: 'uuid',
  patientScoped: false,
  defaultSort: '_id',
  params: { identifier: hsaIdentifierParam('r.hsa_id'), name: stringParam('r.display_name') },
  toFhir: (r) => ({
    resourceType: 'Practitioner',
    id: r.id,
    ...(r.hsa_id ? { identifier: hsaIdentifier(r.hsa_id) } : {}),
    active: !r.disabled,
    name: [{ text: r.display_name }],
  }),
};
