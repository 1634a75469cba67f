import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operationOutcome, parseFhirObservation, toFhirFlag, toFhirObservation, toFhirPath } from './fhir';
import type { StoredAlert, StoredObservation } from './types';

const now = new Date('2025-06-01T08:00:00Z');
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

// Shapes follow the FHIR R4 vital-signs examples (hl7.org/fhir/R4/observation-example-bloodpressure.json).
const bpObservation = (over: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  status: 'final',
  identifier: [{ system: 'urn:ietf:rfc:3986', value: 'urn:uuid:0f8b4e1a-1111-4c5e-9a0a-000000000001' }],
  category: [
    {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }],
    },
  ],
  code: { coding: [{ system: LOINC, code: '85354-9' }] },
  subject: { reference: 'Patient/p-1' },
  effectiveDateTime: '2025-06-01T09:30:00+02:00',
  component: [
    {
      code: { coding: [{ system: LOINC, code: '8480-6' }] },
      valueQuantity: { value: 142, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
    },
    {
      code: { coding: [{ system: LOINC, code: '8462-4' }] },
      valueQuantity: { value: 91, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
    },
  ],
  ...over,
});

const weightObservation = (over: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  status: 'preliminary',
  code: {
    coding: [
      { system: 'http://snomed.info/sct', code: '27113001' },
      { system: LOINC, code: '29463-7' },
    ],
  },
  subject: { reference: 'Patient/p-1' },
  effectiveInstant: '2025-06-01T06:00:00.123Z',
  valueQuantity: { value: 180, unit: 'lbs' },
  device: { reference: 'Device/scale-7' },
  ...over,
});

describe('parseFhirObservation accepts', () => {
  it('a blood pressure panel', () => {
    const r = parseFhirObservation(bpObservation(), now);
    expect(r).toEqual({
      ok: true,
      value: {
        measurement: {
          code: '85354-9',
          value: undefined,
          components: [
            { code: '8480-6', value: 142, unit: 'mm[Hg]' },
            { code: '8462-4', value: 91, unit: 'mm[Hg]' },
          ],
        },
        normalized: {
          code: '85354-9',
          values: [142, 91],
          unit: 'mm[Hg]',
          originalValues: [142, 91],
          originalUnits: ['mm[Hg]', 'mm[Hg]'],
        },
        patientId: 'p-1',
        effectiveAt: '2025-06-01T07:30:00.000Z',
        status: 'final',
        identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:0f8b4e1a-1111-4c5e-9a0a-000000000001' },
      },
    });
  });

  it('a weight in pounds with a free-text unit, effectiveInstant and device', () => {
    const r = parseFhirObservation(weightObservation(), now);
    expect(r).toMatchObject({
      ok: true,
      value: { normalized: { values: [81.6] }, status: 'preliminary', deviceId: 'scale-7' },
    });
    expect(r.ok && r.value.identifier).toBeUndefined();
  });

  it('up to 5 minutes of clock skew', () => {
    expect(
      parseFhirObservation(weightObservation({ effectiveInstant: '2025-06-01T08:04:59Z' }), now).ok,
    ).toBe(true);
  });
});

