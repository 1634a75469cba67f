import type { HttpClient } from './http';
import type { Sample } from './measurements';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
// Blood pressure panel components, in the order Sample.values holds them.
const BP_COMPONENTS = ['8480-6', '8462-4'];

const quantity = (value: number, unit: string) => ({ value, system: UCUM, code: unit });

/** A device gateway's Observation: a BP panel with components, or one valueQuantity. */
export function observationJson(patientId: string, s: Sample, identifier: string, effectiveAt: Date): string {
  const value =
    s.values.length > 1
      ? {
          component: s.values.map((v, i) => ({
            code: { coding: [{ system: LOINC, code: BP_COMPONENTS[i] }] },
            valueQuantity: quantity(v, s.unit),
          })),
        }
      : { valueQuantity: quantity(s.values[0]!, s.unit) };
  return JSON.stringify({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: LOINC, code: s.code }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: effectiveAt.toISOString(),
    identifier: [{ system: 'urn:hemma:bench-gateway', value: identifier }],
    ...value,
  });
}

/** POST /fhir/R4/Observation; true when the server stored it (201). */
export async function postObservation(fhir: HttpClient, body: string): Promise<boolean> {
  const res = await fhir.request('POST', '/fhir/R4/Observation', body, {
    'content-type': 'application/fhir+json',
  });
  return res.status === 201;
}
