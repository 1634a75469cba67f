/** What this server supports, and nothing more. */
export function capabilityStatement() {
  const search = (names: [string, string][]) => names.map(([name, type]) => ({ name, type }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-22',
    kind: 'instance',
    software: { name: 'Hemma' },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          service: [
            {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' },
              ],
            },
          ],
          description:
            'OAuth 2.0 client credentials at /oauth2/token; send the token as Authorization: Bearer.',
        },
        resource: [
          {
            type: 'Patient',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: search([
              ['_id', 'token'],
              ['identifier', 'token'],
            ]),
          },
          {
            type: 'Observation',
            interaction: [{ code: 'read' }, { code: 'create' }, { code: 'search-type' }],
            conditionalCreate: false,
            searchParam: search([
              ['patient', 'reference'],
              ['subject', 'reference'],
              ['code', 'token'],
              ['identifier', 'token'],
              ['date', 'date'],
            ]),
          },
          {
            type: 'Flag',
            interaction: [{ code: 'search-type' }],
            searchParam: search([
              ['patient', 'reference'],
              ['status', 'token'],
            ]),
          },
        ],
      },
    ],
  };
}
