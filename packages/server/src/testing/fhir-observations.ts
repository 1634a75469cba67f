import type { FastifyInstance } from 'fastify';

// FHIR Observations as a device gateway posts them, and the POST itself, for the API tests: one builder per kind of value, each
// test file naming its own identifier system, time and extra elements.

export const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
export const ucum = (value: number, unit: string, code = unit) => ({
  value,
  unit,
  system: 'http://unitsofmeasure.org',
  code,
});
export const mmHg = (value: number) => ucum(value, 'mmHg', 'mm[Hg]');
export const VITAL_SIGNS = [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
];

export interface ObservationOptions {
  /** effectiveDateTime; a minute ago unless given. */
  at?: string;
  /** The gateway's identifier: system and value. */
  identifier?: [system: string, value: string];
  /** Further elements (category, device, …), last: they may replace the builder's own. */
  extra?: Record<string, unknown>;
}

function observation(patientId: string, code: string, o: ObservationOptions) {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: loinc(code),
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: o.at ?? new Date(Date.now() - 60_000).toISOString(),
    ...(o.identifier ? { identifier: [{ system: o.identifier[0], value: o.identifier[1] }] } : {}),
  };
}

export const weightObservation = (patientId: string, kg: number, o: ObservationOptions = {}) => ({
  ...observation(patientId, '29463-7', o),
  valueQuantity: ucum(kg, 'kg'),
  ...o.extra,
});

export const bloodPressureObservation = (
  patientId: string,
  systolic: number,
  diastolic: number,
  o: ObservationOptions = {},
) => ({
  ...observation(patientId, '85354-9', o),
  component: [
    { code: loinc('8480-6'), valueQuantity: mmHg(systolic) },
    { code: loinc('8462-4'), valueQuantity: mmHg(diastolic) },
  ],
  ...o.extra,
});

/** POSTs a resource or Bundle to the FHIR API (`path` under /fhir/R4) with the client's `auth` headers. */
export const postFhir = (app: FastifyInstance, auth: Record<string, string>, path: string, body: unknown) =>
  app.inject({
    method: 'POST',
    url: `/fhir/R4${path}`,
    headers: { ...auth, 'content-type': 'application/fhir+json' },
    payload: JSON.stringify(body),
  });
