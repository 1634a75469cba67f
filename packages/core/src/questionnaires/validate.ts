// Item-by-item validation of a QuestionnaireResponse against its Questionnaire. Every problem is reported (not
// just the first), each with the linkId and the FHIRPath of the offending element, so the patient app can mark
// the question and an integrator can fix the message. Free-text answers are never echoed (personal data).

import type { ValidationIssue } from '../types';
import { flattenItems, intBound, optionText } from './build';
import type {
  QuestionnaireDef,
  QuestionnaireItem,
  QuestionnaireResponse,
  ResponseAnswer,
  ResponseItem,
} from './types';

export interface ResponseIssue extends ValidationIssue {
  /** The question the issue is about, when it is about one. */
  linkId?: string;
}

export type Answers = Map<string, ResponseAnswer[]>;

export type ResponseValidation = { ok: true; answers: Answers } | { ok: false; issues: ResponseIssue[] };

const VALUE_KEYS = ['valueCoding', 'valueInteger', 'valueDecimal', 'valueBoolean', 'valueString'] as const;
type ValueKey = (typeof VALUE_KEYS)[number];

const EXPECTED: Record<string, { key: ValueKey; what: string }> = {
  choice: { key: 'valueCoding', what: 'valueCoding (one of the answer options)' },
  integer: { key: 'valueInteger', what: 'valueInteger (a whole number)' },
  decimal: { key: 'valueDecimal', what: 'valueDecimal (a number)' },
  boolean: { key: 'valueBoolean', what: 'valueBoolean (true or false)' },
  string: { key: 'valueString', what: 'valueString (text)' },
  text: { key: 'valueString', what: 'valueString (text)' },
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a response's `questionnaire` names this questionnaire: its canonical URL, optionally `|version`. */
export function refersTo(def: QuestionnaireDef, reference: unknown): boolean {
  if (typeof reference !== 'string') return false;
  const [url] = reference.split('|');
  return url === def.questionnaire.url || url === `Questionnaire/${def.id}`;
}

export function validateResponse(def: QuestionnaireDef, input: unknown): ResponseValidation {
  const issues: ResponseIssue[] = [];
  const add = (
    field: string,
    kind: ValidationIssue['kind'],
    message: string,
    extra: Partial<ResponseIssue> = {},
  ) => issues.push({ field, kind, message, ...extra });
  if (!isObject(input)) {
    add('QuestionnaireResponse', 'invalid', 'the body must be a QuestionnaireResponse object');
    return { ok: false, issues };
  }
  const r = input as Partial<QuestionnaireResponse> & Record<string, unknown>;
  if (r.resourceType !== undefined && r.resourceType !== 'QuestionnaireResponse')
    add('QuestionnaireResponse.resourceType', 'invalid', 'resourceType must be QuestionnaireResponse', {
      given: String(r.resourceType).slice(0, 40),
    });
  if (!refersTo(def, r.questionnaire))
    add(
      'QuestionnaireResponse.questionnaire',
      r.questionnaire === undefined ? 'required' : 'invalid',
      `questionnaire must be ${def.questionnaire.url}`,
      { allowed: def.questionnaire.url },
    );
  if (r.status !== 'completed')
    add(
      'QuestionnaireResponse.status',
      r.status === undefined ? 'required' : 'invalid',
      'status must be "completed" (only completed responses are accepted)',
      { allowed: 'completed' },
    );

  const byLinkId = new Map(flattenItems(def.questionnaire.item).map((i) => [i.linkId, i]));
  const answers: Answers = new Map();
  const seen = new Set<string>();

  const walk = (items: unknown, path: string) => {
    if (items === undefined) return;
    if (!Array.isArray(items)) {
      add(path, 'invalid', `${path} must be an array of items`);
      return;
    }
    items.forEach((raw, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(raw)) {
        add(at, 'invalid', `${at} must be an item object`);
        return;
      }
      const item = raw as Partial<ResponseItem>;
      if (typeof item.linkId !== 'string' || item.linkId === '') {
        add(`${at}.linkId`, 'required', `${at}.linkId is required`);
        return;
      }
      const linkId = item.linkId;
      const q = byLinkId.get(linkId);
      if (!q) {
        add(`${at}.linkId`, 'unknown-code', `${linkId}: unknown linkId (not a question of ${def.id})`, {
          linkId,
          given: linkId.slice(0, 60),
        });
        return;
      }
      if (seen.has(linkId)) {
        add(`${at}.linkId`, 'duplicate', `${linkId}: answered more than once`, { linkId });
        return;
      }
      seen.add(linkId);
      if (q.type === 'group' || q.type === 'display') {
        if (item.answer !== undefined)
          add(`${at}.answer`, 'invalid', `${linkId}: a ${q.type} item takes no answer`, { linkId });
        if (q.type === 'group') walk(item.item, `${at}.item`);
        else if (item.item !== undefined)
          add(`${at}.item`, 'invalid', `${linkId}: a display item has no sub-items`, { linkId });
        return;
      }
      if (item.item !== undefined)
        add(`${at}.item`, 'invalid', `${linkId}: a question has no sub-items (answer it directly)`, {
          linkId,
        });
      if (item.answer === undefined) return;
      if (!Array.isArray(item.answer)) {
        add(`${at}.answer`, 'invalid', `${linkId}: answer must be an array`, { linkId });
        return;
      }
      if (item.answer.length > 1 && !q.repeats)
        add(`${at}.answer`, 'invalid', `${linkId}: only one answer is allowed, got ${item.answer.length}`, {
          linkId,
        });
      const good: ResponseAnswer[] = [];
      item.answer.forEach((a, k) => {
        if (checkAnswer(q, a, `${at}.answer[${k}]`, add)) good.push(a as ResponseAnswer);
      });
      if (good.length > 0 && good.length === item.answer.length) answers.set(linkId, good);
    });
  };
  walk(r.item, 'QuestionnaireResponse.item');

  // A required question without an answer, unless it already has a more precise issue (wrong type etc.).
  for (const q of byLinkId.values()) {
    if (!q.required || q.type === 'group' || q.type === 'display' || answers.has(q.linkId)) continue;
    if (issues.some((x) => x.linkId === q.linkId)) continue;
    add('QuestionnaireResponse.item', 'required', `${q.linkId}: an answer is required`, { linkId: q.linkId });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, answers };
}

