import { ALERT_OBSERVATION_EXTENSION, type AlertReason, toFhirFlag } from '@hemma/core';
import { dateParam, mappedTokenParam } from '../search-params';
import { iso } from './codes';
import type { FhirResource, ResourceDef, SourceRow } from './types';

interface Row extends SourceRow {
  observation_id: string | null;
  severity: 'yellow' | 'red';
  reasons: AlertReason[];
  status: 'open' | 'acknowledged';
  created_at: Date;
  acknowledged_at: Date | null;
}

export const flagDef: ResourceDef<Row> = {
  type: 'Flag',
  source: `SELECT a.id, a.patient_id, a.created_at AS sort_at, a.observation_id, a.severity, a.reasons, a.status,
    a.created_at, a.acknowledged_at FROM alert a`,
  idKind: 'uuid',
  patientScoped: true,
  subjectParam: true,
  defaultSort: '-date',
  params: {
    status: mappedTokenParam('r.status', 'status', { active: ['open'], inactive: ['acknowledged'] }),
    date: dateParam('r.created_at', 'date'),
  },
  toFhir: (r) => {
    const flag = toFhirFlag({
      id: r.id,
      patientId: r.patient_id!,
      observationId: r.observation_id ?? '',
      severity: r.severity,
      reasons: r.reasons,
      status: r.status,
      createdAt: iso(r.created_at)!,
      acknowledgedAt: iso(r.acknowledged_at) ?? null,
    }) as FhirResource & { extension: { url: string }[] };
    // Alerts about a missed measurement have no observation to point at.
    if (!r.observation_id)
      flag.extension = flag.extension.filter((e) => e.url !== ALERT_OBSERVATION_EXTENSION);
    return flag;
  },
};
