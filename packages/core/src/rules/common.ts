// Helpers shared by the rule kinds: codes, series, daily values, config checks.

import { findMeasurement, measurementForValueCode, valueCodes } from '../catalogue';
import { checkValue } from '../evaluate';
import type { MeasurementDef, Thresholds, ValidationIssue } from '../types';
import { localDayNumber, safeTimeZone, toMs } from './time';
import type {
  BoundConfirm,
  DailyValue,
  RuleContext,
  RuleFinding,
  RuleKind,
  RuleReason,
  RuleSeverity,
  TimedValue,
} from './types';

/** The canonical value code for a code, alias or key of a single-valued measurement or a panel component. */
export function canonicalValueCode(code: unknown): string | undefined {
  if (typeof code !== 'string') return undefined;
  if (measurementForValueCode(code)) return code;
  const def = findMeasurement(code);
  return def && !def.components ? def.loinc : undefined;
}

/** Value codes a rule on `code` judges: a panel's components, else the one canonical value code. */
export function judgedValueCodes(code: unknown): string[] {
  if (typeof code !== 'string') return [];
  const def = findMeasurement(code);
  if (def?.components) return valueCodes(def);
  const c = canonicalValueCode(code);
  return c ? [c] : [];
}

export function defForValueCode(code: string): MeasurementDef | undefined {
  return measurementForValueCode(code);
}

export function unitOf(code: string): string {
  return measurementForValueCode(code)?.unit ?? '';
}

