// Glucose: level 2 hypoglycaemia below 3.0 mmol/L → red, level 1 below 3.9 → yellow (International consensus
// on time in range, Battelino et al., Diabetes Care 2019;42:1593; ADA Standards of Care), and above the plan's
// high limits (yellowHigh/redHigh from thresholdsFor, default 10.0/13.9). The low limits are the consensus
// ones whatever the personal thresholds say (a plan may set its own in the rule config). Limits are strict.
// Judges every new reading (a CGM upload holds many); without new readings, the latest one if from the last 24 h.

import {
  boundFindings,
  canonicalValueCode,
  checkNumber,
  checkValueCode,
  issue,
  judgedValues,
} from './common';
import type { GlucoseConfig, Rule, RuleContext, RuleFinding } from './types';

export const GLUCOSE_CODE = '15074-8';

function findings(config: GlucoseConfig, ctx: RuleContext): RuleFinding[] {
  const code = canonicalValueCode(config.code ?? GLUCOSE_CODE);
  if (!code) return [];
  const plan = ctx.thresholdsFor?.(code) ?? {};
  const t = {
    redLow: config.redLow ?? 3.0,
    yellowLow: config.yellowLow ?? 3.9,
    yellowHigh: plan.yellowHigh ?? null,
    redHigh: plan.redHigh ?? null,
  };
  return boundFindings(config, ctx, code, t, 'glucose', glucoseRule.defaultAutoResolve);
}

export const glucoseRule: Rule<GlucoseConfig> = {
  kind: 'glucose',
  defaultAutoResolve: true,

  validate(config) {
    const issues = [
      ...(config.code === undefined ? [] : checkValueCode(config.code)),
      ...checkNumber(config.redLow, 'redLow', { min: 0.5, max: 50 }),
      ...checkNumber(config.yellowLow, 'yellowLow', { min: 0.5, max: 50 }),
    ];
    const code = canonicalValueCode(config.code ?? GLUCOSE_CODE);
    if (code && code !== GLUCOSE_CODE)
      issues.push(
        issue('code', 'invalid', `${code} is not blood glucose (${GLUCOSE_CODE})`, code, GLUCOSE_CODE),
      );
    if (issues.length === 0 && (config.redLow ?? 3.0) > (config.yellowLow ?? 3.9))
      issues.push(
        issue(
          'redLow',
          'invalid',
          `${config.redLow ?? 3.0} must be at most yellowLow (${config.yellowLow ?? 3.9})`,
          config.redLow,
          `≤ ${config.yellowLow ?? 3.9}`,
        ),
      );
    return issues;
  },

  evaluate: findings,

  clears(config, ctx) {
    const code = canonicalValueCode(config.code ?? GLUCOSE_CODE);
    return code !== undefined && judgedValues(ctx, code).length > 0 && findings(config, ctx).length === 0;
  },
};
