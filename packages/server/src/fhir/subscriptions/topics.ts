/** Topic canonicals and the backport profile's URLs (http://hl7.org/fhir/uv/subscriptions-backport). */
export const TOPIC_BASE = 'http://hemma.se/fhir/SubscriptionTopic/';
export const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/';
export const SECRET_EXTENSION = 'http://hemma.se/fhir/StructureDefinition/subscription-secret';

export type TopicName = 'new-flag' | 'validated-observation' | 'new-communication';

export interface Topic {
  name: TopicName;
  resourceType: 'Flag' | 'Observation' | 'Communication';
  description: string;
  /** Events in ($1, $2] (by time), optionally only for patients of unit $3: id, patient_id, at. */
  events: string;
}

// Patients of a unit: an active enrolment there, or the unit taking part in an active enrolment.
const OF_UNIT = (alias: string) => `($3::uuid IS NULL
  OR EXISTS (SELECT 1 FROM enrolment e WHERE e.patient_id = ${alias}.patient_id AND e.care_unit_id = $3 AND e.status = 'active')
  OR EXISTS (SELECT 1 FROM enrolment_participant p JOIN enrolment e ON e.patient_id = p.patient_id AND e.id = p.enrolment_id
             WHERE p.patient_id = ${alias}.patient_id AND p.care_unit_id = $3 AND p.ended_at IS NULL AND e.status = 'active'))`;

export const TOPICS: Record<TopicName, Topic> = {
  'new-flag': {
    name: 'new-flag',
    resourceType: 'Flag',
    description: 'A new alert (Flag) was raised for a patient.',
    events: `SELECT a.id, a.patient_id, a.created_at AS at FROM alert a
      WHERE a.created_at > $1 AND a.created_at <= $2 AND ${OF_UNIT('a')} ORDER BY a.created_at, a.id LIMIT 1000`,
  },
  'validated-observation': {
    name: 'validated-observation',
    resourceType: 'Observation',
    description: 'An Observation was validated into the record (final) or corrected.',
    events: `SELECT o.id, o.patient_id, o.validated_at AS at FROM observation o
      WHERE o.validated_at > $1 AND o.validated_at <= $2 AND ${OF_UNIT('o')} ORDER BY o.validated_at, o.id LIMIT 1000`,
  },
  'new-communication': {
    name: 'new-communication',
    resourceType: 'Communication',
    description: 'A new message between a patient and a care unit (staff-only notes excluded).',
    events: `SELECT m.id, m.patient_id, m.created_at AS at FROM chat_message m
      WHERE m.kind <> 'note' AND m.created_at > $1 AND m.created_at <= $2 AND ${OF_UNIT('m')}
      ORDER BY m.created_at, m.id LIMIT 1000`,
  },
};

export function topicOf(canonical: unknown): Topic | undefined {
  if (typeof canonical !== 'string' || !canonical.startsWith(TOPIC_BASE)) return undefined;
  return TOPICS[canonical.slice(TOPIC_BASE.length) as TopicName];
}
