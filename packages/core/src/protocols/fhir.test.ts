import { describe, expect, it } from 'vitest';
import { planDefinitionOf, protocolFromPlanDefinition, TRANSLATION_EXT } from './fhir';
import { PROTOCOL_LIBRARY } from './library';

// The parts of the PlanDefinition these tests read.
interface FhirJson {
  _title: { extension: unknown[] };
  contained: unknown[];
  action: { definitionCanonical: string }[];
}

describe('PlanDefinition form', () => {
  it.each(PROTOCOL_LIBRARY.map((p) => [p.id, p]))('%s survives a round trip', (_id, p) => {
    const json = JSON.parse(JSON.stringify(planDefinitionOf(p, 2)));
    expect(protocolFromPlanDefinition(json)).toEqual({ ok: true, value: p });
  });

  it('writes Swedish text with English in the translation extension, and one contained ActivityDefinition per activity', () => {
    const pd = planDefinitionOf(PROTOCOL_LIBRARY[0]!, 1) as unknown as FhirJson;
    expect(pd).toMatchObject({
      resourceType: 'PlanDefinition',
      url: 'http://hemma.se/fhir/PlanDefinition/hypertension',
      version: '1',
      language: 'sv',
      title: 'Högt blodtryck (hemblodtryck enligt ESH)',
    });
    expect(pd._title.extension[0]).toEqual({
      url: TRANSLATION_EXT,
      extension: [
        { url: 'lang', valueCode: 'en' },
        { url: 'content', valueString: 'Hypertension (home BP per ESH)' },
      ],
    });
    expect(pd.contained[0]).toMatchObject({
      resourceType: 'ActivityDefinition',
      id: 'bp',
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
    });
    expect(pd.action).toEqual([{ title: 'Blodtryck', definitionCanonical: '#bp' }]);
  });

  it('rejects other resources and dangling actions precisely', () => {
    expect(protocolFromPlanDefinition({ resourceType: 'Patient' })).toMatchObject({
      ok: false,
      issues: [{ message: 'resourceType: must be PlanDefinition' }],
    });
    const pd = planDefinitionOf(PROTOCOL_LIBRARY[0]!) as unknown as FhirJson;
    pd.action[0]!.definitionCanonical = '#nope';
    expect(protocolFromPlanDefinition(pd)).toMatchObject({
      ok: false,
      issues: [{ field: 'action[0].definitionCanonical' }],
    });
  });
});