function checkAnswer(
  q: QuestionnaireItem,
  raw: unknown,
  at: string,
  add: (
    field: string,
    kind: ValidationIssue['kind'],
    message: string,
    extra?: Partial<ResponseIssue>,
  ) => void,
): boolean {
  const linkId = q.linkId;
  const expected = EXPECTED[q.type]!;
  if (!isObject(raw)) {
    add(at, 'invalid', `${linkId}: each answer must be an object with ${expected.what}`, { linkId });
    return false;
  }
  const keys = VALUE_KEYS.filter((k) => raw[k] !== undefined);
  if (keys.length !== 1 || keys[0] !== expected.key) {
    const got = keys.length === 0 ? 'no value' : keys.join(' and ');
    add(`${at}.${expected.key}`, 'invalid', `${linkId}: expected ${expected.what}, got ${got}`, {
      linkId,
      allowed: expected.key,
    });
    return false;
  }
  const value = raw[expected.key];
  const field = `${at}.${expected.key}`;
  switch (q.type) {
    case 'choice': {
      const options = (q.answerOption ?? []).map((o) => o.valueCoding);
      const given = isObject(value) ? value : {};
      const code = typeof given.code === 'string' ? given.code : undefined;
      const match = options.find(
        (o) => o.code === code && (given.system === undefined || given.system === o.system),
      );
      if (!match) {
        const allowed = options.map((o) => `${o.code} (${optionText(o, 'en')})`).join(', ');
        add(
          field,
          code === undefined ? 'required' : 'out-of-range',
          `${linkId}: ${code === undefined ? 'valueCoding.code is missing' : `${JSON.stringify(code.slice(0, 40))} is not one of the answer options`}; allowed: ${allowed}`,
          { linkId, ...(code !== undefined ? { given: code.slice(0, 40) } : {}), allowed },
        );
        return false;
      }
      return true;
    }
    case 'integer':
    case 'decimal': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        add(field, 'not-a-number', `${linkId}: must be a number`, { linkId });
        return false;
      }
      if (q.type === 'integer' && !Number.isInteger(value)) {
        add(field, 'invalid', `${linkId}: ${value} is not a whole number`, { linkId, given: String(value) });
        return false;
      }
      const min = intBound(q, 'min');
      const max = intBound(q, 'max');
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
        const allowed = `${min ?? '−∞'}–${max ?? '∞'}`;
        add(field, 'out-of-range', `${linkId}: ${value} is outside ${allowed}`, {
          linkId,
          given: String(value),
          allowed,
        });
        return false;
      }
      return true;
    }
    case 'boolean':
      if (typeof value !== 'boolean') {
        add(field, 'invalid', `${linkId}: must be true or false`, { linkId });
        return false;
      }
      return true;
    default: {
      if (typeof value !== 'string' || value.trim() === '') {
        add(field, 'invalid', `${linkId}: must be non-empty text`, { linkId });
        return false;
      }
      if (q.maxLength !== undefined && value.length > q.maxLength) {
        add(field, 'out-of-range', `${linkId}: text is ${value.length} characters, at most ${q.maxLength}`, {
          linkId,
          allowed: `≤ ${q.maxLength} characters`,
        });
        return false;
      }
      return true;
    }
  }
}
