// The clinical rule engine. Each rule kind is one module behind the Rule interface (types.ts), registered in
// RULE_KINDS below — like Nightscout's plugins. runRules evaluates a plan's rules on a context (the new
// measurement(s) plus recent history) and returns findings keyed for de-duplication; validateRules rejects a
// plan that cannot work with precise messages.

import type { ValidationIssue } from '../types';
import { absoluteBoundsRule } from './absoluteBounds';
import { baselineDeviationRule } from './baselineDeviation';
import { changeOverWindowRule } from './changeOverWindow';
import { mergeFindings, severityRank } from './common';
import { glucoseRule } from './glucose';
import { missedMeasurementRule } from './missedMeasurement';
import { news2Rule } from './news2Composite';
import { questionnaireRule } from './questionnaire';
import type { Rule, RuleConfig, RuleContext, RuleFinding, RuleKind } from './types';

export * from './absoluteBounds';
export * from './baselineDeviation';
export * from './changeOverWindow';
export * from './describe';
export * from './glucose';
export * from './missedMeasurement';
export * from './news2Composite';
export * from './questionnaire';
// Local calendar days and wall-clock times: the server's schedules (quiet hours) use the rules' own.
export { localDayNumber, zonedTimeToMs } from './time';
export type * from './types';

/** The rule kinds by name. A new kind: one module implementing Rule, one line here. */
export const RULE_KINDS: { readonly [K in RuleKind]: Rule<Extract<RuleConfig, { kind: K }>> } = {
  absoluteBounds: absoluteBoundsRule,
  changeOverWindow: changeOverWindowRule,
  baselineDeviation: baselineDeviationRule,
  missedMeasurement: missedMeasurementRule,
  news2: news2Rule,
  questionnaire: questionnaireRule,
  glucose: glucoseRule,
};

/**
 * Whether a rule reads earlier values of its codes (then intake must load the history): trends, baselines,
 * NEWS2's vitals set, and absolute bounds with confirmed yellow. The others judge the new value alone.
 */
export function ruleNeedsHistory(config: RuleConfig): boolean {
  switch (config.kind) {
    case 'changeOverWindow':
    case 'baselineDeviation':
    case 'news2':
      return true;
    case 'absoluteBounds':
      return config.confirm !== undefined;
    default:
      return false;
  }
}

function ruleFor(config: RuleConfig): Rule | undefined {
  const kind = (config as { kind?: unknown })?.kind;
  return typeof kind === 'string' && Object.hasOwn(RULE_KINDS, kind)
    ? (RULE_KINDS[kind as RuleConfig['kind']] as Rule)
    : undefined;
}

/** Problems of one config, field paths relative to it. */
export function validateRule(config: RuleConfig): ValidationIssue[] {
  if (config == null || typeof config !== 'object')
    return [{ field: '', kind: 'invalid', message: 'a rule must be an object' }];
  const rule = ruleFor(config);
  const issues: ValidationIssue[] = [];
  if (typeof config.id !== 'string' || config.id.trim() === '')
    issues.push({ field: 'id', kind: 'required', message: 'id: is required' });
  if (!rule) {
    const kinds = Object.keys(RULE_KINDS).join(', ');
    issues.push({
      field: 'kind',
      kind: 'invalid',
      given: String((config as { kind?: unknown }).kind),
      allowed: kinds,
      message: `kind: ${String((config as { kind?: unknown }).kind)} is not a rule kind (${kinds})`,
    });
    return issues;
  }
  for (const f of ['autoResolve', 'enabled'] as const)
    if (config[f] !== undefined && typeof config[f] !== 'boolean')
      issues.push({
        field: f,
        kind: 'invalid',
        given: String(config[f]),
        message: `${f}: must be true or false`,
      });
  if (config.audience !== undefined && config.audience !== 'care' && config.audience !== 'patient')
    issues.push({
      field: 'audience',
      kind: 'invalid',
      given: String(config.audience),
      allowed: 'care, patient',
      message: `audience: ${String(config.audience)} must be care or patient`,
    });
  try {
    issues.push(...rule.validate(config));
  } catch (e) {
    issues.push({
      field: '',
      kind: 'invalid',
      message: `the rule could not be checked: ${(e as Error).message}`,
    });
  }
  return issues;
}

/**
 * Problems of a plan's rules, with paths "rules[i].field" (prefix for where the rules sit in a request):
 * unknown kinds and codes, limits in the wrong order, windows ≤ 0, schedules that never fire, duplicate ids.
 */
export function validateRules(configs: RuleConfig[], prefix = 'rules'): ValidationIssue[] {
  if (!Array.isArray(configs))
    return [{ field: prefix, kind: 'invalid', message: `${prefix}: must be an array` }];
  const issues: ValidationIssue[] = [];
  const ids = new Map<string, number>();
  configs.forEach((config, i) => {
    const at = `${prefix}[${i}]`;
    for (const issue of validateRule(config))
      issues.push({
        ...issue,
        field: issue.field ? `${at}.${issue.field}` : at,
        message: issue.field ? `${at}.${issue.message}` : `${at}: ${issue.message}`,
      });
    const id = (config as { id?: unknown })?.id;
    if (typeof id === 'string' && id !== '') {
      const first = ids.get(id);
      if (first !== undefined)
        issues.push({
          field: `${at}.id`,
          kind: 'duplicate',
          given: id,
          message: `${at}.id: ${id} is already used by ${prefix}[${first}]`,
        });
      else ids.set(id, i);
    }
  });
  return issues;
}

/**
 * Runs the enabled, valid rules on the context. Invalid configs are skipped (plans are validated when saved;
 * intake must not fail on one). Findings with the same dedupeKey collapse into the worst (the first of equals),
 * keeping the worst reason of every other value code in `related` (mergeFindings: a panel's components).
 * Ordered red first, then by rule order. Never throws.
 */
export function runRules(configs: RuleConfig[], ctx: RuleContext): RuleFinding[] {
  const byKey = new Map<string, RuleFinding>();
  for (const config of Array.isArray(configs) ? configs : []) {
    if (!config || config.enabled === false) continue;
    const rule = ruleFor(config);
    if (!rule || validateRule(config).length > 0) continue;
    let found: RuleFinding[];
    try {
      found = rule.evaluate(config, ctx);
    } catch {
      continue; // a rule bug must not stop intake; the property tests keep this path empty
    }
    for (const f of found) {
      const prior = byKey.get(f.dedupeKey);
      byKey.set(f.dedupeKey, prior ? mergeFindings([prior, f]) : f);
    }
  }
  return [...byKey.values()].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

/**
 * Ids of the enabled, valid rules that are clear now: the data they judge is back in range. The server resolves
 * their open alerts that were raised with autoResolve and whose dedupeKey is not among runRules' findings.
 */
export function clearedRules(configs: RuleConfig[], ctx: RuleContext): string[] {
  const out: string[] = [];
  for (const config of Array.isArray(configs) ? configs : []) {
    if (!config || config.enabled === false) continue;
    const rule = ruleFor(config);
    if (!rule?.clears || validateRule(config).length > 0) continue;
    try {
      if (rule.clears(config, ctx)) out.push(config.id);
    } catch {
      // not clear
    }
  }
  return out;
}
