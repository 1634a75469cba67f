import {
  type AdviceSet,
  alertingFor,
  clearedRules,
  findMeasurement,
  type Localized,
  measurementForValueCode,
  NEWS2_CODES,
  RULE_KINDS,
  type RuleConfig,
  type RuleFinding,
  type RuleMeasurement,
  ruleNeedsHistory,
  runRules,
  type Thresholds,
  type TimedValue,
  valueCodes,
} from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/database';
import type { IntakePlan } from './repository';

// The clinical rule engine at intake: for a patient with a care plan, the plan's rules judge each new
// measurement against ~30 days of history, and a persisting deviation updates one open alert (dedupe key)
// instead of adding another. The monitoring kind decides whether staff get alerts at all.

const HISTORY_DAYS = 30;
/** Rule kinds judged by jobs, not at intake (they need the absence of data, or questionnaire responses). */
const NOT_AT_INTAKE = new Set(['missedMeasurement', 'questionnaire']);

function ruleValueCodes(r: RuleConfig): string[] {
  if (r.kind === 'news2') return Object.values(NEWS2_CODES);
  const code =
    'code' in r && typeof r.code === 'string' ? r.code : r.kind === 'glucose' ? '15074-8' : undefined;
  if (!code) return [];
  const def = findMeasurement(code);
  if (def) return valueCodes(def);
  return measurementForValueCode(code) ? [code] : [];
}

/** The stored code (measurement LOINC) a value code lives under. */
const storedCode = (valueCode: string): string => measurementForValueCode(valueCode)?.loinc ?? valueCode;

export interface RuleRun {
  /** Rules relevant to a measurement code. */
  rulesFor(code: string): RuleConfig[];
  history: Record<string, TimedValue[]>;
  /** Whether a rule for these codes reads earlier values (then each stored value changes the next judgement). */
  needsHistory: boolean;
  alerting: 'none' | 'informational' | 'full';
  /** Rules with an open alert; kept up to date as this request opens and resolves alerts. */
  openRuleIds: Set<string>;
}

/** The plan's rules judged at intake, by measurement code: those that read one of the code's values. */
function intakeRulesByCode(plan: IntakePlan, measurementCodes: string[]): Map<string, RuleConfig[]> {
  const active = plan.rules.filter((r) => r && r.enabled !== false && !NOT_AT_INTAKE.has(r.kind));
  const byCode = new Map<string, RuleConfig[]>();
  for (const code of new Set(measurementCodes)) {
    const def = findMeasurement(code);
    const codes = def ? valueCodes(def) : [code];
    byCode.set(
      code,
      active.filter((r) => ruleValueCodes(r).some((c) => codes.includes(c))),
    );
  }
  return byCode;
}

/**
 * Prepares each patient's rules for the request's measurement codes and loads the history they read:
 * one indexed query for all patients (a Bundle's), only for the codes the rules need; patients whose
 * rules need no history cost nothing here.
 */
export async function prepareRuleRuns(
  client: Queryable,
  requests: { patientId: string; plan: IntakePlan; measurementCodes: string[] }[],
  now: Date,
): Promise<Map<string, RuleRun>> {
  const prepared = requests.map((r) => {
    const byCode = intakeRulesByCode(r.plan, r.measurementCodes);
    const needed = new Set<string>();
    for (const rules of byCode.values())
      for (const rule of rules)
        if (ruleNeedsHistory(rule)) for (const c of ruleValueCodes(rule)) needed.add(storedCode(c));
    return { ...r, byCode, needed: [...needed] };
  });
  const wanted = prepared.filter((p) => p.needed.length > 0);
  const histories =
    wanted.length > 0
      ? await loadHistories(
          client,
          wanted.map((p) => ({ patientId: p.patientId, codes: p.needed })),
          new Date(now.getTime() - HISTORY_DAYS * 86_400_000),
          new Date(now.getTime() + 3_600_000),
        )
      : new Map<string, Record<string, TimedValue[]>>();
  return new Map(
    prepared.map((p) => [
      p.patientId,
      {
        rulesFor: (code: string) => p.byCode.get(code) ?? [],
        history: histories.get(p.patientId) ?? {},
        needsHistory: p.needed.length > 0,
        alerting: alertingFor(p.plan.kind),
        openRuleIds: new Set(p.plan.openRuleIds),
      },
    ]),
  );
}

/** The rules' history: stored values of `codes` from `since` (to `until`), by value code, ascending. */
export async function loadHistory(
  client: Queryable,
  patientId: string,
  codes: string[],
  since: Date,
  until?: Date,
): Promise<Record<string, TimedValue[]>> {
  return (await loadHistories(client, [{ patientId, codes }], since, until)).get(patientId) ?? {};
}

