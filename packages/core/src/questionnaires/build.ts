// Small builders for the shipped Questionnaires: each instrument file stays readable data (texts sv/en, answer
// options with their scores) while the result is plain FHIR R4 JSON.

import type { Lang, Localized } from '../types';
import type {
  Coding,
  Extension,
  PrimitiveExtension,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireItemType,
} from './types';

// The code systems of the score Observations live with their codes (scoreCodes.ts, which the catalogue
// imports without these builders); re-exported here for the instruments.
export { HEMMA_SCORE_SYSTEM, LOINC_SYSTEM } from './scoreCodes';
export const QUESTIONNAIRE_BASE = 'http://hemma.se/fhir/Questionnaire/';
export const HEMMA_ANSWER_SYSTEM = 'http://hemma.se/fhir/CodeSystem/answer';
export const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';
export const ORDINAL_VALUE = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
export const MIN_VALUE = 'http://hl7.org/fhir/StructureDefinition/minValue';
export const MAX_VALUE = 'http://hl7.org/fhir/StructureDefinition/maxValue';
export const ITEM_CONTROL = 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl';

export function translation(en: string): PrimitiveExtension {
  return {
    extension: [
      {
        url: TRANSLATION,
        extension: [
          { url: 'lang', valueCode: 'en' },
          { url: 'content', valueString: en },
        ],
      },
    ],
  };
}

/** The text in the reader's language: the English translation when asked and present, else the Swedish. */
export function localized(
  sv: string | undefined,
  ext: PrimitiveExtension | undefined,
  lang: Lang,
): string | undefined {
  if (lang === 'sv') return sv;
  const t = ext?.extension?.find((e) => e.url === TRANSLATION);
  const en = t?.extension?.find((e) => e.url === 'content')?.valueString;
  const isEn = t?.extension?.some((e) => e.url === 'lang' && e.valueCode === 'en');
  return isEn && en !== undefined ? en : sv;
}

export const itemText = (item: Pick<QuestionnaireItem, 'text' | '_text'>, lang: Lang) =>
  localized(item.text, item._text, lang);
export const optionText = (c: Coding, lang: Lang) => localized(c.display, c._display, lang) ?? c.code;
export const questionnaireTitle = (q: Pick<Questionnaire, 'title' | '_title'>, lang: Lang) =>
  localized(q.title, q._title, lang) ?? q.title;

/** The score of an answer option (FHIR ordinalValue), if it has one. */
export function ordinalOf(c: Coding): number | undefined {
  return c.extension?.find((e) => e.url === ORDINAL_VALUE)?.valueDecimal;
}

export function intBound(item: QuestionnaireItem, which: 'min' | 'max'): number | undefined {
  return item.extension?.find((e) => e.url === (which === 'min' ? MIN_VALUE : MAX_VALUE))?.valueInteger;
}

export interface OptionSpec {
  code: string;
  text: Localized;
  score?: number;
  system?: string;
}

export function option(o: OptionSpec): { valueCoding: Coding } {
  return {
    valueCoding: {
      system: o.system ?? HEMMA_ANSWER_SYSTEM,
      code: o.code,
      display: o.text.sv,
      _display: translation(o.text.en),
      ...(o.score !== undefined ? { extension: [{ url: ORDINAL_VALUE, valueDecimal: o.score }] } : {}),
    },
  };
}

export interface ItemSpec {
  linkId: string;
  type: QuestionnaireItemType;
  text: Localized;
  required?: boolean;
  prefix?: string;
  code?: Coding;
  options?: OptionSpec[];
  min?: number;
  max?: number;
  maxLength?: number;
  /** FHIR itemControl hint, e.g. "slider" for a 0–10 scale. */
  control?: string;
  items?: ItemSpec[];
}

export function item(s: ItemSpec): QuestionnaireItem {
  const ext: Extension[] = [];
  if (s.min !== undefined) ext.push({ url: MIN_VALUE, valueInteger: s.min });
  if (s.max !== undefined) ext.push({ url: MAX_VALUE, valueInteger: s.max });
  if (s.control)
    ext.push({
      url: ITEM_CONTROL,
      extension: [{ url: 'code', valueCode: s.control }],
    });
  return {
    linkId: s.linkId,
    ...(s.prefix ? { prefix: s.prefix } : {}),
    text: s.text.sv,
    _text: translation(s.text.en),
    type: s.type,
    ...(s.required !== undefined ? { required: s.required } : {}),
    ...(s.maxLength !== undefined ? { maxLength: s.maxLength } : {}),
    ...(s.code ? { code: [s.code] } : {}),
    ...(ext.length ? { extension: ext } : {}),
    ...(s.options ? { answerOption: s.options.map(option) } : {}),
    ...(s.items ? { item: s.items.map(item) } : {}),
  };
}

export function questionnaire(s: {
  id: string;
  version?: string;
  name: string;
  title: Localized;
  description?: string;
  copyright?: string;
  code?: Coding;
  items: ItemSpec[];
}): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    id: s.id,
    url: `${QUESTIONNAIRE_BASE}${s.id}`,
    version: s.version ?? '1',
    name: s.name,
    title: s.title.sv,
    _title: translation(s.title.en),
    status: 'active',
    language: 'sv',
    subjectType: ['Patient'],
    ...(s.description ? { description: s.description } : {}),
    ...(s.copyright ? { copyright: s.copyright } : {}),
    ...(s.code ? { code: [s.code] } : {}),
    item: s.items.map(item),
  };
}

/** Every item in document order, groups included. */
export function flattenItems(items: QuestionnaireItem[] | undefined): QuestionnaireItem[] {
  return (items ?? []).flatMap((i) => [i, ...flattenItems(i.item)]);
}
