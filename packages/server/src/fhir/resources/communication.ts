import { dateParam, mappedTokenParam } from '../search-params';
import { iso, ref } from './codes';
import type { ResourceDef, SourceRow } from './types';

interface Row extends SourceRow {
  kind: 'text' | 'video' | 'visit-request';
  author_side: 'patient' | 'staff';
  author_account_id: string;
  body: string;
  video_url: string | null;
  care_unit_id: string;
  subject: string;
  created_at: Date;
  proxy_grant_id: string | null;
}

/** A chat message between a patient and a care unit. Staff-only internal notes are never exposed. */
export const communicationDef: ResourceDef<Row> = {
  type: 'Communication',
  source: `SELECT m.id, m.patient_id, m.created_at AS sort_at, m.kind, m.author_side, m.author_account_id, m.body,
    m.video_url, m.created_at, t.care_unit_id, t.subject, 'completed' AS status,
    (SELECT g.id FROM relative_grant g WHERE g.patient_id = m.patient_id AND g.proxy_account_id = m.author_account_id
     ORDER BY g.granted_at DESC LIMIT 1) AS proxy_grant_id
    FROM chat_message m JOIN chat_thread t ON t.patient_id = m.patient_id AND t.id = m.thread_id
    WHERE m.kind <> 'note'`,
  idKind: 'uuid',
  patientScoped: true,
  subjectParam: true,
  defaultSort: '-date',
  params: {
    sent: dateParam('r.created_at', 'sent'),
    status: mappedTokenParam('r.status', 'status', { completed: ['completed'] }),
  },
  toFhir: (r) => ({
    resourceType: 'Communication',
    id: r.id,
    status: 'completed',
    subject: ref('Patient', r.patient_id!),
    topic: { text: r.subject },
    sent: iso(r.created_at),
    // On the patient's side a relative may write for the patient (relatives/): then the sender is them.
    sender:
      r.author_side === 'staff'
        ? ref('Practitioner', r.author_account_id)
        : r.proxy_grant_id
          ? ref('RelatedPerson', r.proxy_grant_id)
          : ref('Patient', r.patient_id!),
    recipient: [
      r.author_side === 'patient' ? ref('Organization', r.care_unit_id) : ref('Patient', r.patient_id!),
    ],
    payload: [{ contentString: r.body }, ...(r.video_url ? [{ contentString: r.video_url }] : [])],
  }),
};
