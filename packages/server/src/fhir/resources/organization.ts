import { hsaIdentifier, hsaIdentifierParam, stringParam } from '../search-params';
import type { ResourceDef, SourceRow } from './types';

interface Row extends SourceRow {
  name: string;
  hsa_id: string | null;
  region_name: string;
}

/** A care unit (vårdenhet); its region or municipality is named in partOf. */
export const organizationDef: ResourceDef<Row> = {
  type: 'Organization',
  source: `SELECT u.id, NULL::uuid AS patient_id, u.created_at AS sort_at, u.name, u.hsa_id, g.name AS region_name
    FROM care_unit u JOIN region g ON g.id = u.region_id`,
  idKind: 'uuid',
  patientScoped: false,
  defaultSort: '_id',
  params: { identifier: hsaIdentifierParam('r.hsa_id'), name: stringParam('r.name') },
  toFhir: (r) => ({
    resourceType: 'Organization',
    id: r.id,
    ...(r.hsa_id ? { identifier: hsaIdentifier(r.hsa_id) } : {}),
    active: true,
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov' }] }],
    name: r.name,
    partOf: { display: r.region_name },
  }),
};
