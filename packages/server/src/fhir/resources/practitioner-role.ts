import { mappedTokenParam, referenceParam } from '../search-params';
import { HEMMA_CODES, ref } from './codes';
import { PRACTITIONER_ROLES } from './practitioner';
import type { ResourceDef, SourceRow } from './types';

interface Row extends SourceRow {
  account_id: string;
  care_unit_id: string;
  role: string;
  disabled: boolean;
}

const ROLES = ['nurse', 'physician', 'municipal-nurse', 'unit-admin'];

/** A staff membership (account at a unit). Its id is derived from the pair, so it is stable without a column. */
export const practitionerRoleDef: ResourceDef<Row> = {
  type: 'PractitionerRole',
  source: `SELECT md5(m.account_id::text || '/' || m.care_unit_id::text)::uuid AS id, NULL::uuid AS patient_id,
    a.created_at AS sort_at, m.account_id, m.care_unit_id, a.role, a.disabled
    FROM staff_membership m JOIN account a ON a.id = m.account_id WHERE a.role IN ${PRACTITIONER_ROLES}`,
  idKind: 'uuid',
  patientScoped: false,
  defaultSort: '_id',
  params: {
    practitioner: referenceParam('r.account_id', 'Practitioner', 'practitioner'),
    organization: referenceParam('r.care_unit_id', 'Organization', 'organization'),
    role: mappedTokenParam('r.role', 'role', Object.fromEntries(ROLES.map((r) => [r, [r]]))),
  },
  includes: [
    { name: 'PractitionerRole:practitioner', target: 'Practitioner', ids: (r) => [r.account_id] },
    { name: 'PractitionerRole:organization', target: 'Organization', ids: (r) => [r.care_unit_id] },
  ],
  toFhir: (r) => ({
    resourceType: 'PractitionerRole',
    id: r.id,
    active: !r.disabled,
    practitioner: ref('Practitioner', r.account_id),
    organization: ref('Organization', r.care_unit_id),
    code: [{ coding: [{ system: `${HEMMA_CODES}staff-role`, code: r.role }] }],
  }),
};
