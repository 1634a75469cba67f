// Absolute bounds: the value against the limits in force (strict limits, red before yellow), exactly as
// evaluate() does at intake — checkValue is shared. Judges each new measurement; when the rules run without
// one (a job), the latest value of each code if it is from the last 24 hours. With `confirm`, a yellow value
// gives a finding only when the deviation persists (BoundConfirm in types.ts); red never waits. On a panel
// (BP) each component is judged (and confirmed) by its own values, and the components' findings in one
// direction are one finding keyed `${id}:${panel}:${direction}`: the worst severity, every component's reason.

import { findMeasurement } from '../catalogue';
import { effectiveThresholds, validateThresholds } from '../thresholds';
import type { Thresholds, ValidationIssue } from '../types';
import {
  boundFindings,
  checkNumber,
  confirmedInRange,
  issue,
  judgedValueCodes,
  judgedValues,
  mergeFindings,
} from './common';
import type { AbsoluteBoundsConfig, BoundReason, Rule, RuleContext, RuleFinding } from './types';

const CONFIRM_SHAPE = '{ readings, withinHours, apartHours? }';

function validateConfirm(confirm: unknown): ValidationIssue[] {
  if (confirm === undefined) return [];
  if (confirm === null || typeof confirm !== 'object' || Array.isArray(confirm))
    return [
      issue(
        'confirm',
        'invalid',
        `must be an object ${CONFIRM_SHAPE}`,
        JSON.stringify(confirm),
        CONFIRM_SHAPE,
      ),
    ];
  const c = confirm as Record<string, unknown>;
  const unknown = Object.keys(c).filter((k) => !['readings', 'withinHours', 'apartHours'].includes(k));
  if (unknown.length > 0)
    return [
      issue(
        `confirm.${unknown[0]}`,
        'invalid',
        `is not an option of confirm ${CONFIRM_SHAPE}`,
        unknown[0],
        CONFIRM_SHAPE,
      ),
    ];
  const nums = [
    ...checkNumber(c.readings, 'confirm.readings', { required: true, integer: true, min: 2, max: 10 }),
    ...checkNumber(c.withinHours, 'confirm.withinHours', { required: true, above: 0, max: 168 }),
    ...checkNumber(c.apartHours, 'confirm.apartHours', { min: 0 }),
  ];
  if (nums.length > 0) return nums;
  const readings = c.readings as number;
  const within = c.withinHours as number;
  const apart = (c.apartHours as number | undefined) ?? 0;
  // The others lie on either side of the reading, each side a chain at least `apart` long per step.
  if (apart > 0 && 2 * Math.floor(within / apart) < readings - 1)
    return [
      issue(
        'confirm.apartHours',
        'out-of-range',
        `${readings} readings at least ${apart} hours apart cannot all lie within ${within} hours of one of them`,
        apart,
        `≤ ${within / Math.ceil((readings - 1) / 2)}`,
      ),
    ];
  return [];
}

function limits(config: AbsoluteBoundsConfig, ctx: RuleContext, code: string): Thresholds {
  const base = ctx.thresholdsFor?.(code) ?? effectiveThresholds(code);
  if (!config.thresholds) return base;
  const merged: Thresholds = { ...base };
  for (const [k, v] of Object.entries(config.thresholds) as [keyof Thresholds, number | null | undefined][])
    if (v !== undefined) merged[k] = v;
  return merged;
}

export const absoluteBoundsRule: Rule<AbsoluteBoundsConfig> = {
  kind: 'absoluteBounds',
  defaultAutoResolve: true,

  validate(config) {
    const codes = judgedValueCodes(config.code);
    if (codes.length === 0) {
      if (!config.code) return [issue('code', 'required', 'is required')];
      return [
        issue('code', 'unknown-code', `${String(config.code)} is not a known measurement code`, config.code),
      ];
    }
    const confirm = validateConfirm(config.confirm);
    if (confirm.length > 0) return confirm;
    if (!config.thresholds) return [];
    if (codes.length > 1)
      return [
        issue(
          'thresholds',
          'invalid',
          `limits are per value; use one rule per component (${codes.join(', ')})`,
          undefined,
          codes.join(', '),
        ),
      ];
    const nums = Object.entries(config.thresholds).flatMap(([k, v]) =>
      v === null ? [] : checkNumber(v, `thresholds.${k}`, {}),
    );
    if (nums.length > 0) return nums;
    return validateThresholds(codes[0]!, config.thresholds).map((i) => ({
      ...i,
      field: `thresholds.${i.field}`,
      message: `thresholds.${i.message}`,
    }));
  },

  evaluate(config, ctx) {
    const codes = judgedValueCodes(config.code);
    const found = codes.flatMap((code) =>
      boundFindings(
        config,
        ctx,
        code,
        limits(config, ctx, code),
        'absoluteBounds',
        absoluteBoundsRule.defaultAutoResolve,
        config.confirm,
      ),
    );
    if (codes.length < 2 || found.length === 0) return found;
    // A panel: one BP reading above its limits is one item for staff, not one per component. The components'
    // findings in one direction become one finding keyed by the panel, each component's reason kept.
    const panel = findMeasurement(config.code)!.loinc;
    const byDirection = new Map<string, RuleFinding[]>();
    for (const f of found) {
      const direction = (f.reason as BoundReason).direction;
      byDirection.set(direction, [...(byDirection.get(direction) ?? []), f]);
    }
    return [...byDirection].map(([direction, list]) =>
      mergeFindings(list, `${config.id}:${panel}:${direction}`),
    );
  },

  // "All clear" means the values are back within the limits: an unconfirmed yellow value (no finding yet) is
  // still beyond them and keeps an open alert open. With `confirm`, being back in range needs the same
  // persistence as a yellow finding (confirmedInRange): else a patient hovering at a limit opens, clears and
  // reopens an item every day.
  clears(config, ctx) {
    const codes = judgedValueCodes(config.code);
    const { confirm, ...plain } = config;
    const judged = codes.filter((c) => judgedValues(ctx, c).length > 0);
    return (
      judged.length > 0 &&
      absoluteBoundsRule.evaluate(plain, ctx).length === 0 &&
      (!confirm || judged.every((c) => confirmedInRange(ctx, c, limits(config, ctx, c), confirm)))
    );
  },
};
