/** A FHIR searchset Bundle. */
export function searchset(
  baseUrl: string,
  selfUrl: string,
  resources: { resourceType: string; id: string }[],
  total?: number,
  more: { next?: string; included?: { resourceType: string; id: string }[] } = {},
) {
  const entry = (mode: 'match' | 'include') => (resource: { resourceType: string; id: string }) => ({
    fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode },
  });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(total === undefined ? {} : { total }),
    link: [{ relation: 'self', url: selfUrl }, ...(more.next ? [{ relation: 'next', url: more.next }] : [])],
    entry: [...resources.map(entry('match')), ...(more.included ?? []).map(entry('include'))],
  };
}

/** Splits a FHIR token search value `system|code` (either part may be empty). */
export function parseToken(value: string): { system: string | null; code: string } {
  const bar = value.indexOf('|');
  if (bar < 0) return { system: null, code: value };
  return { system: value.slice(0, bar) || null, code: value.slice(bar + 1) };
}
