// Importing the licensed wording of an instrument (CAT, ACT) that Hemma ships as structure only. The imported
// Questionnaire must have exactly the shipped structure — the same linkIds in the same order, types, required
// flags and answer options with the same codes and scores — so that scoring stays Hemma's and cannot be changed
// by an import. Only texts (sv in text/display, en in the translation extension), title and copyright are taken.

import type { Result } from '../types';
import { flattenItems, ordinalOf } from './build';
import type { Questionnaire, QuestionnaireDef, QuestionnaireItem } from './types';
import type { ResponseIssue } from './validate';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function importLicensedQuestionnaire(def: QuestionnaireDef, input: unknown): Result<Questionnaire> {
  const issues: ResponseIssue[] = [];
  const add = (field: string, message: string, linkId?: string) =>
    issues.push({ field, kind: 'invalid', message, ...(linkId ? { linkId } : {}) });
  if (!def.licensed) {
    add(
      'Questionnaire',
      `${def.id} ships with its wording; only licensed instruments (cat, act) are imported`,
    );
    return { ok: false, issues };
  }
  if (!isObject(input) || input.resourceType !== 'Questionnaire') {
    add('Questionnaire.resourceType', 'the body must be a FHIR Questionnaire');
    return { ok: false, issues };
  }
  const imported = input as unknown as Questionnaire;
  if (typeof imported.title !== 'string' || imported.title.trim() === '')
    add('Questionnaire.title', 'title is required');
  const shipped = flattenItems(def.questionnaire.item);
  const given = Array.isArray(imported.item) ? flattenItems(imported.item as QuestionnaireItem[]) : [];
  if (given.length !== shipped.length)
    add(
      'Questionnaire.item',
      `expected ${shipped.length} items (${shipped.map((i) => i.linkId).join(', ')}), got ${given.length}`,
    );
  const texts = new Map<string, QuestionnaireItem>();
  shipped.forEach((s, i) => {
    const g = given[i];
    if (!g) return;
    const at = `Questionnaire.item[${i}]`;
    if (g.linkId !== s.linkId) {
      add(
        `${at}.linkId`,
        `item ${i + 1} must have linkId ${s.linkId}, got ${String(g.linkId).slice(0, 40)}`,
        s.linkId,
      );
      return;
    }
    if (g.type !== s.type) add(`${at}.type`, `${s.linkId}: type must be ${s.type}`, s.linkId);
    if (Boolean(g.required) !== Boolean(s.required))
      add(`${at}.required`, `${s.linkId}: required must be ${Boolean(s.required)}`, s.linkId);
    if (typeof g.text !== 'string' || g.text.trim() === '' || g.text === s.text)
      add(
        `${at}.text`,
        `${s.linkId}: the item's (Swedish) text is required and must replace the placeholder`,
        s.linkId,
      );
    const so = s.answerOption ?? [];
    const go = Array.isArray(g.answerOption) ? g.answerOption : [];
    if (go.length !== so.length)
      add(`${at}.answerOption`, `${s.linkId}: expected ${so.length} answer options`, s.linkId);
    else
      so.forEach((o, k) => {
        const c = go[k]?.valueCoding;
        if (!c || c.code !== o.valueCoding.code)
          add(
            `${at}.answerOption[${k}]`,
            `${s.linkId}: option ${k + 1} must have code ${o.valueCoding.code}`,
            s.linkId,
          );
        else if (ordinalOf(c) !== undefined && ordinalOf(c) !== ordinalOf(o.valueCoding))
          add(
            `${at}.answerOption[${k}]`,
            `${s.linkId}: option ${o.valueCoding.code} must score ${ordinalOf(o.valueCoding)}`,
            s.linkId,
          );
        else if (typeof c.display !== 'string' || c.display.trim() === '')
          add(
            `${at}.answerOption[${k}].valueCoding.display`,
            `${s.linkId}: option ${o.valueCoding.code} needs a display text`,
            s.linkId,
          );
      });
    texts.set(s.linkId, g);
  });
  if (issues.length > 0) return { ok: false, issues };

  // Structure and scores from the shipped definition, texts from the import.
  const merge = (items: QuestionnaireItem[]): QuestionnaireItem[] =>
    items.map((s) => {
      const g = texts.get(s.linkId)!;
      return {
        ...s,
        text: g.text,
        ...(g._text ? { _text: g._text } : { _text: undefined }),
        ...(s.answerOption
          ? {
              answerOption: s.answerOption.map((o, k) => {
                const c = g.answerOption![k]!.valueCoding;
                return {
                  valueCoding: {
                    ...o.valueCoding,
                    display: c.display,
                    ...(c._display ? { _display: c._display } : { _display: undefined }),
                  },
                };
              }),
            }
          : {}),
        ...(s.item ? { item: merge(s.item) } : {}),
      };
    });
  const q: Questionnaire = {
    ...def.questionnaire,
    version: `${def.questionnaire.version}-imported`,
    title: imported.title,
    _title: imported._title ?? undefined,
    ...(typeof imported.copyright === 'string' ? { copyright: imported.copyright } : {}),
    item: merge(def.questionnaire.item),
  };
  // Drop the undefined keys so the stored JSON is clean FHIR.
  return { ok: true, value: JSON.parse(JSON.stringify(q)) as Questionnaire };
}
