/** Code systems Hemma defines for its own concepts (no national code system covers them). */
export const HEMMA_CODES = 'http://hemma.se/fhir/CodeSystem/';
export const HEMMA_SID = 'http://hemma.se/fhir/sid/';

/** `Type/id` reference. */
export const ref = (type: string, id: string) => ({ reference: `${type}/${id}` });

/** ISO 8601 UTC of a timestamp column, or undefined. */
export function iso(v: Date | string | null | undefined): string | undefined {
  return v == null ? undefined : new Date(v).toISOString();
}