export function decimalsOf(code: string): number {
  return measurementForValueCode(code)?.decimals ?? 2;
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function nowMs(ctx: RuleContext): number {
  const ms = toMs(ctx.now);
  return Number.isFinite(ms) ? ms : Number.POSITIVE_INFINITY;
}

export function zoneOf(ctx: RuleContext): string {
  return safeTimeZone(ctx.patientTimeZone);
}

interface Point {
  ms: number;
  time: string;
  value: number;
}

/** The values of one value code from the new measurements, with their times. */
export function newValues(ctx: RuleContext, valueCode: string): TimedValue[] {
  const out: TimedValue[] = [];
  for (const m of ctx.measurements ?? []) {
    const def = findMeasurement(m?.code);
    const codes = def ? valueCodes(def) : [m?.code];
    const i = codes.indexOf(valueCode);
    const value = i >= 0 ? m.values?.[i] : undefined;
    if (value !== undefined) out.push({ time: m.effectiveAt, value });
  }
  return out;
}

function clean(values: readonly TimedValue[] | undefined, limit: number, into: Map<string, Point>): void {
  if (!Array.isArray(values)) return;
  for (const v of values) {
    const ms = toMs(v?.time);
    if (!Number.isFinite(ms) || ms > limit || typeof v.value !== 'number' || !Number.isFinite(v.value))
      continue;
    into.set(`${ms}:${v.value}`, { ms, time: v.time, value: v.value });
  }
}

/** History plus new values of a value code, up to now: valid points only, duplicates once, ascending. */
export function seriesFor(ctx: RuleContext, valueCode: string): Point[] {
  const limit = nowMs(ctx);
  const points = new Map<string, Point>();
  clean(ctx.history?.[valueCode], limit, points);
  clean(newValues(ctx, valueCode), limit, points);
  return [...points.values()].sort((a, b) => a.ms - b.ms);
}

/** Without new measurements, bounds rules judge the latest stored value only if it is at most this old. */
export const LATEST_MAX_AGE_MS = 24 * 3_600_000;

/**
 * The values a bounds rule judges now: every new one (up to now, whatever its age: an offline phone may send
 * days-old readings), else the latest stored value if it is from the last 24 hours.
 */
export function judgedValues(ctx: RuleContext, valueCode: string): TimedValue[] {
  const limit = nowMs(ctx);
  const fresh = newValues(ctx, valueCode).filter(
    (v) => toMs(v.time) <= limit && typeof v.value === 'number' && Number.isFinite(v.value),
  );
  if (fresh.length > 0) return fresh;
  const last = seriesFor(ctx, valueCode).at(-1);
  return last && limit - last.ms <= LATEST_MAX_AGE_MS ? [{ time: last.time, value: last.value }] : [];
}

export interface DayValue {
  /** Local day number. */
  day: number;
  value: number;
  /** Time of the reading chosen (the first of the day for 'mean'). */
  time: string;
  ms: number;
}

/** One value per local day of the patient, ascending. */
export function dailyValues(points: Point[], timeZone: string, method: DailyValue = 'first'): DayValue[] {
  const days = new Map<number, Point[]>();
  for (const p of points) {
    const day = localDayNumber(p.ms, timeZone);
    const list = days.get(day);
    if (list) list.push(p);
    else days.set(day, [p]);
  }
  const out: DayValue[] = [];
  for (const [day, list] of days) {
    let chosen = list[0]!;
    let value = chosen.value;
    if (method === 'last') {
      chosen = list[list.length - 1]!;
      value = chosen.value;
    } else if (method === 'min' || method === 'max') {
      for (const p of list)
        if (method === 'min' ? p.value < chosen.value : p.value > chosen.value) chosen = p;
      value = chosen.value;
    } else if (method === 'mean') {
      value = list.reduce((a, p) => a + p.value, 0) / list.length;
    }
    out.push({ day, value, time: chosen.time, ms: chosen.ms });
  }
  return out.sort((a, b) => a.day - b.day);
}

export const severityRank = (s: RuleSeverity): number => (s === 'red' ? 2 : 1);

export function finding(
  base: Omit<RuleFinding, 'autoResolve'>,
  config: { autoResolve?: boolean },
  defaultAutoResolve: boolean,
): RuleFinding {
  return { ...base, autoResolve: config.autoResolve ?? defaultAutoResolve };
}

/** Every reason of a finding: its own, then the related ones. */
export function findingReasons(f: RuleFinding): RuleReason[] {
  return f.related ? [f.reason, ...f.related] : [f.reason];
}

/** What a reason is about: its value code, questionnaire or type (one reason per subject in a merged finding). */
function reasonSubject(r: RuleReason): string {
  if ('code' in r) return r.code;
  return r.type === 'questionnaire' ? r.questionnaire : r.type;
}

/**
 * Findings of one item (one dedupeKey) as one finding: the worst severity, and per subject (value code) the worst
 * reason, the first of equals; reasons worst first, equals in the order given (systolic before diastolic). The
 * rest (rule, code, key) is the finding of the worst reason's. A list of findings about one code gives the worst
 * finding as it was.
 */
export function mergeFindings(findings: readonly RuleFinding[], dedupeKey?: string): RuleFinding {
  const graded: { reason: RuleReason; rank: number; from: RuleFinding }[] = [];
  const at = new Map<string, number>();
  for (const f of findings)
    for (const reason of findingReasons(f)) {
      const own = 'severity' in reason ? (reason.severity as RuleSeverity) : undefined;
      const rank = severityRank(own === 'red' || own === 'yellow' ? own : f.severity);
      const subject = reasonSubject(reason);
      const i = at.get(subject);
      if (i === undefined) {
        at.set(subject, graded.length);
        graded.push({ reason, rank, from: f });
      } else if (rank > graded[i]!.rank) graded[i] = { reason, rank, from: f };
    }
  graded.sort((a, b) => b.rank - a.rank);
  const [first, ...rest] = graded;
  const { related: _related, ...base } = first!.from;
  const severity = findings.reduce<RuleSeverity>(
    (s, f) => (severityRank(f.severity) > severityRank(s) ? f.severity : s),
    'yellow',
  );
  return {
    ...base,
    severity,
    reason: first!.reason,
    ...(rest.length > 0 ? { related: rest.map((g) => g.reason) } : {}),
    ...(dedupeKey ? { dedupeKey } : {}),
  };
}

const HOUR_MS = 3_600_000;

/**
 * The other readings that confirm a yellow value `v` beyond its limit in `direction` (BoundConfirm, types.ts),
 * or undefined when there are too few. Readings before `v` are counted newest first and those after it oldest
 * first, each at least apartHours from the last one counted on that side: this counts the most occasions.
 */
export function confirmingReadings(
  ctx: RuleContext,
  code: string,
  v: TimedValue,
  direction: 'high' | 'low',
  limits: Thresholds,
  confirm: BoundConfirm,
): TimedValue[] | undefined {
  const t = toMs(v.time);
  const within = confirm.withinHours * HOUR_MS;
  const apart = (confirm.apartHours ?? 0) * HOUR_MS;
  // seriesFor holds a (time, value) pair once: the one equal to `v` is `v` itself.
  const beyond = seriesFor(ctx, code).filter(
    (p) =>
      !(p.ms === t && p.value === v.value) &&
      Math.abs(p.ms - t) <= within &&
      checkValue(code, p.value, '', limits)?.direction === direction,
  );
  const counted: Point[] = [];
  let last = t;
  for (const p of beyond.filter((p) => p.ms <= t).reverse())
    if (last - p.ms >= apart) {
      counted.push(p);
      last = p.ms;
    }
  last = t;
  for (const p of beyond.filter((p) => p.ms > t))
    if (p.ms - last >= apart) {
      counted.push(p);
      last = p.ms;
    }
  if (counted.length + 1 < confirm.readings) return undefined;
  return counted
    .sort((a, b) => Math.abs(a.ms - t) - Math.abs(b.ms - t))
    .slice(0, confirm.readings - 1)
    .sort((a, b) => a.ms - b.ms)
    .map((p) => ({ time: p.time, value: p.value }));
}

/**
 * Whether a code is back in range the way confirmed yellow asks for persistence (the "all clear" of a rule with
 * `confirm`): the newest judged value and every reading in the withinHours before it lie within the limits, and
 * they are at least `readings` occasions (counted as in confirmingReadings). One reading back in range among
 * high ones does not clear an item staff have not seen settle.
 */
export function confirmedInRange(
  ctx: RuleContext,
  code: string,
  limits: Thresholds,
  confirm: BoundConfirm,
): boolean {
  const newest = judgedValues(ctx, code).reduce<TimedValue | undefined>(
    (a, v) => (!a || toMs(v.time) > toMs(a.time) ? v : a),
    undefined,
  );
  if (!newest) return false;
  const t = toMs(newest.time);
  const apart = (confirm.apartHours ?? 0) * HOUR_MS;
  const window = seriesFor(ctx, code).filter((p) => p.ms <= t && t - p.ms <= confirm.withinHours * HOUR_MS);
  if (window.some((p) => checkValue(code, p.value, '', limits))) return false;
  let occasions = 0;
  let last = Number.POSITIVE_INFINITY;
  for (const p of window.reverse())
    if (last - p.ms >= apart) {
      occasions++;
      last = p.ms;
    }
  return occasions >= confirm.readings;
}

/**
 * Findings for every judged value of one code outside the given limits (bound-type reasons). With `confirm`,
 * a yellow value gives a finding only when confirmed (confirmingReadings); a red one always does.
 */
export function boundFindings(
  config: { id: string; autoResolve?: boolean },
  ctx: RuleContext,
  code: string,
  limits: Thresholds,
  kind: RuleKind,
  defaultAutoResolve: boolean,
  confirm?: BoundConfirm,
): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const v of judgedValues(ctx, code)) {
    const r = checkValue(code, v.value, unitOf(code), limits);
    if (!r) continue;
    const confirmedBy =
      confirm && r.severity === 'yellow'
        ? confirmingReadings(ctx, code, v, r.direction, limits, confirm)
        : undefined;
    if (confirm && r.severity === 'yellow' && !confirmedBy) continue;
    const base = {
      ruleId: config.id,
      kind,
      code,
      severity: r.severity,
      reason: { type: 'bound' as const, time: v.time, ...r, ...(confirmedBy ? { confirmedBy } : {}) },
      dedupeKey: `${config.id}:${code}:${r.direction}`,
    };
    out.push(finding(base, config, defaultAutoResolve));
  }
  return out;
}

