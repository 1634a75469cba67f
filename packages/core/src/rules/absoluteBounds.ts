// Absolute bounds: the value against the limits in force (strict limits, red before yellow), exactly as
// evaluate() does at intake — checkValue is shared. Judges each new measurement; when the rules run without
// one (a job), the latest value of each code if it is from the last 24 hours.

import { effectiveThresholds, validateThresholds } from '../thresholds';
import type { Thresholds } from '../types';
import { boundFindings, checkNumber, issue, judgedValueCodes, judgedValues } from './common';
import type { AbsoluteBoundsConfig, Rule, RuleContext } from './types';

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
    return judgedValueCodes(config.code).flatMap((code) =>
      boundFindings(
        config,
        ctx,
        code,
        limits(config, ctx, code),
        'absoluteBounds',
        absoluteBoundsRule.defaultAutoResolve,
      ),
    );
  },

  clears(config, ctx) {
    const codes = judgedValueCodes(config.code);
    return (
      codes.some((c) => judgedValues(ctx, c).length > 0) &&
      absoluteBoundsRule.evaluate(config, ctx).length === 0
    );
  },
};
