import { iso, ref } from './codes';
import type { ResourceDef, SourceRow } from './types';

interface Row extends SourceRow {
  first_seen: Date;
}

/**
 * A device as the observations name it (Observation.device, e.g. from a gateway's Bundle): Hemma
 * keeps the device's identifier on each observation rather than a device register, so a Device is
 * the set of a patient's observations from it.
 */
export const deviceDef: ResourceDef<Row> = {
  type: 'Device',
  source: `SELECT o.device_id AS id, o.patient_id, max(o.received_at) AS sort_at, min(o.received_at) AS first_seen
    FROM observation o WHERE o.device_id ~ '^[A-Za-z0-9.-]{1,64}$' GROUP BY o.device_id, o.patient_id`,
  idKind: 'text',
  patientScoped: true,
  defaultSort: '-date',
  params: {},
  toFhir: (r) => ({
    resourceType: 'Device',
    id: r.id,
    meta: { lastUpdated: iso(r.sort_at) },
    identifier: [{ value: r.id }],
    status: 'active',
    patient: ref('Patient', r.patient_id!),
  }),
};
