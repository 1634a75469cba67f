import { dateParam, mappedTokenParam } from '../search-params';
import { HEMMA_CODES, iso, ref } from './codes';
import { GRANT_SOURCE, type GrantRow } from './related-person';
import type { ResourceDef } from './types';

/** The patient's consent that a relative acts for them, with what it permits (view, record, message). */
export const consentDef: ResourceDef<GrantRow> = {
  type: 'Consent',
  source: GRANT_SOURCE,
  idKind: 'uuid',
  patientScoped: true,
  defaultSort: '-date',
  params: {
    status: mappedTokenParam('r.state', 'status', { active: ['active'], inactive: ['inactive'] }),
    date: dateParam('r.granted_at', 'date'),
  },
  includes: [{ name: 'Consent:actor', target: 'RelatedPerson', ids: (r) => [r.id] }],
  toFhir: (r) => ({
    resourceType: 'Consent',
    id: r.id,
    status: r.revoked_at === null ? 'active' : 'inactive',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
    },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: ref('Patient', r.patient_id!),
    dateTime: iso(r.granted_at),
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
    provision: {
      type: 'permit',
      period: { start: iso(r.granted_at), ...(r.revoked_at ? { end: iso(r.revoked_at) } : {}) },
      actor: [
        {
          role: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }],
          },
          reference: ref('RelatedPerson', r.id),
        },
      ],
      action: (['view', 'record', 'message'] as const)
        .filter((p) => r[`can_${p}`])
        .map((p) => ({ coding: [{ system: `${HEMMA_CODES}proxy-permission`, code: p }] })),
    },
  }),
};
