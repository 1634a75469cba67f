// Merging a patient's protocols into one care plan: one activity per code (one BP schedule serves both
// conditions), the tighter limit wins unless staff override it, and every difference is reported to staff.

import { findMeasurement } from '../catalogue';
import type { RuleConfig } from '../rules/types';
import { THRESHOLD_LIMITS, type ThresholdLimit } from '../thresholds';
import type { AdviceSet, Thresholds } from '../types';
import { occurrences } from './schedule';
import type {
  MergedPlan,
  MissedCheck,
  PlanActivity,
  PlanConflict,
  PlanOverrides,
  ProtocolActivity,
  VersionedProtocol,
} from './types';

/** The tighter of two limits: the higher low limit, the lower high limit (it alerts earlier). */
function tighter(limit: ThresholdLimit, a: number, b: number): number {
  return limit.endsWith('Low') ? Math.max(a, b) : Math.min(a, b);
}

/** Occasions in a typical four weeks (from a Monday), to compare how dense two schedules are. */
function density(a: Pick<PlanActivity, 'schedule'>): number {
  return occurrences(a.schedule, {
    start: '2026-01-05T00:00:00Z',
    timeZone: 'UTC',
    from: '2026-01-05T00:00:00Z',
    to: '2026-02-01T23:59:59Z',
  }).reduce((n, o) => n + o.readings, 0);
}

/** Check occasions in a typical four weeks. */
function checkDensity(c: MissedCheck): number {
  return density({ schedule: c.schedule.map((e) => ({ ...e, readings: 1 })) });
}

const reportsEveryOccasion = (a: ProtocolActivity): boolean =>
  a.missedGraceMinutes !== undefined && a.missedCheck === undefined;

/**
 * The missed check of two activities for one code: the stricter one wins. Reporting every missed occasion
 * (missedGraceMinutes without a check) is the strictest, so it drops any check; a check beats no reporting;
 * of two checks, the one due more often (the shorter interval), then the one reporting sooner
 * (earlyMinutes + graceMinutes), then the first.
 */
