import { PLAN_DEFINITION_BASE, type Protocol, planDefinitionOf } from '@hemma/core';
import { alternatives, mappedTokenParam } from '../search-params';
import type { FhirResource, ResourceDef, SourceRow } from './types';

interface Row extends SourceRow {
  current_version: number;
  retired: boolean;
  definition: Protocol;
}

/** A monitoring protocol at its current version (core/protocols maps it to PlanDefinition). */
export const planDefinitionDef: ResourceDef<Row> = {
  type: 'PlanDefinition',
  source: `SELECT p.id, NULL::uuid AS patient_id, v.created_at AS sort_at, p.current_version, p.retired, v.definition,
    CASE WHEN p.retired THEN 'retired' ELSE 'active' END AS status_code
    FROM protocol p JOIN protocol_version v ON v.protocol_id = p.id AND v.version = p.current_version`,
  idKind: 'text',
  patientScoped: false,
  defaultSort: '_id',
  params: {
    url: {
      type: 'uri',
      where: (value, bind) => {
        const ids = alternatives(value)
          .map((u) => u.split('|')[0]!)
          .filter((u) => u.startsWith(PLAN_DEFINITION_BASE))
          .map((u) => u.slice(PLAN_DEFINITION_BASE.length));
        return ids.length ? `r.id = ANY(${bind(ids)}::text[])` : 'false';
      },
    },
    status: mappedTokenParam('r.status_code', 'status', { active: ['active'], retired: ['retired'] }),
  },
  toFhir: (r) => ({
    ...(planDefinitionOf(r.definition, r.current_version) as FhirResource),
    id: r.id,
    meta: { versionId: String(r.current_version), lastUpdated: new Date(r.sort_at).toISOString() },
    status: r.retired ? 'retired' : 'active',
  }),
};
