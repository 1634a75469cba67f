import { IDENTIFIER_SYSTEMS, identifierKind } from '@hemma/core';
import type { Queryable } from '../db/database';

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

/** Finds patients by a FHIR identifier token; accepts both the OID and the HL7 Sweden URI systems. */
export async function findPatientsByIdentifier(db: Queryable, system: string | null, value: string) {
  const kind = system ? identifierKind(system) : undefined;
  if (system && kind !== 'personnummer' && kind !== 'samordningsnummer') return [];
  const { rows } = await db.query<PatientRow>(
    `SELECT ${PATIENT_COLUMNS} FROM patient WHERE personnummer = $1`,
    [value.replace(/-/g, '')],
  );
  return rows;
}
