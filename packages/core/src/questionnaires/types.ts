// The subset of FHIR R4 Questionnaire / QuestionnaireResponse that Hemma ships and accepts, plus what Hemma
// keeps beside a Questionnaire to score it. Texts are Swedish in `text`/`display` (the resource's language) and
// English in the standard translation extension on `_text`/`_display`.

import type { InstrumentId } from '../metrics';
import type { Localized } from '../types';

export interface Extension {
  url: string;
  valueString?: string;
  valueCode?: string;
  valueInteger?: number;
  valueDecimal?: number;
  extension?: Extension[];
}

/** Primitive extensions (FHIR `_text`, `_display`): here only translations. */
export interface PrimitiveExtension {
  extension?: Extension[];
}

export interface Coding {
  system?: string;
  code: string;
  display?: string;
  _display?: PrimitiveExtension;
  extension?: Extension[];
}

export type QuestionnaireItemType =
  | 'group'
  | 'display'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'string'
  | 'text'
  | 'choice';

export interface QuestionnaireItem {
  linkId: string;
  prefix?: string;
  text?: string;
  _text?: PrimitiveExtension;
  type: QuestionnaireItemType;
  required?: boolean;
  repeats?: boolean;
  maxLength?: number;
  code?: Coding[];
  extension?: Extension[];
  answerOption?: { valueCoding: Coding }[];
  item?: QuestionnaireItem[];
}

export interface Questionnaire {
  resourceType: 'Questionnaire';
  id: string;
  url: string;
  version: string;
  name: string;
  title: string;
  _title?: PrimitiveExtension;
  status: 'draft' | 'active' | 'retired';
  language: 'sv';
  subjectType: ['Patient'];
  description?: string;
  copyright?: string;
  code?: Coding[];
  extension?: Extension[];
  item: QuestionnaireItem[];
}

export interface ResponseAnswer {
  valueCoding?: Coding;
  valueInteger?: number;
  valueDecimal?: number;
  valueBoolean?: boolean;
  valueString?: string;
  item?: ResponseItem[];
}

export interface ResponseItem {
  linkId: string;
  text?: string;
  answer?: ResponseAnswer[];
  item?: ResponseItem[];
}

export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  id?: string;
  questionnaire: string;
  status: 'completed' | 'in-progress' | 'amended' | 'entered-in-error' | 'stopped';
  subject?: { reference: string };
  authored?: string;
  identifier?: { system?: string; value: string };
  item?: ResponseItem[];
}

/** A code an Observation is stored under: LOINC_SYSTEM where one exists, else Hemma's code system. */
export interface ScoreCode {
  system: string;
  code: string;
  name: Localized;
}

/**
 * How a questionnaire is scored. `instrument`: the item ordinals (in `items` order) go to scoreInstrument.
 * `sum`: the item ordinals (choice) or values (integer) are added up. `none`: stored, not scored.
 */
export type Scoring =
  | { kind: 'instrument'; instrument: InstrumentId; items: string[]; total: ScoreCode }
  | { kind: 'sum'; items: string[]; total: ScoreCode; min: number; max: number }
  | { kind: 'none' };

export interface QuestionnaireDef {
  /** Id and last part of the canonical URL, e.g. "phq-9". */
  id: string;
  questionnaire: Questionnaire;
  scoring: Scoring;
  /** Item codes stored as their own score Observation, e.g. PHQ-9 item 9 (always checked by the rules). */
  itemObservations?: { linkId: string; code: ScoreCode }[];
  /**
   * Licensed wording (CAT, ACT): Hemma ships only structure and scoring with placeholder texts; a region
   * imports the wording with importLicensedQuestionnaire.
   */
  licensed?: { owner: string };
}
