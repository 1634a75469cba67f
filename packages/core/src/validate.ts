import {
  acceptedUnits,
  findInputUnit,
  findMeasurement,
  MEASUREMENTS,
  measurementForValueCode,
  possibleRange,
} from './catalogue';
import type {
  MeasurementDef,
  MeasurementInput,
  NormalizedMeasurement,
  Result,
  ValidationIssue,
} from './types';

export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  // EPSILON nudges values such as 1.005 that are stored just below their decimal form.
  return Math.round((value + Math.sign(value) * Number.EPSILON * Math.abs(value)) * f) / f;
}

/** Short, safe rendering of whatever a client sent, for messages. */
export function describeGiven(given: unknown): string {
  const s = typeof given === 'string' ? given : (JSON.stringify(given) ?? String(given));
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function knownCodes(): string {
  return MEASUREMENTS.map((d) => `${d.loinc} (${d.name.en})`).join(', ');
}

function unknownCodeIssue(field: string, code: unknown): ValidationIssue {
  const owner = typeof code === 'string' ? measurementForValueCode(code) : undefined;
  const hint =
    owner?.components && typeof code === 'string'
      ? `; ${code} is a component of ${owner.loinc} (${owner.name.en}): send that panel with its components`
      : '';
  return {
    field,
    kind: 'unknown-code',
    given: describeGiven(code),
    allowed: knownCodes(),
    message: `${field}: ${describeGiven(code)} is not a known measurement code${hint}. Known codes: ${knownCodes()}`,
  };
}

interface Converted {
  value: number;
  original: number;
  originalUnit: string;
}

/** Validates one value (top-level or a component) and converts it to the canonical unit. */
function convert(
  def: MeasurementDef,
  valueCode: string,
  value: unknown,
  unitGiven: unknown,
  path: string,
  issues: ValidationIssue[],
): Converted | undefined {
  const at = (f: string) => (path ? `${path}.${f}` : f);
  const name = def.components?.find((c) => c.loinc === valueCode)?.name.en ?? def.name.en;
  let ok = true;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    ok = false;
    issues.push({
      field: at('value'),
      kind: value === undefined || value === null ? 'required' : 'not-a-number',
      given: describeGiven(value),
      allowed: 'a finite number',
      message: `${at('value')}: ${name} needs a number, got ${describeGiven(value)}`,
    });
  }
  const unit = unitGiven === undefined || unitGiven === null ? def.unit : unitGiven;
  const inputUnit = typeof unit === 'string' ? findInputUnit(def, unit) : undefined;
  if (!inputUnit) {
    ok = false;
    const allowed = acceptedUnits(def).join(', ');
    issues.push({
      field: at('unit'),
      kind: 'unknown-unit',
      given: describeGiven(unit),
      allowed,
      message: `${at('unit')}: ${describeGiven(unit)} is not an accepted unit for ${name}. Accepted units: ${allowed}`,
    });
  }
  if (!ok || !inputUnit || typeof value !== 'number') return undefined;
  const converted = roundTo(inputUnit.toCanonical(value), def.decimals);
  const range = possibleRange(valueCode) ?? def.possible;
  if (!(converted >= range.min && converted <= range.max)) {
    const allowed = `${range.min}–${range.max} ${def.unit}`;
    issues.push({
      field: at('value'),
      kind: 'out-of-range',
      given: `${value} ${inputUnit.ucum}`,
      allowed,
      message: `${at('value')}: ${value} ${inputUnit.ucum} is outside the possible range ${allowed} for ${name}; check for a typing error`,
    });
    return undefined;
  }
  return { value: converted, original: value, originalUnit: inputUnit.ucum };
}

