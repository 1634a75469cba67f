import { findMeasurement, MEASUREMENTS, measurementForValueCode, unitLabel } from './catalogue';
import { describeReasons } from './format';
import type {
  MeasurementDef,
  MeasurementInput,
  NormalizedMeasurement,
  Result,
  StoredAlert,
  StoredObservation,
  ValidationIssue,
} from './types';
import { describeGiven, normalizeMeasurement } from './validate';

// FHIR R4 (https://hl7.org/fhir/R4): Observation, Flag, OperationOutcome; vital-signs profile conventions.

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const FLAG_CATEGORY = 'http://terminology.hl7.org/CodeSystem/flag-category';
const FLAG_PRIORITY = 'http://hl7.org/fhir/StructureDefinition/flag-priority';
const FLAG_PRIORITY_CODE = 'http://terminology.hl7.org/CodeSystem/flag-priority-code';
export const ALERT_OBSERVATION_EXTENSION = 'http://hemma.se/fhir/StructureDefinition/alert-observation';

export const FHIR_OBSERVATION_STATUSES = [
  'registered',
  'preliminary',
  'final',
  'amended',
  'corrected',
  'cancelled',
  'entered-in-error',
  'unknown',
] as const;
export type FhirObservationStatus = (typeof FHIR_OBSERVATION_STATUSES)[number];

/** Clock skew allowed between a client and the server for effective times. */
const MAX_FUTURE_MS = 5 * 60 * 1000;

