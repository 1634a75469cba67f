// Questionnaire rules on the newest response of one instrument: total-score bands, a rise since the previous
// response, and item flags. PHQ-9 item 9 ("thoughts that you would be better off dead, or of hurting
// yourself") answered above 0 is always red, whatever the total and whatever the plan configures (Kroenke
// et al. 2001; any positive answer needs a clinician's suicide-risk assessment), and it never auto-resolves.
// Bands and limits compare with ≥ (scores are whole numbers and cut-offs are published as "≥ 10" etc.).

import { checkNumber, checkSeverity, finding, issue, nowMs, severityRank } from './common';
import { toMs } from './time';
import type { QuestionnaireAnswers, QuestionnaireConfig, Rule, RuleContext, RuleFinding } from './types';

/** Flags that hold for an instrument whatever the plan says: [item (1-based), above]. */
export const FIXED_ITEM_FLAGS: Record<string, { item: number; above: number }[]> = {
  'phq-9': [{ item: 9, above: 0 }],
};

interface Scored {
  answers: QuestionnaireAnswers;
  total: number;
}

function usable(
  config: QuestionnaireConfig,
  r: QuestionnaireAnswers | undefined,
  limit: number,
): Scored | undefined {
  if (!r || r.questionnaire !== config.questionnaire || !(toMs(r.time) <= limit)) return undefined;
  if (!Array.isArray(r.items) || !r.items.every((v) => typeof v === 'number' && Number.isFinite(v)))
    return undefined;
  if (config.itemCount !== undefined && r.items.length !== config.itemCount) return undefined;
  const total =
    typeof r.total === 'number' && Number.isFinite(r.total) ? r.total : r.items.reduce((a, b) => a + b, 0);
  return { answers: r, total };
}

/** The newest and the previous usable responses. */
function latestTwo(config: QuestionnaireConfig, ctx: RuleContext): [Scored | undefined, Scored | undefined] {
  const limit = nowMs(ctx);
  const list = (Array.isArray(ctx.responses) ? ctx.responses : [])
    .map((r) => usable(config, r, limit))
    .filter((s) => s !== undefined)
    .sort((a, b) => toMs(a.answers.time) - toMs(b.answers.time));
  return [list[list.length - 1], list[list.length - 2]];
}

export const questionnaireRule: Rule<QuestionnaireConfig> = {
  kind: 'questionnaire',
  defaultAutoResolve: false,

  validate(config) {
    const issues = [];
    if (typeof config.questionnaire !== 'string' || config.questionnaire === '')
      issues.push(issue('questionnaire', 'required', 'is required (an instrument id such as phq-9)'));
    issues.push(...checkNumber(config.itemCount, 'itemCount', { min: 1, integer: true }));
    (config.bands ?? []).forEach((b, i) => {
      issues.push(
        ...checkNumber(b?.min, `bands[${i}].min`, { required: true }),
        ...checkSeverity(b?.severity, `bands[${i}].severity`, true),
      );
    });
    if (config.change) {
      issues.push(
        ...checkNumber(config.change.delta, 'change.delta', { required: true, above: 0 }),
        ...checkSeverity(config.change.severity, 'change.severity'),
      );
    }
    (config.itemFlags ?? []).forEach((f, i) => {
      issues.push(
        ...checkNumber(f?.item, `itemFlags[${i}].item`, {
          required: true,
          integer: true,
          min: 1,
          ...(config.itemCount !== undefined ? { max: config.itemCount } : {}),
        }),
        ...checkNumber(f?.above, `itemFlags[${i}].above`, { required: true }),
        ...checkSeverity(f?.severity, `itemFlags[${i}].severity`),
      );
    });
    return issues;
  },

  evaluate(config, ctx) {
    const [latest, previous] = latestTwo(config, ctx);
    if (!latest) return [];
    const { answers, total } = latest;
    const base = { ruleId: config.id, kind: 'questionnaire' as const, code: config.questionnaire };
    const reason = {
      type: 'questionnaire' as const,
      questionnaire: config.questionnaire,
      total,
      time: answers.time,
    };
    const out: RuleFinding[] = [];

    const bands = (config.bands ?? []).filter((b) => total >= b.min);
    if (bands.length > 0) {
      const worst = bands.reduce((a, b) =>
        severityRank(b.severity) > severityRank(a.severity) || (b.severity === a.severity && b.min > a.min)
          ? b
          : a,
      );
      out.push(
        finding(
          {
            ...base,
            severity: worst.severity,
            reason: { ...reason, check: 'band', limit: worst.min },
            dedupeKey: `${config.id}:band`,
          },
          config,
          false,
        ),
      );
    }

    if (config.change && previous && total - previous.total >= config.change.delta) {
      out.push(
        finding(
          {
            ...base,
            severity: config.change.severity ?? 'yellow',
            reason: { ...reason, check: 'change', limit: config.change.delta, previousTotal: previous.total },
            dedupeKey: `${config.id}:change`,
          },
          config,
          false,
        ),
      );
    }

    const fixed = (FIXED_ITEM_FLAGS[config.questionnaire] ?? []).map((f) => ({
      ...f,
      severity: 'red' as const,
    }));
    const flags = [...fixed, ...(config.itemFlags ?? [])];
    const seen = new Map<number, RuleFinding>();
    for (const f of flags) {
      const answer = answers.items[f.item - 1];
      if (answer === undefined || !(answer > f.above)) continue;
      const isFixed = fixed.some((x) => x.item === f.item && answer > x.above);
      const severity = isFixed ? 'red' : (f.severity ?? 'yellow');
      const prior = seen.get(f.item);
      if (prior && severityRank(prior.severity) >= severityRank(severity)) continue;
      seen.set(f.item, {
        ...base,
        severity,
        reason: { ...reason, check: 'item', item: f.item, answer, limit: f.above },
        dedupeKey: `${config.id}:item:${f.item}`,
        // A positive suicidality item is never cleared by a later answer: a clinician closes it.
        autoResolve: isFixed ? false : (config.autoResolve ?? false),
      });
    }
    out.push(...seen.values());
    return out;
  },

  clears(config, ctx) {
    const [latest] = latestTwo(config, ctx);
    return latest !== undefined && questionnaireRule.evaluate(config, ctx).length === 0;
  },
};