function normalizePanel(def: MeasurementDef, input: Record<string, unknown>, issues: ValidationIssue[]) {
  const components = def.components!;
  if (input.value !== undefined && input.value !== null) {
    issues.push({
      field: 'value',
      kind: 'invalid',
      given: describeGiven(input.value),
      message: `value: ${def.name.en} (${def.loinc}) is a panel; send its values in components (${components.map((c) => `${c.loinc} ${c.name.en}`).join(', ')})`,
    });
  }
  if (!Array.isArray(input.components) || input.components.length === 0) {
    issues.push({
      field: 'components',
      kind: 'required',
      allowed: components.map((c) => c.loinc).join(', '),
      message: `components: ${def.name.en} (${def.loinc}) needs the components ${components.map((c) => `${c.loinc} (${c.name.en})`).join(' and ')}`,
    });
    return undefined;
  }
  const found = new Map<string, { index: number; converted?: Converted }>();
  input.components.forEach((raw: unknown, i: number) => {
    const path = `components[${i}]`;
    const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const code = c.code;
    const def2 = components.find((x) => x.loinc === code);
    if (!def2) {
      const other = typeof code === 'string' ? findMeasurement(code) : undefined;
      const allowed = components.map((x) => `${x.loinc} (${x.name.en})`).join(', ');
      issues.push({
        field: `${path}.code`,
        kind: 'unknown-code',
        given: describeGiven(code),
        allowed,
        message: other
          ? `${path}.code: ${describeGiven(code)} (${other.name.en}) is not part of ${def.name.en}; send it as its own measurement with code ${other.loinc}. Components of ${def.loinc}: ${allowed}`
          : `${path}.code: ${describeGiven(code)} is not a component of ${def.name.en} (${def.loinc}). Components: ${allowed}`,
      });
      return;
    }
    if (found.has(def2.loinc)) {
      issues.push({
        field: `${path}.code`,
        kind: 'duplicate',
        given: def2.loinc,
        message: `${path}.code: ${def2.loinc} (${def2.name.en}) is given more than once; send each component once`,
      });
      return;
    }
    found.set(def2.loinc, { index: i, converted: convert(def, def2.loinc, c.value, c.unit, path, issues) });
  });
  const missing = components.filter((c) => !found.has(c.loinc));
  if (missing.length > 0) {
    issues.push({
      field: 'components',
      kind: 'required',
      allowed: components.map((c) => c.loinc).join(', '),
      message: `components: ${missing.map((c) => `${c.loinc} (${c.name.en})`).join(' and ')} missing; ${def.name.en} needs ${components.map((c) => c.loinc).join(' and ')}`,
    });
    return undefined;
  }
  const ordered = components.map((c) => found.get(c.loinc)!);
  const values = ordered.map((o) => o.converted);
  if (values.some((v) => v === undefined)) return undefined;
  const [sys, dia] = values as Converted[];
  if (def.key === 'bp' && sys && dia && sys.value <= dia.value) {
    const field = `components[${ordered[1]!.index}].value`;
    issues.push({
      field,
      kind: 'invalid',
      given: `${sys.value}/${dia.value} ${def.unit}`,
      allowed: 'systolic greater than diastolic',
      message: `${field}: diastolic ${dia.value} ${def.unit} is not below systolic ${sys.value} ${def.unit}; check that the values are not swapped`,
    });
    return undefined;
  }
  return values as Converted[];
}

/** Validates a measurement from any channel and converts it to the catalogue's canonical unit.
 *  A missing unit means the canonical unit. Defensive: input may be any JSON a client sent. */
export function normalizeMeasurement(input: MeasurementInput): Result<NormalizedMeasurement> {
  const issues: ValidationIssue[] = [];
  const raw = (typeof input === 'object' && input !== null ? input : {}) as unknown as Record<
    string,
    unknown
  >;
  const def = typeof raw.code === 'string' ? findMeasurement(raw.code) : undefined;
  if (!def) {
    const issue =
      raw.code === undefined || raw.code === null
        ? {
            field: 'code',
            kind: 'required' as const,
            allowed: knownCodes(),
            message: `code: required. Known codes: ${knownCodes()}`,
          }
        : unknownCodeIssue('code', raw.code);
    return { ok: false, issues: [issue] };
  }
  let converted: Converted[] | undefined;
  if (def.components) {
    converted = normalizePanel(def, raw, issues);
  } else {
    if (raw.components !== undefined && raw.components !== null) {
      issues.push({
        field: 'components',
        kind: 'invalid',
        message: `components: ${def.name.en} (${def.loinc}) has no components; send value and unit`,
      });
    }
    const one = convert(def, def.loinc, raw.value, raw.unit, '', issues);
    converted = one ? [one] : undefined;
  }
  if (issues.length > 0 || !converted) return { ok: false, issues };
  return {
    ok: true,
    value: {
      code: def.loinc,
      values: converted.map((c) => c.value),
      unit: def.unit,
      originalValues: converted.map((c) => c.original),
      originalUnits: converted.map((c) => c.originalUnit),
    },
  };
}
