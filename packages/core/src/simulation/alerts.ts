// Runs the production rule engine over one patient's uploads the way the server does: every upload is
// evaluated with the recent history (runRules), a finding whose dedupeKey already has an open alert updates it,
// a new key opens a new alert, and clearedRules closes auto-resolving alerts whose rule is back in range
// ("all clear"). Missed measurements are found by a job; here it runs once a day at 16:00 local time.

import { clearedRules, runRules } from '../rules';
import { judgedValueCodes } from '../rules/common';
import { DAY_MS } from '../rules/time';
import type {
  MissedMeasurementConfig,
  QuestionnaireAnswers,
  RuleConfig,
  RuleContext,
  RuleFinding,
  RuleKind,
  RuleSeverity,
  TimedValue,
} from '../rules/types';
import type { Thresholds } from '../types';
import { localMs, SIM_TIME_ZONE } from './clock';
import type { Submission } from './model';

export interface SimAlert {
  dedupeKey: string;
  ruleId: string;
  kind: RuleKind;
  code: string;
  /** Worst severity while open. */
  severity: RuleSeverity;
  openedMs: number;
  openedDay: number;
  /** Days (simulation day numbers) on which a finding raised or updated it, ascending, without repeats. */
  raisedDays: number[];
  updates: number;
  resolvedMs: number | null;
}

/**
 * The open-alert key, as the server's intake (packages/server/src/plans/rule-intake.ts alertKey): a run of
 * missed measurements is one item per rule and code, updated while the misses persist.
 */
export function alertKey(f: RuleFinding): string {
  return f.kind === 'missedMeasurement' ? `${f.ruleId}:${f.code}:missed` : f.dedupeKey;
}

/** History days a rule needs before `now`: the server passes "the last 30 days"; fewer is enough and faster. */
function historyDays(config: RuleConfig): number {
  switch (config.kind) {
    case 'changeOverWindow':
      return config.windowDays + 2;
    case 'baselineDeviation':
      return (config.baselineDays ?? 14) + (config.excludeDays ?? 2) + 2;
    case 'missedMeasurement':
      return (config.lookbackHours ?? 24) / 24 + 3;
    case 'absoluteBounds':
      // Confirmed yellow reads the readings within withinHours of the judged one.
      return config.confirm ? Math.ceil(config.confirm.withinHours / 24) + 2 : 2;
    default:
      return 2;
  }
}

function ruleCodes(config: RuleConfig): string[] {
  if (config.kind === 'glucose') return ['15074-8'];
  if (config.kind === 'news2') return ['9279-1', '59408-5', '8480-6', '8867-4', '8310-5'];
  if (config.kind === 'questionnaire') return [];
  return judgedValueCodes(config.code);
}

interface Series {
  values: TimedValue[];
  ms: number[];
  start: number;
  keepMs: number;
}

export interface LifecycleInput {
  /** Rules judged at intake. */
  rules: RuleConfig[];
  /** Missed-measurement rules for a job at `now`; none when the plan reports no misses. */
  missedRulesAt?: (now: number) => MissedMeasurementConfig[];
  /** The limits in force at `now` (ms): they change when a run-in proposal is accepted. */
  thresholdsFor: (code: string, now: number) => Thresholds;
  submissions: Submission[];
  days: number;
  /** Days the plan is paused (hospital stay): no missed-measurement items are due on them. */
  pausedDays?: ReadonlySet<number>;
}

