import { describe, expect, it } from 'vitest';
import { planDefinitionOf, protocolFromPlanDefinition, TRANSLATION_EXT } from './fhir';
import { HEART_FAILURE, PROTOCOL_LIBRARY } from './library';

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

  it('writes a missed check as a missed-check extension with the timings and windows, and reads it back', () => {
    interface Ext {
      url: string;
      extension?: Ext[];
    }
    const pd = planDefinitionOf(HEART_FAILURE) as unknown as { contained: { extension: Ext[] }[] };
    expect(pd.contained[0]!.extension).toContainEqual({
      url: 'http://hemma.se/fhir/StructureDefinition/missed-check',
      extension: [
        {
          url: 'http://hemma.se/fhir/StructureDefinition/schedule',
          extension: [{ url: 'rrule', valueString: 'FREQ=WEEKLY;BYDAY=MO,WE,FR,SU;BYHOUR=12' }],
        },
        { url: 'earlyMinutes', valueInteger: 2880 },
        { url: 'graceMinutes', valueInteger: 0 },
      ],
    });
    const check = pd.contained[0]!.extension.find((e) => e.url.endsWith('missed-check'))!;
    check.extension = check.extension!.filter((e) => e.url !== 'earlyMinutes');
    expect(protocolFromPlanDefinition(pd)).toMatchObject({
      ok: false,
      issues: [{ message: 'activities[0].missedCheck.earlyMinutes: is required' }],
    });
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
