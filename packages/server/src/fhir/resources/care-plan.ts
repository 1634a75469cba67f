import { findMeasurement, LOINC, PLAN_DEFINITION_BASE, type PlanActivity } from '@hemma/core';
import { dateParam } from '../search-params';
import { iso, ref } from './codes';
import type { ResourceDef, SourceRow } from './types';

interface Row extends SourceRow {
  revision: number;
  starts_at: Date;
  activities: PlanActivity[];
  protocols: { id: string; version: number }[] | null;
  updated_at: Date;
}

/** The patient's one care plan: the merged activities of the protocols of their active enrolments. */
export const carePlanDef: ResourceDef<Row> = {
  type: 'CarePlan',
  source: `SELECT c.id, c.patient_id, c.updated_at AS sort_at, c.revision, c.starts_at, c.activities, c.updated_at,
    (SELECT json_agg(json_build_object('id', ep.protocol_id, 'version', ep.protocol_version) ORDER BY ep.protocol_id)
       FROM enrolment_protocol ep JOIN enrolment e ON e.patient_id = ep.patient_id AND e.id = ep.enrolment_id
       WHERE ep.patient_id = c.patient_id AND e.status = 'active') AS protocols
    FROM care_plan c`,
  idKind: 'uuid',
  patientScoped: true,
  subjectParam: true,
  defaultSort: '-date',
  params: { date: dateParam('r.starts_at', 'date') },
  toFhir: (r) => ({
    resourceType: 'CarePlan',
    id: r.id,
    meta: { versionId: String(r.revision), lastUpdated: iso(r.updated_at) },
    ...((r.protocols ?? []).length
      ? { instantiatesCanonical: r.protocols!.map((p) => `${PLAN_DEFINITION_BASE}${p.id}|${p.version}`) }
      : {}),
    status: (r.protocols ?? []).length ? 'active' : 'completed',
    intent: 'plan',
    subject: ref('Patient', r.patient_id!),
    period: { start: iso(r.starts_at) },
    activity: r.activities.map((a) => ({
      detail: {
        kind: a.kind === 'measurement' ? 'ServiceRequest' : 'Task',
        ...(a.kind === 'measurement'
          ? { code: { coding: [{ system: LOINC, code: findMeasurement(a.code)?.loinc ?? a.code }] } }
          : { instantiatesCanonical: [a.code] }),
        status: 'scheduled',
        description: a.title.sv,
      },
    })),
  }),
};