/** loadHistory for several patients (each with its own codes) in one statement. */
async function loadHistories(
  client: Queryable,
  wanted: { patientId: string; codes: string[] }[],
  since: Date,
  until?: Date,
): Promise<Map<string, Record<string, TimedValue[]>>> {
  const pairs = wanted.flatMap((w) => w.codes.map((code) => [w.patientId, code] as const));
  const { rows } = await client.query<{
    patient_id: string;
    code: string;
    effective_at: Date;
    value: number;
    value2: number | null;
  }>(
    `SELECT o.patient_id, o.code, o.effective_at, o.value, o.value2
     FROM unnest($1::uuid[], $2::text[]) AS w(patient_id, code)
     JOIN observation o ON o.patient_id = w.patient_id AND o.code = w.code
     WHERE o.effective_at >= $3 AND ($4::timestamptz IS NULL OR o.effective_at <= $4)
       AND o.status <> 'entered-in-error'
     ORDER BY o.effective_at`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1]), since, until ?? null],
  );
  const out = new Map<string, Record<string, TimedValue[]>>(wanted.map((w) => [w.patientId, {}]));
  for (const r of rows)
    addValues(out.get(r.patient_id)!, r.code, [r.value, r.value2], new Date(r.effective_at).toISOString());
  return out;
}

/** Adds a stored measurement's values to the history under their value codes (panel components apart). */
export function addValues(
  history: Record<string, TimedValue[]>,
  code: string,
  values: (number | null | undefined)[],
  time: string,
) {
  const def = findMeasurement(code);
  const codes = def ? valueCodes(def) : [code];
  codes.forEach((c, i) => {
    const v = values[i];
    if (v === null || v === undefined) return;
    const list = history[c] ?? [];
    // History is ascending; a back-dated value goes into place.
    let at = list.length;
    while (at > 0 && list[at - 1]!.time > time) at--;
    list.splice(at, 0, { time, value: v });
    history[c] = list;
  });
}

export interface JudgeResult {
  findings: RuleFinding[];
  /** Alerts created (to publish after commit) and updated for this measurement. */
  createdAlertIds: string[];
  updatedAlertIds: string[];
  resolvedAlertIds: string[];
}

/** Collapses a missed-measurement finding to one alert per rule and code: a run of misses is one item. */
export function alertKey(f: RuleFinding): string {
  return f.kind === 'missedMeasurement' ? `${f.ruleId}:${f.code}:missed` : f.dedupeKey;
}

/** Runs the rules on one stored measurement and writes/updates/resolves alerts in the caller's transaction. */
export async function judgeMeasurement(
  client: Queryable,
  patientId: string,
  run: RuleRun,
  m: RuleMeasurement,
  observationId: string,
  thresholdsFor: (code: string) => Thresholds,
  timeZone: string,
  now: Date,
): Promise<JudgeResult> {
  const rules = run.rulesFor(m.code);
  const result: JudgeResult = {
    findings: [],
    createdAlertIds: [],
    updatedAlertIds: [],
    resolvedAlertIds: [],
  };
  if (rules.length === 0) return result;
  const ctx = ruleContext(run, m, thresholdsFor, timeZone, now);
  result.findings = runRules(rules, ctx);
  const cleared = clearedRules(rules, ctx);
  addValues(run.history, m.code, m.values, new Date(m.effectiveAt).toISOString());
  if (run.alerting === 'none') return result;
  const patientOnly = new Set(rules.filter((r) => r.audience === 'patient').map((r) => r.id));
  const written = await writeFindings(
    client,
    patientId,
    result.findings.filter((f) => !patientOnly.has(f.ruleId)),
    observationId,
    run.alerting === 'informational',
  );
  result.createdAlertIds = written.created;
  result.updatedAlertIds = written.updated;
  for (const f of result.findings) run.openRuleIds.add(f.ruleId);
  // Only a rule with an open alert has something to resolve: most normal readings skip the UPDATE.
  const withOpen = cleared.filter((id) => run.openRuleIds.has(id));
  if (withOpen.length > 0) {
    result.resolvedAlertIds = await resolveCleared(client, patientId, rules, withOpen, result.findings);
    const stillOpen = new Set(result.findings.map((f) => f.ruleId));
    for (const id of withOpen) if (!stillOpen.has(id)) run.openRuleIds.delete(id);
  }
  return result;
}

