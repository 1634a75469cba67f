import { dateParam, mappedTokenParam, referenceParam } from '../search-params';
import { HEMMA_CODES, iso, ref } from './codes';
import type { ResourceDef, SourceRow } from './types';

interface Row extends SourceRow {
  care_unit_id: string;
  condition: string;
  kind: string;
  status: 'active' | 'finished';
  started_at: Date;
  ended_at: Date | null;
}

/** An enrolment in monitoring at a care unit. */
export const episodeOfCareDef: ResourceDef<Row> = {
  type: 'EpisodeOfCare',
  source: `SELECT e.id, e.patient_id, e.started_at AS sort_at, e.care_unit_id, e.condition, e.kind, e.status,
    e.started_at, e.ended_at FROM enrolment e`,
  idKind: 'uuid',
  patientScoped: true,
  defaultSort: '-date',
  params: {
    status: mappedTokenParam('r.status', 'status', { active: ['active'], finished: ['finished'] }),
    organization: referenceParam('r.care_unit_id', 'Organization', 'organization'),
    date: dateParam('r.started_at', 'date'),
  },
  includes: [{ name: 'EpisodeOfCare:organization', target: 'Organization', ids: (r) => [r.care_unit_id] }],
  toFhir: (r) => ({
    resourceType: 'EpisodeOfCare',
    id: r.id,
    status: r.status,
    type: [
      { coding: [{ system: `${HEMMA_CODES}monitoring-kind`, code: r.kind }] },
      { coding: [{ system: `${HEMMA_CODES}condition`, code: r.condition }] },
    ],
    patient: ref('Patient', r.patient_id!),
    managingOrganization: ref('Organization', r.care_unit_id),
    period: { start: iso(r.started_at), ...(r.ended_at ? { end: iso(r.ended_at) } : {}) },
  }),
};
