import { IDENTIFIER_SYSTEMS, identifierKind } from '@hemma/core';
import { accessBasis } from '../access/patient-access';
import type { Actor } from '../auth/actor';
import type { Queryable } from '../db/database';
import { HttpProblem } from '../http/problem';

/** The reason given when a resource's subject does not exist or the client may not reach it (alike). */
export const UNREACHABLE_SUBJECT = 'the patient does not exist or is not reachable with this client.';

/** 422 for a resource whose subject the caller cannot reach, naming the field in its message. */
export function unknownSubject(field: string, reason: string): HttpProblem {
  const message = `${field}: ${reason}`;
  return new HttpProblem(422, 'Unknown subject', message, [{ field, kind: 'invalid', message }]);
}

export interface PatientRow {
  id: string;
  personnummer: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  gender: string;
  created_at: Date;
}

export const PATIENT_COLUMNS =
  'id, personnummer, given_name, family_name, birth_date::text AS birth_date, gender, created_at';

/** Patient resource. Identifiers are emitted in the OID form (urn:oid:1.2.752.129.2.1.3.1/…3.3). */
export function toFhirPatient(r: PatientRow) {
  const samordning = Number(r.personnummer.slice(6, 8)) > 60;
  return {
    resourceType: 'Patient',
    id: r.id,
    meta: { lastUpdated: new Date(r.created_at).toISOString() },
    identifier: [
      {
        system: samordning ? IDENTIFIER_SYSTEMS.samordningsnummer.oid : IDENTIFIER_SYSTEMS.personnummer.oid,
        value: r.personnummer,
      },
    ],
    name: [{ family: r.family_name, given: [r.given_name] }],
    gender: r.gender,
    birthDate: r.birth_date,
  };
}

/**
 * A logical reference by personnummer or samordningsnummer (`subject.identifier`, either system form)
 * → `Patient/<id>`, so a gateway that knows only the person's number can send values. Returns the
 * resource unchanged when it has a literal reference or no identifier; an unknown number is a 422.
 */
export async function resolveSubjectIdentifier(
  db: Queryable,
  actor: Actor | undefined,
  resource: unknown,
): Promise<unknown> {
  const subject = (
    resource as { subject?: { reference?: unknown; identifier?: { system?: unknown; value?: unknown } } }
  )?.subject;
  if (!subject || subject.reference !== undefined || typeof subject.identifier?.value !== 'string')
    return resource;
  const kind = identifierKind(
    typeof subject.identifier.system === 'string' ? subject.identifier.system : null,
  );
  const digits = subject.identifier.value.replace(/[-+\s]/g, '');
  const samordning = Number(digits.slice(6, 8)) > 60;
  const matches =
    /^\d{12}$/.test(digits) &&
    (kind === 'personnummer' ? !samordning : kind === 'samordningsnummer' && samordning);
  const { rows } = matches
    ? await db.query<{ id: string }>('SELECT id FROM patient WHERE personnummer = $1', [digits])
    : { rows: [] };
  // Unknown and unreachable answer alike, so a client learns nothing about people it may not reach.
  if (!rows[0] || !actor || !(await accessBasis(db, actor, rows[0].id))) {
    throw unknownSubject(
      'Observation.subject.identifier',
      'no reachable patient has this number; the system must be personnummer or samordningsnummer (OID or HL7 Sweden URI form) and the value 12 digits',
    );
  }
  const reference = `Patient/${rows[0]!.id}`;
  return { ...(resource as object), subject: { ...subject, reference } };
}