function ruleContext(
  run: RuleRun,
  m: RuleMeasurement,
  thresholdsFor: (code: string) => Thresholds,
  timeZone: string,
  now: Date,
) {
  return {
    patientTimeZone: timeZone,
    now: new Date(Math.max(now.getTime(), Date.parse(m.effectiveAt))).toISOString(),
    history: run.history,
    measurements: [m],
    thresholdsFor,
  };
}

/**
 * Whether judgeMeasurement would find nothing and have nothing to resolve for `m` (the common normal
 * reading): then storing it is all there is to do, and intake can write it in its one statement.
 * Pure: reads the history, changes nothing.
 */
export function judgesQuiet(
  run: RuleRun,
  m: RuleMeasurement,
  thresholdsFor: (code: string) => Thresholds,
  timeZone: string,
  now: Date,
): boolean {
  const rules = run.rulesFor(m.code);
  if (rules.length === 0) return true;
  const ctx = ruleContext(run, m, thresholdsFor, timeZone, now);
  if (runRules(rules, ctx).length > 0) return false;
  return !clearedRules(rules, ctx).some((id) => run.openRuleIds.has(id));
}

/** Inserts an alert per finding, or updates the open alert with the same key (a persisting deviation). */
export async function writeFindings(
  client: Queryable,
  patientId: string,
  findings: RuleFinding[],
  observationId: string | null,
  informational: boolean,
): Promise<{ created: string[]; updated: string[] }> {
  const created: string[] = [];
  const updated: string[] = [];
  for (const f of findings) {
    const { rows } = await client.query<{ id: string; inserted: boolean }>(
      `INSERT INTO alert AS a (patient_id, id, observation_id, severity, reasons, rule_id, rule_kind, dedupe_key, informational, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (patient_id, dedupe_key) WHERE status = 'open' AND dedupe_key IS NOT NULL
       DO UPDATE SET severity = CASE WHEN a.severity = 'red' OR EXCLUDED.severity = 'red' THEN 'red' ELSE 'yellow' END,
         reasons = EXCLUDED.reasons, observation_id = COALESCE(EXCLUDED.observation_id, a.observation_id),
         occurrences = a.occurrences + 1, last_seen_at = now(), informational = a.informational AND EXCLUDED.informational
       RETURNING id, (xmax = 0) AS inserted`,
      [
        patientId,
        uuidv7(),
        observationId,
        f.severity,
        // Every reason of the item: a BP reading beyond its limits is one finding with each component's reason.
        JSON.stringify([f.reason, ...(f.related ?? [])]),
        f.ruleId,
        f.kind,
        alertKey(f),
        informational,
      ],
    );
    const row = rows[0]!;
    (row.inserted ? created : updated).push(row.id);
  }
  return { created, updated };
}

/** "All clear": resolves open alerts of cleared rules that auto-resolve, unless a finding keeps them open. */
export async function resolveCleared(
  client: Queryable,
  patientId: string,
  rules: RuleConfig[],
  clearedIds: string[],
  findings: RuleFinding[],
): Promise<string[]> {
  const resolvable = rules
    .filter((r) => clearedIds.includes(r.id) && (r.autoResolve ?? RULE_KINDS[r.kind].defaultAutoResolve))
    .map((r) => r.id);
  if (resolvable.length === 0) return [];
  const { rows } = await client.query<{ id: string }>(
    `UPDATE alert SET status = 'acknowledged', acknowledged_at = now(), resolution = 'all-clear'
     WHERE patient_id = $1 AND status = 'open' AND rule_id = ANY($2::text[]) AND NOT (dedupe_key = ANY($3::text[]))
     RETURNING id`,
    [patientId, resolvable, findings.map(alertKey)],
  );
  return rows.map((r) => r.id);
}

const LEVEL_SUFFIX = { rise: 'High', fall: 'Low', high: 'High', low: 'Low' } as const;

/** Self-care advice for the worst finding of a measurement, from the personal or plan advice of its code. */
export function findingAdvice(
  findings: RuleFinding[],
  adviceFor: (code: string) => AdviceSet | undefined,
): Localized | undefined {
  for (const f of findings) {
    const r = f.reason as { direction?: 'high' | 'low'; delta?: number; type: string };
    const dir = r.direction ?? (typeof r.delta === 'number' ? (r.delta >= 0 ? 'rise' : 'fall') : undefined);
    if (!dir) continue;
    const key = `${f.severity}${LEVEL_SUFFIX[dir]}` as keyof AdviceSet;
    const advice = adviceFor(f.code)?.[key];
    if (advice) return advice;
  }
  return undefined;
}