function stricterMissedCheck(x: ProtocolActivity, y: ProtocolActivity): MissedCheck | undefined {
  if (reportsEveryOccasion(x) || reportsEveryOccasion(y)) return undefined;
  if (!x.missedCheck || !y.missedCheck) return x.missedCheck ?? y.missedCheck;
  const dx = checkDensity(x.missedCheck);
  const dy = checkDensity(y.missedCheck);
  if (dx !== dy) return dx > dy ? x.missedCheck : y.missedCheck;
  const wait = (c: MissedCheck) => c.earlyMinutes + c.graceMinutes;
  return wait(y.missedCheck) < wait(x.missedCheck) ? y.missedCheck : x.missedCheck;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** JSON with object keys sorted at every level (a key list given to JSON.stringify would drop nested keys). */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** A rule without its id, to recognise the same rule in two protocols (limits and options included). */
function ruleShape(r: RuleConfig): string {
  const { id: _id, ...rest } = r;
  return stableJson(rest);
}

export function mergeProtocols(protocols: VersionedProtocol[], overrides: PlanOverrides = {}): MergedPlan {
  const activities = new Map<string, PlanActivity>();
  const conflicts: PlanConflict[] = [];
  const thresholdVotes = new Map<string, Map<string, { protocol: string; value: number | null }[]>>();
  const advice: Record<string, AdviceSet> = {};
  const adviceFrom: Record<string, string> = {};

  for (const { protocol } of protocols) {
    for (const a of protocol.activities) {
      const key = a.kind === 'measurement' ? (findMeasurement(a.code)?.loinc ?? a.code) : a.code;
      const candidate: PlanActivity = { ...structuredClone(a), code: key, sources: [protocol.id] };
      const existing = activities.get(key);
      if (!existing) activities.set(key, candidate);
      else {
        existing.sources.push(protocol.id);
        if (!sameJson(existing.schedule, a.schedule)) {
          const denser = density(candidate) > density(existing);
          conflicts.push({
            kind: 'schedule',
            code: key,
            values: [
              { protocol: existing.sources[0]!, value: existing.schedule },
              { protocol: protocol.id, value: a.schedule },
            ],
            chosen: denser ? a.schedule : existing.schedule,
            resolution: 'denser',
          });
          if (denser) {
            existing.schedule = structuredClone(a.schedule);
            existing.instructions = structuredClone(a.instructions);
          }
        }
        const check = stricterMissedCheck(existing, a);
        if (check) existing.missedCheck = structuredClone(check);
        else delete existing.missedCheck;
        // Not personalising a value is the safer choice: one protocol's opt-out holds for the plan.
        if (a.runIn === false) existing.runIn = false;
        if (a.missedGraceMinutes !== undefined)
          existing.missedGraceMinutes = Math.min(
            existing.missedGraceMinutes ?? a.missedGraceMinutes,
            a.missedGraceMinutes,
          );
      }
      for (const [code, t] of Object.entries(a.thresholds ?? {})) {
        const byLimit = thresholdVotes.get(code) ?? new Map();
        thresholdVotes.set(code, byLimit);
        for (const limit of THRESHOLD_LIMITS) {
          if (t[limit] === undefined) continue;
          const votes = byLimit.get(limit) ?? [];
          votes.push({ protocol: protocol.id, value: t[limit] ?? null });
          byLimit.set(limit, votes);
        }
      }
      for (const [code, set] of Object.entries(a.advice ?? {})) {
        if (!advice[code]) {
          advice[code] = structuredClone(set);
          adviceFrom[code] = protocol.id;
        } else
          for (const [level, text] of Object.entries(set)) {
            const l = level as keyof AdviceSet;
            if (!advice[code][l]) advice[code][l] = structuredClone(text);
            else if (!sameJson(advice[code][l], text))
              conflicts.push({
                kind: 'advice',
                code,
                field: level,
                values: [
                  { protocol: adviceFrom[code]!, value: advice[code][l] },
                  { protocol: protocol.id, value: text },
                ],
                chosen: advice[code][l],
                resolution: 'first',
              });
          }
      }
    }
  }

  const thresholds: Record<string, Thresholds> = {};
  for (const [code, byLimit] of thresholdVotes) {
    const t: Thresholds = {};
    for (const [limit, votes] of byLimit as Map<
      ThresholdLimit,
      { protocol: string; value: number | null }[]
    >) {
      const numbers = votes.map((v) => v.value).filter((v): v is number => v !== null);
      const value = numbers.length > 0 ? numbers.reduce((x, y) => tighter(limit, x, y)) : null;
      t[limit] = value;
      const override = overrides.thresholds?.[code]?.[limit];
      if (new Set(votes.map((v) => v.value)).size > 1 || override !== undefined)
        conflicts.push({
          kind: 'threshold',
          code,
          field: limit,
          values: votes.map((v) => ({ protocol: v.protocol, value: v.value })),
          chosen: override !== undefined ? override : value,
          resolution: override !== undefined ? 'override' : 'tighter',
        });
    }
    thresholds[code] = t;
  }
  for (const [code, t] of Object.entries(overrides.thresholds ?? {})) {
    thresholds[code] = { ...thresholds[code] };
    for (const limit of THRESHOLD_LIMITS) if (t[limit] !== undefined) thresholds[code]![limit] = t[limit];
  }

  // Rules: the same rule in two protocols counts once; ids get the protocol as prefix so they stay unique.
  const rules: RuleConfig[] = [];
  const seen = new Set<string>();
  for (const { protocol } of protocols)
    for (const r of protocol.rules) {
      const shape = ruleShape(r);
      if (seen.has(shape)) continue;
      seen.add(shape);
      rules.push({ ...structuredClone(r), id: `${protocol.id}.${r.id}` });
    }

  return { activities: [...activities.values()], rules, thresholds, advice, conflicts };
}