export interface ParsedFhirObservation {
  measurement: MeasurementInput;
  /** The measurement validated and converted, so callers need not normalise again. */
  normalized: NormalizedMeasurement;
  patientId: string;
  /** UTC ISO 8601. */
  effectiveAt: string;
  status: FhirObservationStatus;
  identifier?: { system: string | null; value: string };
  deviceId?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Maps a field path of MeasurementInput (as in normalizeMeasurement's issues) to the FHIRPath of the
 *  Observation it was read from by parseFhirObservation: components keep their index. */
export function toFhirPath(field: string): string {
  const m = /^(?:components\[(\d+)\]\.)?(code|value|unit|components)$/.exec(field);
  if (!m) return field ? `Observation.${field}` : 'Observation';
  const [, index, leaf] = m;
  const base = index === undefined ? 'Observation' : `Observation.component[${index}]`;
  switch (leaf) {
    case 'code':
      return `${base}.code.coding`;
    case 'value':
      return `${base}.valueQuantity.value`;
    case 'unit':
      return `${base}.valueQuantity.code`;
    default:
      return `${base}.component`;
  }
}

function issue(
  field: string,
  kind: ValidationIssue['kind'],
  message: string,
  given?: unknown,
): ValidationIssue {
  return {
    field,
    kind,
    message: `${field}: ${message}`,
    ...(given !== undefined ? { given: describeGiven(given) } : {}),
  };
}

/** The LOINC code of a CodeableConcept, preferring one the catalogue knows when several are given. */
function loincCode(concept: unknown): string | undefined {
  const codes = asArray(isObject(concept) ? concept.coding : undefined)
    .filter((c): c is Json => isObject(c) && c.system === LOINC && typeof c.code === 'string')
    .map((c) => c.code as string);
  return codes.find((c) => findMeasurement(c) || measurementForValueCode(c)) ?? codes[0];
}

/** UCUM code when the system is UCUM (or absent), else the free-text unit. */
function quantityUnit(q: Json): unknown {
  if (typeof q.code === 'string' && (q.system === undefined || q.system === UCUM)) return q.code;
  return q.unit ?? undefined;
}

const KNOWN_CODES = MEASUREMENTS.map((d) => d.loinc).join(', ');

// FHIR dateTime with a time must have seconds and a zone (R4 datatypes).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d|[+-]14:00)$/;

function parseEffective(o: Json, now: Date, issues: ValidationIssue[]): string | undefined {
  const field =
    o.effectiveDateTime !== undefined ? 'Observation.effectiveDateTime' : 'Observation.effectiveInstant';
  const raw = o.effectiveDateTime ?? o.effectiveInstant;
  if (raw === undefined) {
    const hint = o.effectivePeriod !== undefined ? ' (effectivePeriod is not supported)' : '';
    issues.push(
      issue('Observation.effectiveDateTime', 'required', `the time of measurement is required${hint}`),
    );
    return undefined;
  }
  const m = typeof raw === 'string' ? DATE_TIME.exec(raw) : null;
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const ms = m ? Date.parse(raw as string) : Number.NaN;
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (!m || Number.isNaN(ms) || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) {
    issues.push(
      issue(
        field,
        'invalid',
        'must be a date and time with seconds and a timezone, e.g. 2024-05-01T07:30:00+02:00',
        raw,
      ),
    );
    return undefined;
  }
  if (ms > now.getTime() + MAX_FUTURE_MS) {
    issues.push(issue(field, 'invalid', 'is in the future; check the clock of the device', raw));
    return undefined;
  }
  return new Date(ms).toISOString();
}

function parseMeasurement(o: Json, issues: ValidationIssue[]): MeasurementInput | undefined {
  const code = loincCode(o.code);
  if (code === undefined) {
    const given = isObject(o.code) ? o.code.coding : undefined;
    issues.push(
      issue(
        'Observation.code.coding',
        'required',
        `needs a coding with system ${LOINC} and one of the codes ${KNOWN_CODES}`,
        given,
      ),
    );
    return undefined;
  }
  const def = findMeasurement(code);
  // Unknown codes go on to normalizeMeasurement, whose message explains them (e.g. a lone component code).
  if (!def || code === def.key) return { code: def ? '' : code };
  const input: MeasurementInput = { code };
  if (isObject(o.valueQuantity)) {
    input.value = o.valueQuantity.value as number;
    const unit = quantityUnit(o.valueQuantity);
    if (unit !== undefined) input.unit = unit as string;
  } else if (!def.components) {
    issues.push(issue('Observation.valueQuantity', 'required', `${def.name.en} needs a valueQuantity`));
    return undefined;
  }
  if (o.component !== undefined) {
    let ok = true;
    input.components = asArray(o.component).map((c, i) => {
      const comp = isObject(c) ? c : {};
      const cc = loincCode(comp.code);
      if (cc === undefined) {
        ok = false;
        issues.push(
          issue(`Observation.component[${i}].code.coding`, 'required', `needs a coding with system ${LOINC}`),
        );
      }
      const q = isObject(comp.valueQuantity) ? comp.valueQuantity : {};
      const unit = quantityUnit(q);
      return {
        code: cc ?? '',
        value: q.value as number,
        ...(unit !== undefined ? { unit: unit as string } : {}),
      };
    });
    if (!ok) return undefined;
  }
  return input;
}

/** Reads a FHIR R4 vital-signs Observation from a client. Never throws: any JSON gives a Result whose
 *  issues carry FHIRPath expressions in `field`. */
export function parseFhirObservation(json: unknown, now: Date): Result<ParsedFhirObservation> {
  if (!isObject(json) || json.resourceType !== 'Observation') {
    const given = isObject(json) ? json.resourceType : json;
    return { ok: false, issues: [issue('resourceType', 'invalid', 'must be "Observation"', given)] };
  }
  const issues: ValidationIssue[] = [];

  const status = json.status;
  if (!FHIR_OBSERVATION_STATUSES.includes(status as FhirObservationStatus)) {
    issues.push({
      ...issue(
        'Observation.status',
        status === undefined ? 'required' : 'invalid',
        `must be one of ${FHIR_OBSERVATION_STATUSES.join(', ')}`,
        status,
      ),
      allowed: FHIR_OBSERVATION_STATUSES.join(', '),
    });
  }

  const reference = isObject(json.subject) ? json.subject.reference : undefined;
  const subject = typeof reference === 'string' ? /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(reference) : null;
  if (!subject) {
    issues.push(
      issue(
        'Observation.subject.reference',
        reference === undefined ? 'required' : 'invalid',
        'must be "Patient/<id>"',
        reference,
      ),
    );
  }

  const effectiveAt = parseEffective(json, now, issues);
  const measurement = parseMeasurement(json, issues);
  let normalized: NormalizedMeasurement | undefined;
  if (measurement) {
    const r = normalizeMeasurement(measurement);
    if (r.ok) normalized = r.value;
    else
      issues.push(
        ...r.issues.map((i) => ({
          ...i,
          field: toFhirPath(i.field),
          message: i.message.replace(/^[^:]*:/, `${toFhirPath(i.field)}:`),
        })),
      );
  }

  const identifier = asArray(json.identifier).find(
    (i) => isObject(i) && typeof i.value === 'string' && i.value !== '',
  );
  const deviceRef = isObject(json.device) ? json.device.reference : undefined;
  const device = typeof deviceRef === 'string' ? /^Device\/([A-Za-z0-9\-.]{1,64})$/.exec(deviceRef) : null;

  if (issues.length > 0 || !subject || !effectiveAt || !measurement || !normalized)
    return { ok: false, issues };
  return {
    ok: true,
    value: {
      measurement,
      normalized,
      patientId: subject[1]!,
      effectiveAt,
      status: status as FhirObservationStatus,
      ...(isObject(identifier)
        ? {
            identifier: {
              system: typeof identifier.system === 'string' ? identifier.system : null,
              value: identifier.value as string,
            },
          }
        : {}),
      ...(device ? { deviceId: device[1]! } : {}),
    },
  };
}

const CATEGORY_DISPLAY: Record<MeasurementDef['category'], string> = {
  'vital-signs': 'Vital Signs',
  activity: 'Activity',
  laboratory: 'Laboratory',
  survey: 'Survey',
};

function concept(code: string, name: { sv: string; en: string } | undefined, system = LOINC) {
  return {
    coding: [{ system, code, ...(name ? { display: name.en } : {}) }],
    ...(name ? { text: name.sv } : {}),
  };
}

function quantity(value: number | undefined, def: MeasurementDef | undefined, unit: string) {
  return { value, unit: def ? unitLabel(def, 'en') : unit, system: UCUM, code: unit };
}

export function toFhirObservation(o: StoredObservation): object {
  const def = findMeasurement(o.code);
  const category = def?.category ?? 'vital-signs';
  const value = def?.components
    ? {
        component: def.components.map((c, i) => ({
          code: concept(c.loinc, c.name),
          valueQuantity: quantity(o.values[i], def, o.unit),
        })),
      }
    : { valueQuantity: quantity(o.values[0], def, o.unit) };
  return {
    resourceType: 'Observation',
    id: o.id,
    meta: { lastUpdated: o.receivedAt },
    ...(o.identifier
      ? {
          identifier: [
            { ...(o.identifier.system ? { system: o.identifier.system } : {}), value: o.identifier.value },
          ],
        }
      : {}),
    status: o.status,
    category: [
      { coding: [{ system: OBSERVATION_CATEGORY, code: category, display: CATEGORY_DISPLAY[category] }] },
    ],
    code: concept(o.code, def?.name, def?.system),
    subject: { reference: `Patient/${o.patientId}` },
    effectiveDateTime: o.effectiveAt,
    issued: o.receivedAt,
    ...value,
    ...(o.deviceId ? { device: { reference: `Device/${o.deviceId}` } } : {}),
  };
}

export function toFhirFlag(a: StoredAlert): object {
  const priority =
    a.severity === 'red'
      ? { code: 'PH', display: 'High priority' }
      : { code: 'PM', display: 'Medium priority' };
  return {
    resourceType: 'Flag',
    id: a.id,
    meta: { lastUpdated: a.acknowledgedAt ?? a.createdAt },
    extension: [
      { url: FLAG_PRIORITY, valueCodeableConcept: { coding: [{ system: FLAG_PRIORITY_CODE, ...priority }] } },
      // Missed-measurement alerts (care plans) have no observation.
      ...(a.observationId
        ? [
            {
              url: ALERT_OBSERVATION_EXTENSION,
              valueReference: { reference: `Observation/${a.observationId}` },
            },
          ]
        : []),
    ],
    status: a.status === 'open' ? 'active' : 'inactive',
    category: [{ coding: [{ system: FLAG_CATEGORY, code: 'clinical', display: 'Clinical' }] }],
    code: { text: describeReasons(a.reasons, 'sv') },
    subject: { reference: `Patient/${a.patientId}` },
    period: { start: a.createdAt, ...(a.acknowledgedAt ? { end: a.acknowledgedAt } : {}) },
  };
}

/** R4 IssueType codes for our issue kinds. */
const ISSUE_TYPE: Record<ValidationIssue['kind'], string> = {
  required: 'required',
  'unknown-code': 'code-invalid',
  'unknown-unit': 'code-invalid',
  'out-of-range': 'value',
  'not-a-number': 'value',
  invalid: 'invalid',
  duplicate: 'duplicate',
};

export interface OutcomeIssue {
  /** R4 IssueType code, e.g. "not-found", "not-supported", "invalid". */
  code: string;
  diagnostics: string;
  expression?: string;
}

export function operationOutcome(issues: (ValidationIssue | OutcomeIssue)[]): object {
  // R4 requires at least one issue.
  const list = issues.length > 0 ? issues : [{ code: 'informational', diagnostics: 'No problems found' }];
  return {
    resourceType: 'OperationOutcome',
    issue: list.map((i) => {
      const [code, diagnostics, expression] =
        'kind' in i
          ? [ISSUE_TYPE[i.kind] ?? 'invalid', i.message, i.field]
          : [i.code, i.diagnostics, i.expression];
      return {
        severity: code === 'informational' ? 'information' : 'error',
        code,
        diagnostics,
        ...(expression ? { expression: [expression] } : {}),
      };
    }),
  };
}
