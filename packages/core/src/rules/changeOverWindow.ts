// Change over a window, e.g. heart failure: weight gain of more than 2 kg in 3 days (ESC 2021 heart-failure
// guidelines, self-care: "weigh daily … contact the team on a sudden unexpected weight gain of > 2 kg in 3 days").
//
// One value per local day (the patient's zone, so DST days count as one day): by default the FIRST reading of
// the day. The ESC guidance is to weigh in the morning after voiding, before breakfast, in the same clothes;
// the first reading of the day is the one taken under those conditions. Later readings carry food, drink and
// clothes (typically +0.5–1 kg), and the daily minimum would pick a post-diuretic low or a mistyped value
// and hide real gain. `daily` can choose another value for other codes.
//
// Today's value (the newest local day with data, up to now) is compared with the day exactly `windowDays`
// before; when that day has no reading, with the earliest day that has one inside the window (the closest
// to the window's start). No earlier reading within the window → no finding. Limits are strict, like
// thresholds: a change of exactly the limit does not fire; changes are rounded to the code's decimals
// first, so 82.4 − 80.4 is 2.0 (not 2.0000000000000057).

import {
  canonicalValueCode,
  checkNumber,
  checkOneOf,
  checkSeverity,
  checkValueCode,
  DAILY_METHODS,
  type DayValue,
  dailyValues,
  decimalsOf,
  finding,
  round,
  seriesFor,
  unitOf,
  zoneOf,
} from './common';
import type { ChangeOverWindowConfig, Rule, RuleContext, RuleFinding } from './types';

interface Comparison {
  code: string;
  from: DayValue;
  to: DayValue;
  delta: number;
}

function compare(config: ChangeOverWindowConfig, ctx: RuleContext): Comparison | undefined {
  const code = canonicalValueCode(config.code);
  if (!code) return undefined;
  const days = dailyValues(seriesFor(ctx, code), zoneOf(ctx), config.daily ?? 'first');
  const to = days[days.length - 1];
  if (!to) return undefined;
  const start = to.day - config.windowDays;
  const from = days.find((d) => d.day >= start && d.day < to.day);
  if (!from) return undefined;
  return { code, from, to, delta: round(to.value - from.value, decimalsOf(code)) };
}

function fires(config: ChangeOverWindowConfig, delta: number): boolean {
  const limit = config.delta;
  if (config.bothDirections) return Math.abs(delta) > Math.abs(limit);
  return limit > 0 ? delta > limit : delta < limit;
}

export const changeOverWindowRule: Rule<ChangeOverWindowConfig> = {
  kind: 'changeOverWindow',
  defaultAutoResolve: true,

  validate(config) {
    return [
      ...checkValueCode(config.code),
      ...checkNumber(config.delta, 'delta', { required: true, nonZero: true }),
      ...checkNumber(config.windowDays, 'windowDays', { required: true, above: 0, integer: true, max: 365 }),
      ...checkSeverity(config.severity),
      ...checkOneOf(config.daily, 'daily', DAILY_METHODS),
    ];
  },

  evaluate(config, ctx) {
    const c = compare(config, ctx);
    if (!c || !fires(config, c.delta)) return [];
    const result: RuleFinding = finding(
      {
        ruleId: config.id,
        kind: 'changeOverWindow',
        code: c.code,
        severity: config.severity ?? 'yellow',
        reason: {
          type: 'change',
          code: c.code,
          unit: unitOf(c.code),
          delta: c.delta,
          limit: config.delta,
          windowDays: config.windowDays,
          days: c.to.day - c.from.day,
          from: { time: c.from.time, value: c.from.value },
          to: { time: c.to.time, value: c.to.value },
        },
        dedupeKey: `${config.id}:${c.code}:${c.delta > 0 ? 'rise' : 'fall'}`,
      },
      config,
      changeOverWindowRule.defaultAutoResolve,
    );
    return [result];
  },

  clears(config, ctx) {
    const c = compare(config, ctx);
    return c !== undefined && !fires(config, c.delta);
  },
};
