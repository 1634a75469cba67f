// Checks a protocol before it is stored: a plan that cannot be satisfied (unknown code, low > high, a schedule
// that never fires, a rule on something no activity measures) is rejected with one precise issue per problem.

import { findMeasurement, valueCodes } from '../catalogue';
import { judgedValueCodes } from '../rules/common';
import { validateRules } from '../rules/index';
import { validateThresholds } from '../thresholds';
import type { Result, ValidationIssue } from '../types';
import { KNOWN_QUESTIONNAIRES, questionnaireIdOf, questionnaireUrl } from './library';
import { validateSchedule } from './schedule';
import type { MissedCheck, Protocol, ProtocolActivity } from './types';

const ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const ADVICE_LEVELS = ['redHigh', 'yellowHigh', 'yellowLow', 'redLow', 'normal'];

function prefixed(prefix: string, issues: ValidationIssue[]): ValidationIssue[] {
  return issues.map((i) => ({
    ...i,
    field: i.field ? `${prefix}.${i.field}` : prefix,
    message: `${prefix}.${i.message.startsWith(`${i.field}:`) ? i.message : `${i.field}: ${i.message}`}`,
  }));
}

function checkText(value: unknown, field: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const v = value as Record<string, unknown> | null;
  for (const lang of ['sv', 'en'])
    if (!v || typeof v[lang] !== 'string' || (v[lang] as string).trim() === '')
      issues.push({
        field: `${field}.${lang}`,
        kind: 'required',
        message: `${field}.${lang}: is required (texts are needed in Swedish and English)`,
      });
  return issues;
}

/** Value codes an activity's thresholds and advice may use. */
export function activityValueCodes(a: Pick<ProtocolActivity, 'kind' | 'code'>): string[] {
  if (a.kind !== 'measurement') return [];
  const def = findMeasurement(a.code);
  return def ? valueCodes(def) : [];
}

function checkActivity(a: ProtocolActivity, at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof a.id !== 'string' || !ID.test(a.id))
    issues.push({
      field: `${at}.id`,
      kind: 'invalid',
      given: String(a.id),
      message: `${at}.id: must be 2–63 lower-case letters, digits or hyphens`,
    });
  if (a.kind === 'measurement') {
    if (!findMeasurement(a.code))
      issues.push({
        field: `${at}.code`,
        kind: 'unknown-code',
        given: String(a.code),
        message: `${at}.code: ${String(a.code)} is not a measurement in the catalogue`,
      });
  } else if (a.kind === 'questionnaire') {
    const id = typeof a.code === 'string' ? questionnaireIdOf(a.code) : undefined;
    if (!id || !KNOWN_QUESTIONNAIRES.includes(id))
      issues.push({
        field: `${at}.code`,
        kind: 'unknown-code',
        given: String(a.code),
        allowed: KNOWN_QUESTIONNAIRES.map(questionnaireUrl).join(', '),
        message: `${at}.code: ${String(a.code)} is not a known questionnaire`,
      });
  } else {
    issues.push({
      field: `${at}.kind`,
      kind: 'invalid',
      given: String(a.kind),
      allowed: 'measurement, questionnaire',
      message: `${at}.kind: ${String(a.kind)} is not measurement or questionnaire`,
    });
  }
  issues.push(...checkText(a.title, `${at}.title`), ...checkText(a.instructions, `${at}.instructions`));
  issues.push(...validateSchedule(a.schedule, `${at}.schedule`));
  const codes = activityValueCodes(a);
  for (const [code, t] of Object.entries(a.thresholds ?? {})) {
    const f = `${at}.thresholds.${code}`;
    if (!codes.includes(code)) {
      issues.push({
        field: f,
        kind: 'unknown-code',
        given: code,
        allowed: codes.join(', ') || 'none',
        message: `${f}: ${code} is not a value of ${String(a.code)}`,
      });
      continue;
    }
    issues.push(...prefixed(f, validateThresholds(code, t)));
  }
  for (const [code, set] of Object.entries(a.advice ?? {})) {
    const f = `${at}.advice.${code}`;
    if (!codes.includes(code)) {
      issues.push({
        field: f,
        kind: 'unknown-code',
        given: code,
        allowed: codes.join(', ') || 'none',
        message: `${f}: ${code} is not a value of ${String(a.code)}`,
      });
      continue;
    }
    for (const [level, text] of Object.entries(set ?? {})) {
      if (!ADVICE_LEVELS.includes(level))
        issues.push({
          field: `${f}.${level}`,
          kind: 'invalid',
          given: level,
          allowed: ADVICE_LEVELS.join(', '),
          message: `${f}.${level}: is not an advice level`,
        });
      else issues.push(...checkText(text, `${f}.${level}`));
    }
  }
  const g = a.missedGraceMinutes;
  if (g !== undefined && (!Number.isInteger(g) || g < 1 || g > 10080))
    issues.push({
      field: `${at}.missedGraceMinutes`,
      kind: 'out-of-range',
      given: String(g),
      allowed: '1–10080',
      message: `${at}.missedGraceMinutes: ${String(g)} must be a whole number of minutes from 1 to 10080`,
    });
  if (a.missedCheck !== undefined) issues.push(...checkMissedCheck(a, `${at}.missedCheck`));
  if (a.runIn !== undefined && typeof a.runIn !== 'boolean')
    issues.push({
      field: `${at}.runIn`,
      kind: 'invalid',
      given: String(a.runIn),
      allowed: 'true, false',
      message: `${at}.runIn: must be true or false`,
    });
  else if (a.runIn !== undefined && a.kind !== 'measurement')
    issues.push({
      field: `${at}.runIn`,
      kind: 'invalid',
      given: String(a.runIn),
      message: `${at}.runIn: applies to measurements only (the run-in proposes limits for measured values)`,
    });
  return issues;
}