/** Alerts raised for one patient over the run, in the order they opened. */
export function runAlertLifecycle(input: LifecycleInput): SimAlert[] {
  const { rules, thresholdsFor, submissions, days } = input;
  const paused = input.pausedDays ?? new Set<number>();
  const dayOfMs = (ms: number): number => Math.floor((ms - localMs(0, 0)) / DAY_MS + 1 / 48);
  const onUpload = rules.filter((r) => r.kind !== 'missedMeasurement');
  const missedRulesAt = input.missedRulesAt;
  const series = new Map<string, Series>();
  // The job's rules change with `now` (their due times); a probe at the end tells which codes they judge.
  const probe = missedRulesAt ? missedRulesAt(localMs(days, 960)) : [];
  for (const r of [...onUpload, ...probe])
    for (const code of ruleCodes(r)) {
      const keepMs = historyDays(r) * DAY_MS;
      const s = series.get(code);
      if (!s) series.set(code, { values: [], ms: [], start: 0, keepMs });
      else s.keepMs = Math.max(s.keepMs, keepMs);
    }
  const responses: QuestionnaireAnswers[] = [];
  const open = new Map<string, SimAlert>();
  const all: SimAlert[] = [];

  const context = (now: number, s?: Submission): RuleContext => {
    const history: Record<string, TimedValue[]> = {};
    for (const [code, x] of series) {
      while (x.start < x.ms.length && x.ms[x.start]! < now - x.keepMs) x.start++;
      history[code] = x.values.slice(x.start);
    }
    return {
      patientTimeZone: SIM_TIME_ZONE,
      now: new Date(now).toISOString(),
      history,
      measurements: s?.measurements ?? [],
      thresholdsFor: (code) => thresholdsFor(code, now),
      responses,
    };
  };

  const apply = (day: number, now: number, configs: RuleConfig[], ctx: RuleContext): void => {
    // Patient-only rules (self-care rules of thumb) give advice, never a staff item — as at the server.
    const staffFacing = configs.filter((c) => c.audience !== 'patient');
    const findings: RuleFinding[] = runRules(staffFacing, ctx).filter(
      (f) => f.reason.type !== 'missed' || !paused.has(dayOfMs(Date.parse(f.reason.due))),
    );
    const keys = new Set<string>();
    for (const f of findings) {
      const key = alertKey(f);
      keys.add(key);
      const a = open.get(key);
      if (a) {
        a.updates++;
        if (f.severity === 'red') a.severity = 'red';
        if (a.raisedDays[a.raisedDays.length - 1] !== day) a.raisedDays.push(day);
        continue;
      }
      const alert: SimAlert = {
        dedupeKey: key,
        ruleId: f.ruleId,
        kind: f.kind,
        code: f.code,
        severity: f.severity,
        openedMs: now,
        openedDay: day,
        raisedDays: [day],
        updates: 0,
        resolvedMs: null,
      };
      // Only auto-resolving alerts close by themselves; staff close the others (questionnaire findings) when
      // they handle them, taken here as at once. Questionnaire rules run only when a response arrives, as on
      // the server's intake, so a handled response is not alerted again.
      if (!f.autoResolve) alert.resolvedMs = now;
      else open.set(key, alert);
      all.push(alert);
    }
    // Only rules with an open alert can close one: asking the others would change nothing (and cost time).
    const openRuleIds = new Set([...open.values()].map((a) => a.ruleId));
    if (openRuleIds.size === 0) return;
    const cleared = new Set(
      clearedRules(
        configs.filter((r) => openRuleIds.has(r.id)),
        ctx,
      ),
    );
    if (cleared.size === 0) return;
    for (const [key, a] of open)
      if (cleared.has(a.ruleId) && !keys.has(key)) {
        a.resolvedMs = now;
        open.delete(key);
      }
  };

  // 16:00 local: after every grace period in the plans (at most 09:00 + 6 h), so with the default 24-hour
  // lookback the job reports each missed slot once, as a job running every few minutes would.
  const jobAt = (day: number): number => localMs(day, 960);
  let nextJobDay = 0;
  const runJobsUntil = (ms: number): void => {
    if (!missedRulesAt) return;
    while (nextJobDay < days && jobAt(nextJobDay) <= ms) {
      const now = jobAt(nextJobDay);
      const jobRules = missedRulesAt(now);
      if (jobRules.length > 0) apply(nextJobDay, now, jobRules, context(now));
      nextJobDay++;
    }
  };

  for (const s of submissions) {
    runJobsUntil(s.ms);
    for (const r of s.responses) responses.push(r);
    // The rules that judge something in this upload. The others would only find again what they found at
    // the previous upload (an update of the same open alert), so leaving them out changes no alert.
    const codes = new Set(s.measurements.flatMap((m) => judgedValueCodes(m.code)));
    const relevant = onUpload.filter((r) =>
      r.kind === 'questionnaire'
        ? s.responses.some((x) => x.questionnaire === r.questionnaire)
        : ruleCodes(r).some((c) => codes.has(c)),
    );
    if (relevant.length > 0) apply(s.day, s.ms, relevant, context(s.ms, s));
    for (const m of s.measurements) {
      const codes = judgedValueCodes(m.code);
      codes.forEach((code, i) => {
        const x = series.get(code);
        const value = m.values[i];
        if (!x || value === undefined) return;
        x.values.push({ time: m.effectiveAt, value });
        x.ms.push(Date.parse(m.effectiveAt));
      });
    }
  }
  runJobsUntil(Number.POSITIVE_INFINITY);
  return all;
}
