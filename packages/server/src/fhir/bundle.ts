/** A FHIR searchset Bundle. */
export function searchset(
  baseUrl: string,
  selfUrl: string,
  resources: { resourceType: string; id: string }[],
  total?: number,
) {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(total === undefined ? {} : { total }),
    link: [{ relation: 'self', url: selfUrl }],
    entry: resources.map((resource) => ({
      fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

/** Splits a FHIR token search value `system|code` (either part may be empty). */
export function parseToken(value: string): { system: string | null; code: string } {
  const bar = value.indexOf('|');
  if (bar < 0) return { system: null, code: value };
  return { system: value.slice(0, bar) || null, code: value.slice(bar + 1) };
}
