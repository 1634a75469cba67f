import { identifierKind } from '@hemma/core';
import { parseToken } from '../bundle';
import { PATIENT_COLUMNS, type PatientRow, toFhirPatient } from '../patient';
import { alternatives, dateParam, mappedTokenParam, stringParam } from '../search-params';
import type { ResourceDef, SourceRow } from './types';

type Row = PatientRow & SourceRow;

/** personnummer and samordningsnummer in either system form (OID or HL7 Sweden URI), or no system. */
function identifierWhere(value: string, bind: (v: unknown) => string): string {
  const numbers = alternatives(value).flatMap((v) => {
    const { system, code } = parseToken(v);
    const digits = code.replace(/[-+\s]/g, '');
    if (!/^\d{12}$/.test(digits)) return [];
    const kind = system === null ? null : identifierKind(system);
    const samordning = Number(digits.slice(6, 8)) > 60;
    if (system !== null && kind !== 'personnummer' && kind !== 'samordningsnummer') return [];
    if ((kind === 'personnummer' && samordning) || (kind === 'samordningsnummer' && !samordning)) return [];
    return [digits];
  });
  return numbers.length ? `r.personnummer = ANY(${bind(numbers)}::text[])` : 'false';
}

export const patientDef: ResourceDef<Row> = {
  type: 'Patient',
  source: `SELECT ${PATIENT_COLUMNS}, id AS patient_id, created_at AS sort_at, birth_date AS birth_day,
    given_name || ' ' || family_name AS full_name FROM patient`,
  idKind: 'uuid',
  patientScoped: true,
  openSearch: true,
  defaultSort: '_id',
  params: {
    identifier: { type: 'token', where: identifierWhere },
    name: stringParam('r.full_name'),
    family: stringParam('r.family_name'),
    given: stringParam('r.given_name'),
    birthdate: dateParam("(r.birth_day::timestamp AT TIME ZONE 'UTC')", 'birthdate'),
    gender: mappedTokenParam('r.gender', 'gender', {
      female: ['female'],
      male: ['male'],
      other: ['other'],
      unknown: ['unknown'],
    }),
  },
  toFhir: toFhirPatient,
};
