// Turns a catalogue entry into form fields and the form's text back into a request body.
import { type MeasurementDef, type MeasurementInput, possibleRange } from '@hemma/core';
import { parseDecimal } from '../shared/format';

export interface FormField {
  /** Value code (component LOINC for panels): the field's identity in state and in error mapping. */
  code: string;
  measurement: MeasurementDef;
  /** Set for panel components. */
  componentIndex?: number;
  optional: boolean;
}

export function fieldsFor(defs: { def: MeasurementDef; optional: boolean }[]): FormField[] {
  return defs.flatMap(({ def, optional }) =>
    def.components?.length
      ? def.components.map((c, componentIndex) => ({
          code: c.loinc,
          measurement: def,
          componentIndex,
          optional,
        }))
      : [{ code: def.loinc, measurement: def, optional }],
  );
}

export type FieldCheck = { kind: 'ok'; value: number } | { kind: 'empty' } | { kind: 'nan' };

export function checkField(text: string | undefined): FieldCheck {
  if (!text?.trim()) return { kind: 'empty' };
  const value = parseDecimal(text);
  return Number.isFinite(value) ? { kind: 'ok', value } : { kind: 'nan' };
}

/** True when the value, converted to the canonical unit, lies outside what is physically possible.
 *  Only a hint: the server decides. */
export function looksImplausible(field: FormField, unit: string, value: number): boolean {
  const def = field.measurement;
  const input = def.inputUnits.find((u) => u.ucum === unit) ?? def.inputUnits[0];
  const canonical = input ? input.toCanonical(value) : value;
  const range = possibleRange(field.code) ?? def.possible;
  return canonical < range.min || canonical > range.max;
}

export interface BuiltRequest {
  measurements: MeasurementInput[];
  /** Request path → field code, to put server errors next to the right input. */
  paths: { path: string; field: string }[];
}

/** Builds the request from parsed values. Measurements whose optional fields are all empty are left out,
 *  so paths are computed after filtering. */
export function buildRequest(
  defs: MeasurementDef[],
  values: Record<string, number | undefined>,
  units: Record<string, string>,
): BuiltRequest {
  const measurements: MeasurementInput[] = [];
  const paths: { path: string; field: string }[] = [];
  for (const def of defs) {
    const unit = units[def.loinc] ?? def.unit;
    const i = measurements.length;
    if (def.components?.length) {
      if (def.components.every((c) => values[c.loinc] === undefined)) continue;
      measurements.push({
        code: def.loinc,
        components: def.components.map((c, j) => {
          paths.push({ path: `measurements[${i}].components[${j}]`, field: c.loinc });
          return { code: c.loinc, value: values[c.loinc] as number, unit };
        }),
      });
    } else {
      const value = values[def.loinc];
      if (value === undefined) continue;
      measurements.push({ code: def.loinc, value, unit });
      paths.push({ path: `measurements[${i}]`, field: def.loinc });
    }
    // Unit problems belong to the unit choice, not to a number field; longest-prefix matching picks this.
    paths.push({ path: `measurements[${i}].unit`, field: `unit:${def.loinc}` });
    def.components?.forEach((_c, j) => {
      paths.push({ path: `measurements[${i}].components[${j}].unit`, field: `unit:${def.loinc}` });
    });
  }
  return { measurements, paths };
}
