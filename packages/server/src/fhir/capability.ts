import { COMMON_PARAMS } from './resource-routes';
import type { ResourceDef, SearchParamType } from './resources/types';
import { BACKPORT, TOPIC_BASE, TOPICS } from './subscriptions/topics';

/** A route registered under /fhir/R4, as the CapabilityStatement sees it. */
export interface FhirRoute {
  method: string;
  url: string;
  /** Names in the route's querystring schema (search routes). */
  searchParams: string[];
  /** `POST /fhir/R4`: the Bundle types its body schema accepts. */
  bundleTypes?: string[];
  /** Create routes that honour If-None-Exist. */
  conditionalCreate?: boolean;
}

// Types of parameters served by routes outside the registry (Questionnaire, QuestionnaireResponse).
const KNOWN_TYPES: Record<string, SearchParamType> = {
  _id: 'token',
  patient: 'reference',
  subject: 'reference',
  questionnaire: 'reference',
  url: 'uri',
  name: 'string',
  status: 'token',
  identifier: 'token',
  date: 'date',
};
// Paging and result shaping, not search parameters in the statement's sense.
const CONTROL = new Set<string>(COMMON_PARAMS.filter((p) => p !== '_id'));

const INTERACTIONS: [RegExp, string, string][] = [
  [/^\/fhir\/R4\/([A-Z][A-Za-z]+)$/, 'GET', 'search-type'],
  [/^\/fhir\/R4\/([A-Z][A-Za-z]+)\/:id$/, 'GET', 'read'],
  [/^\/fhir\/R4\/([A-Z][A-Za-z]+)\/:id\/_history\/:vid$/, 'GET', 'vread'],
  [/^\/fhir\/R4\/([A-Z][A-Za-z]+)\/:id\/_history$/, 'GET', 'history-instance'],
  [/^\/fhir\/R4\/([A-Z][A-Za-z]+)$/, 'POST', 'create'],
  [/^\/fhir\/R4\/([A-Z][A-Za-z]+)\/:id$/, 'PUT', 'update'],
  [/^\/fhir\/R4\/([A-Z][A-Za-z]+)\/:id$/, 'DELETE', 'delete'],
];

/**
 * The CapabilityStatement, generated from the routes registered under /fhir/R4 (interactions, search
 * parameters from their query schemas) and the resource registry (parameter types, _include, sort):
 * whatever is served is stated, and nothing else.
 */
export function capabilityStatement(routes: FhirRoute[], defs: ResourceDef[], base: string) {
  const defOf = new Map(defs.map((d) => [d.type, d]));
  const types = new Map<
    string,
    { interactions: Set<string>; params: string[]; conditionalCreate: boolean }
  >();
  for (const route of routes) {
    for (const [pattern, method, code] of INTERACTIONS) {
      const m = route.method === method ? pattern.exec(route.url) : null;
      if (!m) continue;
      const entry = types.get(m[1]!) ?? { interactions: new Set(), params: [], conditionalCreate: false };
      entry.interactions.add(code);
      if (code === 'search-type') entry.params = route.searchParams;
      if (code === 'create' && route.conditionalCreate) entry.conditionalCreate = true;
      types.set(m[1]!, entry);
    }
  }
  const bundleTypes = routes.find((r) => r.method === 'POST' && r.url === '/fhir/R4')?.bundleTypes ?? [];
  const resource = [...types.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, e]) => {
      const def = defOf.get(type);
      const paramType = (name: string): SearchParamType =>
        def?.params[name]?.type ??
        (name === 'patient' || name === 'subject' ? 'reference' : KNOWN_TYPES[name]) ??
        'token';
      // The subscription topics, as the backport IG states them on the Subscription resource.
      const subscription =
        type === 'Subscription'
          ? {
              extension: Object.keys(TOPICS).map((name) => ({
                url: `${BACKPORT}capabilitystatement-subscriptiontopic-canonical`,
                valueCanonical: `${TOPIC_BASE}${name}`,
              })),
              supportedProfile: [`${BACKPORT}backport-subscription`],
            }
          : {};
      return {
        ...subscription,
        type,
        interaction: [...e.interactions].sort().map((code) => ({ code })),
        versioning: e.interactions.has('vread') ? 'versioned' : 'no-version',
        readHistory: e.interactions.has('vread'),
        ...(e.interactions.has('update') ? { updateCreate: false } : {}),
        ...(e.interactions.has('create') ? { conditionalCreate: e.conditionalCreate } : {}),
        ...(def?.includes?.length ? { searchInclude: def.includes.map((i) => i.name) } : {}),
        searchParam: e.params
          .filter((name) => !CONTROL.has(name))
          .map((name) => ({
            name,
            type: paramType(name),
            ...(def?.params[name]?.documentation ? { documentation: def.params[name]!.documentation } : {}),
          })),
      };
    });
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-22',
    kind: 'instance',
    software: { name: 'Hemma' },
    implementation: { description: 'Hemma FHIR R4 API', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Searches page with next links (keyset, stable while data arrives); _count (at most 1000), ' +
          '_sort=date|-date|_id|-_id, _include as listed per resource. Identifiers are emitted in the OID ' +
          'form; personnummer, samordningsnummer and HSA-id are accepted in OID and HL7 Sweden URI form.',
        security: {
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          description:
            'OAuth 2.0 client credentials at /oauth2/token (SMART system scopes); send the token as ' +
            'Authorization: Bearer. Discovery: .well-known/smart-configuration.',
        },
        resource,
        ...(bundleTypes.length ? { interaction: bundleTypes.map((code) => ({ code })) } : {}),
      },
    ],
  };
}
