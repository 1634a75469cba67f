import { formatNumber, formatValue, type Lang, type MeasurementDef, unitLabel } from '@hemma/core';

/** "182/95 mmHg" for panels, the core formatting ("82,4 kg") for single values. */
export function formatObservationValue(def: MeasurementDef, values: number[], lang: Lang): string {
  if (def.components?.length) {
    return `${values.map((v) => formatNumber(v, lang, def.decimals)).join('/')} ${unitLabel(def, lang)}`;
  }
  const [first] = values;
  return first === undefined ? '–' : formatValue(def.loinc, first, lang);
}
