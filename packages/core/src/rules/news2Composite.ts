// Composite NEWS2 (Royal College of Physicians 2017) from a home vitals set, where the plan enables it.
//
// The set is the newest reading of each of respiratory rate, SpO2, systolic BP, pulse and temperature, all
// within `windowMinutes` (default 60) of the newest of them; consciousness is the newest ACVPU observation in
// that window, else 'A' (a patient measuring at home is taken as alert unless someone records otherwise).
// Without a complete set there is no finding. RCP chart 2 triggers: aggregate 5–6 (medium) → yellow; 7 or more
// (high), or 3 in any single parameter (red score) → red.

import { checkNumber, checkOneOf, finding, nowMs, seriesFor } from './common';
import { scoreNews2 } from './news2Score';
import { MINUTE_MS, toMs } from './time';
import type { Consciousness, News2Config, News2Reason, Rule, RuleContext, RuleSeverity } from './types';

export const NEWS2_CODES = {
  respiratoryRate: '9279-1',
  spo2: '59408-5',
  systolic: '8480-6',
  pulse: '8867-4',
  temperature: '8310-5',
} as const;

type Vital = keyof typeof NEWS2_CODES;

function score(config: News2Config, ctx: RuleContext): News2Reason | undefined {
  const window = (config.windowMinutes ?? 60) * MINUTE_MS;
  const series = Object.fromEntries(
    (Object.keys(NEWS2_CODES) as Vital[]).map((k) => [k, seriesFor(ctx, NEWS2_CODES[k])]),
  ) as Record<Vital, ReturnType<typeof seriesFor>>;
  const newest = Math.max(
    ...Object.values(series).map((s) => s[s.length - 1]?.ms ?? Number.NEGATIVE_INFINITY),
  );
  if (!Number.isFinite(newest)) return undefined;
  const values = {} as Record<Vital, number>;
  for (const k of Object.keys(series) as Vital[]) {
    const p = series[k].findLast((x) => x.ms <= newest && x.ms >= newest - window);
    if (!p) return undefined;
    values[k] = p.value;
  }
  const limit = nowMs(ctx);
  let consciousness: Consciousness = 'A';
  for (const c of ctx.consciousness ?? []) {
    const ms = toMs(c?.time);
    if (ms >= newest - window && ms <= Math.min(newest + window, limit) && 'ACVPU'.includes(c.value))
      consciousness = c.value;
  }
  try {
    const r = scoreNews2({
      ...values,
      spo2Scale: config.spo2Scale ?? 1,
      onOxygen: config.onOxygen ?? false,
      consciousness,
    });
    return { type: 'news2', ...r, time: new Date(newest).toISOString() };
  } catch {
    return undefined; // a value the score cannot take (stored values are validated; defensive)
  }
}

function severity(r: News2Reason): RuleSeverity | undefined {
  if (r.total >= 7 || r.redScore) return 'red';
  if (r.total >= 5) return 'yellow';
  return undefined;
}

export const news2Rule: Rule<News2Config> = {
  kind: 'news2',
  defaultAutoResolve: true,

  validate(config) {
    return [
      ...checkNumber(config.windowMinutes, 'windowMinutes', { above: 0, max: 24 * 60 }),
      ...checkOneOf(config.spo2Scale, 'spo2Scale', [1, 2]),
      ...checkOneOf(config.onOxygen, 'onOxygen', [true, false]),
    ];
  },

  evaluate(config, ctx) {
    const r = score(config, ctx);
    const s = r && severity(r);
    if (!r || !s) return [];
    return [
      finding(
        {
          ruleId: config.id,
          kind: 'news2',
          code: 'news2',
          severity: s,
          reason: r,
          dedupeKey: `${config.id}:news2`,
        },
        config,
        news2Rule.defaultAutoResolve,
      ),
    ];
  },

  clears(config, ctx) {
    const r = score(config, ctx);
    return r !== undefined && severity(r) === undefined;
  },
};
