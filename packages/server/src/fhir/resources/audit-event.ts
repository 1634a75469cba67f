import { dateParam } from '../search-params';
import { HEMMA_SID, iso, ref } from './codes';
import type { ResourceDef, SourceRow } from './types';

interface Row extends SourceRow {
  at: Date;
  actor_account_id: string | null;
  actor_client_id: string | null;
  actor_role: string;
  actor_unit_id: string | null;
  action: string;
  purpose: string;
  remote_addr: string | null;
  emergency_access_id: string | null;
}

// What each audited action is in FHIR terms: the DICOM action code and the RESTful interaction.
const ACTIONS: Record<string, { code: 'C' | 'R' | 'U' | 'E'; interaction: string }> = {
  read: { code: 'R', interaction: 'read' },
  search: { code: 'E', interaction: 'search-type' },
  lookup: { code: 'E', interaction: 'search-type' },
  create: { code: 'C', interaction: 'create' },
  update: { code: 'U', interaction: 'update' },
};
// Why, as v3 ActReason where one fits; the purpose itself is always in the text.
const PURPOSES: Record<string, string> = { care: 'TREAT', emergency: 'ETREAT', 'follow-up': 'HOPERAT' };
const STAFF = ['nurse', 'physician', 'municipal-nurse', 'unit-admin'];

/** The access log about a patient (audit/): who reached the patient's data, how, when, why, from where. */
export const auditEventDef: ResourceDef<Row> = {
  type: 'AuditEvent',
  source: `SELECT a.id, a.patient_id, a.at AS sort_at, a.at, a.actor_account_id, a.actor_client_id, a.actor_role,
    a.actor_unit_id, a.action, a.purpose, a.remote_addr, a.emergency_access_id
    FROM audit_event a WHERE a.patient_id IS NOT NULL`,
  idKind: 'uuid',
  patientScoped: true,
  defaultSort: '-date',
  params: { date: dateParam('r.at', 'date') },
  toFhir: (r) => {
    const verb = r.action.split(' ')[0]!;
    const action = ACTIONS[verb] ?? { code: 'E', interaction: 'operation' };
    const who = r.actor_client_id
      ? { identifier: { system: `${HEMMA_SID}client-id`, value: r.actor_client_id } }
      : r.actor_account_id && STAFF.includes(r.actor_role)
        ? ref('Practitioner', r.actor_account_id)
        : r.actor_role === 'patient'
          ? ref('Patient', r.patient_id!)
          : { display: r.actor_role };
    return {
      resourceType: 'AuditEvent',
      id: r.id,
      type: {
        system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
        code: 'rest',
        display: 'RESTful Operation',
      },
      subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: action.interaction }],
      action: action.code,
      recorded: iso(r.at)!,
      outcome: '0',
      purposeOfEvent: [
        {
          ...(PURPOSES[r.purpose]
            ? {
                coding: [
                  { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: PURPOSES[r.purpose] },
                ],
              }
            : {}),
          text: r.purpose,
        },
      ],
      agent: [
        {
          type: { text: r.actor_role },
          who,
          requestor: true,
          ...(r.remote_addr ? { network: { address: r.remote_addr, type: '2' } } : {}),
        },
      ],
      source: { observer: { display: 'Hemma' } },
      entity: [{ what: ref('Patient', r.patient_id!), description: r.action }],
    };
  },
};