/** A missed check is judged by the missedMeasurement rule: its minutes have that rule's bounds (0 to a week). */
function checkMissedCheck(a: ProtocolActivity, at: string): ValidationIssue[] {
  const c = a.missedCheck as Partial<MissedCheck> | null;
  if (c == null || typeof c !== 'object' || Array.isArray(c))
    return [
      {
        field: at,
        kind: 'invalid',
        message: `${at}: must be an object { schedule, earlyMinutes, graceMinutes }`,
      },
    ];
  const issues: ValidationIssue[] = [];
  if (a.kind !== 'measurement')
    issues.push({
      field: at,
      kind: 'invalid',
      given: String(a.kind),
      message: `${at}: only measurements are checked for missing readings`,
    });
  issues.push(...validateSchedule(c.schedule, `${at}.schedule`));
  if (Array.isArray(c.schedule))
    c.schedule.forEach((e, i) => {
      if (e && typeof e === 'object' && e.readings !== undefined && e.readings !== 1)
        issues.push({
          field: `${at}.schedule[${i}].readings`,
          kind: 'invalid',
          given: String(e.readings),
          message: `${at}.schedule[${i}].readings: a check is met by any one reading; leave readings out`,
        });
    });
  for (const key of ['earlyMinutes', 'graceMinutes'] as const) {
    const v = c[key];
    if (v === undefined)
      issues.push({ field: `${at}.${key}`, kind: 'required', message: `${at}.${key}: is required` });
    else if (!Number.isInteger(v) || v < 0 || v > 10080)
      issues.push({
        field: `${at}.${key}`,
        kind: 'out-of-range',
        given: String(v),
        allowed: '0–10080',
        message: `${at}.${key}: ${String(v)} must be a whole number of minutes from 0 to 10080`,
      });
  }
  return issues;
}

/** All problems of a protocol, with field paths such as "activities[0].schedule[1].rrule.BYDAY". */
export function validateProtocol(input: unknown): ValidationIssue[] {
  if (input == null || typeof input !== 'object' || Array.isArray(input))
    return [{ field: '', kind: 'invalid', message: 'a protocol must be an object' }];
  const p = input as Protocol;
  const issues: ValidationIssue[] = [];
  if (typeof p.id !== 'string' || !ID.test(p.id))
    issues.push({
      field: 'id',
      kind: 'invalid',
      given: String(p.id),
      message: 'id: must be 2–63 lower-case letters, digits or hyphens',
    });
  issues.push(...checkText(p.title, 'title'), ...checkText(p.description, 'description'));
  if (!Array.isArray(p.activities) || p.activities.length === 0) {
    issues.push({
      field: 'activities',
      kind: 'required',
      message: 'activities: a protocol needs at least one activity',
    });
    return issues;
  }
  const ids = new Map<string, number>();
  const codes = new Map<string, number>();
  p.activities.forEach((a, i) => {
    const at = `activities[${i}]`;
    if (a == null || typeof a !== 'object') {
      issues.push({ field: at, kind: 'invalid', message: `${at}: must be an object` });
      return;
    }
    issues.push(...checkActivity(a, at));
    if (ids.has(a.id))
      issues.push({
        field: `${at}.id`,
        kind: 'duplicate',
        given: a.id,
        message: `${at}.id: ${a.id} is already used by activities[${ids.get(a.id)}]`,
      });
    else ids.set(a.id, i);
    const key = a.kind === 'measurement' ? (findMeasurement(a.code)?.loinc ?? a.code) : a.code;
    if (codes.has(key))
      issues.push({
        field: `${at}.code`,
        kind: 'duplicate',
        given: a.code,
        message: `${at}.code: ${a.code} is already scheduled by activities[${codes.get(key)}]; give one activity several timings instead`,
      });
    else codes.set(key, i);
  });
  const rules = Array.isArray(p.rules) ? p.rules : [];
  if (p.rules !== undefined && !Array.isArray(p.rules))
    issues.push({ field: 'rules', kind: 'invalid', message: 'rules: must be an array' });
  issues.push(...validateRules(rules, 'rules'));
  // A rule on something no activity collects can never fire.
  const measured = new Set(
    p.activities.flatMap((a) => (a && typeof a === 'object' ? activityValueCodes(a) : [])),
  );
  const asked = new Set(
    p.activities.map((a) => (a?.kind === 'questionnaire' ? questionnaireIdOf(a.code) : undefined)),
  );
  rules.forEach((r, i) => {
    if (!r || typeof r !== 'object') return;
    if ('code' in r && typeof r.code === 'string') {
      const judged = judgedValueCodes(r.code);
      if (judged.length > 0 && !judged.some((c) => measured.has(c)))
        issues.push({
          field: `rules[${i}].code`,
          kind: 'invalid',
          given: r.code,
          message: `rules[${i}].code: no activity measures ${r.code}, so the rule can never fire`,
        });
    }
    if (r.kind === 'questionnaire' && typeof r.questionnaire === 'string' && !asked.has(r.questionnaire))
      issues.push({
        field: `rules[${i}].questionnaire`,
        kind: 'invalid',
        given: r.questionnaire,
        message: `rules[${i}].questionnaire: no activity asks ${r.questionnaire}, so the rule can never fire`,
      });
  });
  return issues;
}

/** The protocol, or every problem with it. */
export function parseProtocol(input: unknown): Result<Protocol> {
  const issues = validateProtocol(input);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: structuredClone(input as Protocol) };
}
