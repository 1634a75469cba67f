import { findMeasurement, measurementForValueCode, unitLabel, valueName } from './catalogue';
import { describeRuleReason } from './rules/describe';
import type { RuleReason } from './rules/types';
import type { AlertReason, Lang } from './types';

const LOCALES: Record<Lang, string> = { sv: 'sv-SE', en: 'en-GB' };
const formats = new Map<string, Intl.NumberFormat>();

/** Locale-aware number: "82,4" in Swedish, "82.4" in English. Without decimals, up to 3 are shown. */
export function formatNumber(value: number, lang: Lang, decimals?: number): string {
  const id = `${lang}:${decimals ?? ''}`;
  let f = formats.get(id);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang], {
      minimumFractionDigits: decimals ?? 0,
      maximumFractionDigits: decimals ?? 3,
    });
    formats.set(id, f);
  }
  return f.format(value);
}

/** A value with its unit, "82,4 kg", for a measurement or panel-component code. */
export function formatValue(code: string, value: number, lang: Lang, fallbackUnit = ''): string {
  const def = measurementForValueCode(code) ?? findMeasurement(code);
  const unit = def ? unitLabel(def, lang) : fallbackUnit;
  const number = formatNumber(value, lang, def?.decimals);
  return unit ? `${number} ${unit}` : number;
}

const WORDS: Record<Lang, Record<'high' | 'low', string>> = {
  sv: { high: 'över', low: 'under' },
  en: { high: 'above', low: 'below' },
};

/** "Systoliskt blodtryck 182 mmHg, över 180": the reason in words, for worklists and FHIR Flags. */
export function describeReason(r: AlertReason, lang: Lang): string {
  const decimals = (measurementForValueCode(r.code) ?? findMeasurement(r.code))?.decimals;
  const value = formatValue(r.code, r.value, lang, r.unit);
  return `${valueName(r.code, lang)} ${value}, ${WORDS[lang][r.direction]} ${formatNumber(r.limit, lang, decimals)}`;
}

/** Alert reasons in words; rule-engine reasons (change, baseline, missed, NEWS2, questionnaire) included. */
export function describeReasons(rs: (AlertReason | RuleReason)[], lang: Lang): string {
  // Rule reasons (bound ones too: they may say how many readings confirmed them) have a type.
  return rs.map((r) => ('type' in r ? describeRuleReason(r, lang) : describeReason(r, lang))).join('; ');
}
