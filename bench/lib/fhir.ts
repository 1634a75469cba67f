import type { HttpClient } from './http';
import type { Sample } from './measurements';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
// Blood pressure panel components, in the order Sample.values holds them.
const BP_COMPONENTS = ['8480-6', '8462-4'];

const quantity = (value: number, unit: string) => ({ value, system: UCUM, code: unit });

/** A device gateway's Observation: a BP panel with components, or one valueQuantity. */
export function observationJson(patientId: string, s: Sample, identifier: string, effectiveAt: Date): string {
  return JSON.stringify(observationResource(patientId, s, identifier, effectiveAt));
}

function observationResource(patientId: string, s: Sample, identifier: string, effectiveAt: Date) {
  const value =
    s.values.length > 1
      ? {
          component: s.values.map((v, i) => ({
            code: { coding: [{ system: LOINC, code: BP_COMPONENTS[i] }] },
            valueQuantity: quantity(v, s.unit),
          })),
        }
      : { valueQuantity: quantity(s.values[0]!, s.unit) };
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: LOINC, code: s.code }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: effectiveAt.toISOString(),
    identifier: [{ system: 'urn:hemma:bench-gateway', value: identifier }],
    ...value,
  };
}

/** A batch Bundle: each Observation a conditional create on its identifier, as a resending gateway sends. */
export function batchBundleJson(
  items: { patientId: string; sample: Sample; identifier: string; effectiveAt: Date }[],
): string {
  return JSON.stringify({
    resourceType: 'Bundle',
    type: 'batch',
    entry: items.map((it) => ({
      resource: observationResource(it.patientId, it.sample, it.identifier, it.effectiveAt),
      request: {
        method: 'POST',
        url: 'Observation',
        ifNoneExist: `identifier=urn:hemma:bench-gateway|${it.identifier}`,
      },
    })),
  });
}

/** POST /fhir/R4 with a Bundle; the number of entries stored (201), or -1 when the request failed. */
export async function postBundle(fhir: HttpClient, body: string): Promise<number> {
  const res = await fhir.request('POST', '/fhir/R4', body, { 'content-type': 'application/fhir+json' });
  if (res.status !== 200) return -1;
  return (JSON.parse(res.body) as { entry: { response: { status: string } }[] }).entry.filter((e) =>
    e.response.status.startsWith('201'),
  ).length;
}

/** POST /fhir/R4/Observation; true when the server stored it (201). */
export async function postObservation(fhir: HttpClient, body: string): Promise<boolean> {
  const res = await fhir.request('POST', '/fhir/R4/Observation', body, {
    'content-type': 'application/fhir+json',
  });
  return res.status === 201;
}