// ---- config checks (field paths relative to the config) ----

export function issue(
  field: string,
  kind: ValidationIssue['kind'],
  message: string,
  given?: unknown,
  allowed?: string,
): ValidationIssue {
  return {
    field,
    kind,
    message: `${field}: ${message}`,
    ...(given !== undefined ? { given: String(given).slice(0, 60) } : {}),
    ...(allowed !== undefined ? { allowed } : {}),
  };
}

/** A single value code (measurement, alias, key or component; not a panel). */
export function checkValueCode(code: unknown, field = 'code'): ValidationIssue[] {
  if (code === undefined || code === null || code === '') return [issue(field, 'required', 'is required')];
  if (canonicalValueCode(code)) return [];
  const def = typeof code === 'string' ? findMeasurement(code) : undefined;
  if (def?.components) {
    const parts = valueCodes(def).join(' or ');
    return [issue(field, 'invalid', `${code} is a panel; use a component code (${parts})`, code, parts)];
  }
  return [issue(field, 'unknown-code', `${String(code)} is not a known measurement code`, code)];
}

/** A finite number, optionally required, with bounds. */
export function checkNumber(
  value: unknown,
  field: string,
  opts: {
    required?: boolean;
    min?: number;
    max?: number;
    above?: number;
    integer?: boolean;
    nonZero?: boolean;
  },
): ValidationIssue[] {
  if (value === undefined || value === null)
    return opts.required ? [issue(field, 'required', 'is required')] : [];
  if (typeof value !== 'number' || !Number.isFinite(value))
    return [issue(field, 'not-a-number', 'must be a finite number', value)];
  if (opts.integer && !Number.isInteger(value))
    return [issue(field, 'invalid', `${value} must be a whole number`, value, 'a whole number')];
  if (opts.above !== undefined && value <= opts.above)
    return [
      issue(field, 'out-of-range', `${value} must be greater than ${opts.above}`, value, `> ${opts.above}`),
    ];
  if (opts.min !== undefined && value < opts.min)
    return [issue(field, 'out-of-range', `${value} must be at least ${opts.min}`, value, `≥ ${opts.min}`)];
  if (opts.max !== undefined && value > opts.max)
    return [issue(field, 'out-of-range', `${value} must be at most ${opts.max}`, value, `≤ ${opts.max}`)];
  if (opts.nonZero && value === 0) return [issue(field, 'invalid', 'must not be 0', value, 'not 0')];
  return [];
}

export function checkSeverity(value: unknown, field = 'severity', required = false): ValidationIssue[] {
  if (value === undefined) return required ? [issue(field, 'required', 'is required')] : [];
  return value === 'yellow' || value === 'red'
    ? []
    : [issue(field, 'invalid', `${String(value)} is not yellow or red`, value, 'yellow, red')];
}

export function checkOneOf(value: unknown, field: string, allowed: readonly unknown[]): ValidationIssue[] {
  if (value === undefined || allowed.includes(value)) return [];
  const list = allowed.join(', ');
  return [issue(field, 'invalid', `${String(value)} is not one of ${list}`, value, list)];
}

export const DAILY_METHODS: readonly DailyValue[] = ['first', 'last', 'min', 'max', 'mean'];