describe('parseFhirObservation rejects with FHIRPath expressions', () => {
  it.each<[string, unknown, [string, string][]]>([
    ['not an object', 42, [['resourceType', 'invalid']]],
    ['a Patient', { resourceType: 'Patient' }, [['resourceType', 'invalid']]],
    ['bad status', bpObservation({ status: 'done' }), [['Observation.status', 'invalid']]],
    [
      'missing subject',
      bpObservation({ subject: undefined }),
      [['Observation.subject.reference', 'required']],
    ],
    [
      'subject not a Patient',
      bpObservation({ subject: { reference: 'Group/1' } }),
      [['Observation.subject.reference', 'invalid']],
    ],
    [
      'missing time',
      bpObservation({ effectiveDateTime: undefined }),
      [['Observation.effectiveDateTime', 'required']],
    ],
    [
      'date without time',
      bpObservation({ effectiveDateTime: '2025-06-01' }),
      [['Observation.effectiveDateTime', 'invalid']],
    ],
    [
      'time without zone',
      bpObservation({ effectiveDateTime: '2025-06-01T07:00:00' }),
      [['Observation.effectiveDateTime', 'invalid']],
    ],
    [
      'impossible date',
      bpObservation({ effectiveDateTime: '2025-02-30T07:00:00Z' }),
      [['Observation.effectiveDateTime', 'invalid']],
    ],
    [
      'future',
      weightObservation({ effectiveInstant: '2025-06-01T08:05:01Z' }),
      [['Observation.effectiveInstant', 'invalid']],
    ],
    [
      'no LOINC coding',
      weightObservation({ code: { coding: [{ system: 'http://snomed.info/sct', code: '27113001' }] } }),
      [['Observation.code.coding', 'required']],
    ],
    [
      'unknown LOINC',
      weightObservation({ code: { coding: [{ system: LOINC, code: '2345-7' }] } }),
      [['Observation.code.coding', 'unknown-code']],
    ],
    [
      'a lone component code',
      weightObservation({ code: { coding: [{ system: LOINC, code: '8480-6' }] } }),
      [['Observation.code.coding', 'unknown-code']],
    ],
    [
      'a catalogue key as code',
      weightObservation({ code: { coding: [{ system: LOINC, code: 'weight' }] } }),
      [['Observation.code.coding', 'unknown-code']],
    ],
    [
      'single value without valueQuantity',
      weightObservation({ valueQuantity: undefined }),
      [['Observation.valueQuantity', 'required']],
    ],
    [
      'panel without components',
      bpObservation({ component: undefined }),
      [['Observation.component', 'required']],
    ],
    [
      'systolic out of range',
      bpObservation({
        component: [
          {
            code: { coding: [{ system: LOINC, code: '8480-6' }] },
            valueQuantity: { value: 900, system: UCUM, code: 'mm[Hg]' },
          },
          {
            code: { coding: [{ system: LOINC, code: '8462-4' }] },
            valueQuantity: { value: 91, system: UCUM, code: 'mm[Hg]' },
          },
        ],
      }),
      [['Observation.component[0].valueQuantity.value', 'out-of-range']],
    ],
    [
      'pulse as a BP component, and a component without LOINC',
      bpObservation({
        component: [
          { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: { value: 142 } },
          { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: { value: 91 } },
          {
            code: { coding: [{ system: LOINC, code: '8867-4' }] },
            valueQuantity: { value: 70, code: '/min' },
          },
        ],
      }),
      [['Observation.component[2].code.coding', 'unknown-code']],
    ],
    [
      'component without LOINC',
      bpObservation({ component: [{ code: { text: 'sys' } }] }),
      [['Observation.component[0].code.coding', 'required']],
    ],
    [
      'unknown UCUM unit',
      weightObservation({ valueQuantity: { value: 80, system: UCUM, code: '[stone_av]' } }),
      [['Observation.valueQuantity.code', 'unknown-unit']],
    ],
    [
      'value as text',
      weightObservation({ valueQuantity: { value: '80', code: 'kg' } }),
      [['Observation.valueQuantity.value', 'not-a-number']],
    ],
  ])('%s', (_name, json, expected) => {
    const r = parseFhirObservation(json, now);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.field, i.kind])).toEqual(expected);
    for (const i of r.issues) expect(i.message.startsWith(`${i.field}:`)).toBe(true);
  });

  it('reports every problem at once', () => {
    const r = parseFhirObservation(
      bpObservation({ status: undefined, subject: {}, effectiveDateTime: 'x' }),
      now,
    );
    expect(r.ok === false && r.issues.map((i) => i.field)).toEqual([
      'Observation.status',
      'Observation.subject.reference',
      'Observation.effectiveDateTime',
    ]);
  });

  it('never throws on arbitrary JSON', () => {
    const quantity = fc.record(
      {
        value: fc.oneof(fc.double(), fc.jsonValue()),
        unit: fc.string(),
        system: fc.constantFrom(UCUM, 'x'),
        code: fc.constantFrom('kg', 'mm[Hg]', '%', 'x'),
      },
      { requiredKeys: [] },
    );
    const coding = fc.record(
      {
        coding: fc.array(
          fc.record(
            {
              system: fc.constantFrom(LOINC, 'x'),
              code: fc.constantFrom('85354-9', '8480-6', '8462-4', '29463-7', '8867-4', 'x'),
            },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: [] },
    );
    const observation = fc.record(
      {
        resourceType: fc.constant('Observation'),
        status: fc.constantFrom('final', 'x'),
        code: coding,
        subject: fc.record(
          { reference: fc.oneof(fc.constant('Patient/1'), fc.string()) },
          { requiredKeys: [] },
        ),
        effectiveDateTime: fc.oneof(fc.constant('2025-06-01T07:00:00Z'), fc.string()),
        valueQuantity: quantity,
        component: fc.array(fc.record({ code: coding, valueQuantity: quantity }, { requiredKeys: [] })),
        identifier: fc.jsonValue(),
        device: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), observation), (json) => {
        const r = parseFhirObservation(json, now);
        if (!r.ok) {
          expect(r.issues.length).toBeGreaterThan(0);
          for (const i of r.issues) expect(i.field).toMatch(/^(resourceType|Observation(\.|$))/);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('toFhirPath', () => {
  it.each([
    ['code', 'Observation.code.coding'],
    ['value', 'Observation.valueQuantity.value'],
    ['unit', 'Observation.valueQuantity.code'],
    ['components', 'Observation.component'],
    ['components[3].code', 'Observation.component[3].code.coding'],
    ['components[0].value', 'Observation.component[0].valueQuantity.value'],
    ['components[1].unit', 'Observation.component[1].valueQuantity.code'],
  ])('%s → %s', (field, path) => {
    expect(toFhirPath(field)).toBe(path);
  });
});

describe('toFhirObservation', () => {
  const stored: StoredObservation = {
    id: 'o-1',
    patientId: 'p-1',
    code: '85354-9',
    values: [142, 91],
    unit: 'mm[Hg]',
    effectiveAt: '2025-06-01T07:30:00.000Z',
    receivedAt: '2025-06-01T07:31:00.000Z',
    status: 'preliminary',
    source: 'device',
    identifier: { system: null, value: 'abc' },
    deviceId: 'd-1',
  };

  it('maps a panel to components, and round-trips through the parser', () => {
    const fhir = toFhirObservation(stored) as Record<string, unknown>;
    expect(fhir).toEqual({
      resourceType: 'Observation',
      id: 'o-1',
      meta: { lastUpdated: '2025-06-01T07:31:00.000Z' },
      identifier: [{ value: 'abc' }],
      status: 'preliminary',
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/observation-category',
              code: 'vital-signs',
              display: 'Vital Signs',
            },
          ],
        },
      ],
      code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure' }], text: 'Blodtryck' },
      subject: { reference: 'Patient/p-1' },
      effectiveDateTime: '2025-06-01T07:30:00.000Z',
      issued: '2025-06-01T07:31:00.000Z',
      component: [
        {
          code: {
            coding: [{ system: LOINC, code: '8480-6', display: 'Systolic blood pressure' }],
            text: 'Systoliskt blodtryck',
          },
          valueQuantity: { value: 142, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
        },
        {
          code: {
            coding: [{ system: LOINC, code: '8462-4', display: 'Diastolic blood pressure' }],
            text: 'Diastoliskt blodtryck',
          },
          valueQuantity: { value: 91, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
        },
      ],
      device: { reference: 'Device/d-1' },
    });
    expect(parseFhirObservation(fhir, now)).toMatchObject({
      ok: true,
      value: {
        normalized: { values: [142, 91] },
        patientId: 'p-1',
        effectiveAt: stored.effectiveAt,
        deviceId: 'd-1',
        identifier: { system: null, value: 'abc' },
      },
    });
  });

  it('maps a single value with its category', () => {
    const fhir = toFhirObservation({
      ...stored,
      code: '55423-8',
      values: [4200],
      unit: '{steps}',
      identifier: null,
      deviceId: null,
    });
    expect(fhir).toMatchObject({
      category: [{ coding: [{ code: 'activity' }] }],
      valueQuantity: { value: 4200, unit: 'steps', system: UCUM, code: '{steps}' },
    });
    expect(fhir).not.toHaveProperty('identifier');
    expect(fhir).not.toHaveProperty('device');
    expect(fhir).not.toHaveProperty('component');
  });
});

describe('toFhirFlag', () => {
  const alert: StoredAlert = {
    id: 'a-1',
    patientId: 'p-1',
    observationId: 'o-1',
    severity: 'red',
    reasons: [{ code: '8480-6', value: 182, unit: 'mm[Hg]', severity: 'red', direction: 'high', limit: 180 }],
    status: 'open',
    createdAt: '2025-06-01T07:31:00.000Z',
  };

  it('maps an open red alert', () => {
    expect(toFhirFlag(alert)).toEqual({
      resourceType: 'Flag',
      id: 'a-1',
      meta: { lastUpdated: '2025-06-01T07:31:00.000Z' },
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/flag-priority',
          valueCodeableConcept: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/flag-priority-code',
                code: 'PH',
                display: 'High priority',
              },
            ],
          },
        },
        {
          url: 'http://hemma.se/fhir/StructureDefinition/alert-observation',
          valueReference: { reference: 'Observation/o-1' },
        },
      ],
      status: 'active',
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/flag-category',
              code: 'clinical',
              display: 'Clinical',
            },
          ],
        },
      ],
      code: { text: 'Systoliskt blodtryck 182 mmHg, över 180' },
      subject: { reference: 'Patient/p-1' },
      period: { start: '2025-06-01T07:31:00.000Z' },
    });
  });

  it('maps an acknowledged yellow alert', () => {
    const flag = toFhirFlag({
      ...alert,
      severity: 'yellow',
      status: 'acknowledged',
      acknowledgedAt: '2025-06-01T09:00:00.000Z',
    });
    expect(flag).toMatchObject({
      status: 'inactive',
      meta: { lastUpdated: '2025-06-01T09:00:00.000Z' },
      period: { start: '2025-06-01T07:31:00.000Z', end: '2025-06-01T09:00:00.000Z' },
      extension: [{ valueCodeableConcept: { coding: [{ code: 'PM' }] } }, {}],
    });
  });
});

describe('operationOutcome', () => {
  it('maps validation issues and plain issues', () => {
    expect(
      operationOutcome([
        { field: 'Observation.component[0].valueQuantity.value', kind: 'out-of-range', message: 'too high' },
        { field: 'Observation.code.coding', kind: 'unknown-code', message: 'unknown' },
        { field: 'Observation.subject.reference', kind: 'required', message: 'missing' },
        { code: 'not-found', diagnostics: 'Patient/x not found' },
      ]),
    ).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'value',
          diagnostics: 'too high',
          expression: ['Observation.component[0].valueQuantity.value'],
        },
        {
          severity: 'error',
          code: 'code-invalid',
          diagnostics: 'unknown',
          expression: ['Observation.code.coding'],
        },
        {
          severity: 'error',
          code: 'required',
          diagnostics: 'missing',
          expression: ['Observation.subject.reference'],
        },
        { severity: 'error', code: 'not-found', diagnostics: 'Patient/x not found' },
      ],
    });
    expect(operationOutcome([])).toEqual({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'information', code: 'informational', diagnostics: 'No problems found' }],
    });
  });
});
