import {
  type AdviceSet,
  effectiveThresholds,
  MEASUREMENTS,
  type Thresholds,
  type ValidationIssue,
  validateThresholds,
  valueCodes,
} from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import type { Database, Queryable } from '../db/database';
import { toIso } from '../db/database';
import { badRequest } from '../http/problem';

export interface ThresholdEntry {
  code: string;
  thresholds: Thresholds;
  isDefault: boolean;
  /** Where the limits come from: a personal threshold, the care plan's protocols, or the catalogue. */
  source: 'personal' | 'plan' | 'default';
  /** Personal self-care advice per level, shown to the patient when that level is crossed. */
  advice: AdviceSet | null;
  reason: string | null;
  changedBy: string | null;
  changedAt: string | null;
}

interface ThresholdRow {
  code: string;
  red_low: number | null;
  yellow_low: number | null;
  yellow_high: number | null;
  red_high: number | null;
  reason: string;
  changed_by_name: string;
  changed_at: Date;
  advice: AdviceSet | null;
}

const ALL_VALUE_CODES = MEASUREMENTS.flatMap((m) => valueCodes(m));

function rowThresholds(r: PersonalRow): Thresholds {
  return { redLow: r.red_low, yellowLow: r.yellow_low, yellowHigh: r.yellow_high, redHigh: r.red_high };
}

/** The patient's personal overrides, by value code. */
export async function loadOverrides(db: Queryable, patientId: string): Promise<Map<string, Thresholds>> {
  const { rows } = await db.query<PersonalRow>(
    'SELECT code, red_low, yellow_low, yellow_high, red_high, advice FROM threshold WHERE patient_id = $1',
    [patientId],
  );
  return personalFromRows(rows).thresholds;
}

export type PersonalRow = Pick<
  ThresholdRow,
  'code' | 'red_low' | 'yellow_low' | 'yellow_high' | 'red_high' | 'advice'
>;

/** SQL: a patient's personal limits as a JSON array of PersonalRow, for statements that read more at once. */
export function personalJsonSql(patient: string): string {
  return `(SELECT json_agg(json_build_object('code', th.code, 'red_low', th.red_low, 'yellow_low', th.yellow_low,
      'yellow_high', th.yellow_high, 'red_high', th.red_high, 'advice', th.advice))
    FROM threshold th WHERE th.patient_id = ${patient})`;
}

export function personalFromRows(rows: PersonalRow[]): {
  thresholds: Map<string, Thresholds>;
  advice: Map<string, AdviceSet>;
} {
  return {
    thresholds: new Map(rows.map((r) => [r.code, rowThresholds(r)])),
    advice: new Map(rows.filter((r) => r.advice).map((r) => [r.code, r.advice!])),
  };
}

/** Thresholds in effect for every value code: personal override, else the care plan's, else the catalogue. */
export async function listThresholds(db: Queryable, patientId: string): Promise<ThresholdEntry[]> {
  const { rows } = await db.query<ThresholdRow>(
    `SELECT t.code, t.red_low, t.yellow_low, t.yellow_high, t.red_high, t.reason, t.changed_at, t.advice,
       a.display_name AS changed_by_name
     FROM threshold t JOIN account a ON a.id = t.changed_by WHERE t.patient_id = $1`,
    [patientId],
  );
  const plan = await db.query<{ thresholds: Record<string, Thresholds> }>(
    'SELECT thresholds FROM care_plan WHERE patient_id = $1',
    [patientId],
  );
  const planThresholds = plan.rows[0]?.thresholds ?? {};
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return ALL_VALUE_CODES.map((code) => {
    const row = byCode.get(code);
    const fromPlan = planThresholds[code];
    return {
      code,
      thresholds: effectiveThresholds(code, row ? rowThresholds(row) : (fromPlan ?? null)),
      isDefault: !row,
      source: row ? 'personal' : fromPlan ? 'plan' : 'default',
      advice: row?.advice ?? null,
      reason: row?.reason ?? null,
      changedBy: row?.changed_by_name ?? null,
      changedAt: toIso(row?.changed_at),
    };
  });
}

/** Sets a personal override, keeping the previous value, who, when and why in threshold_change. */
export async function setThresholds(
  db: Database,
  patientId: string,
  code: string,
  thresholds: Thresholds,
  reason: string,
  accountId: string,
  advice: AdviceSet | null = null,
  /** Runs in the same transaction after the change (e.g. the care plan's conflict list). */
  after?: (client: Queryable) => Promise<void>,
): Promise<ThresholdEntry> {
  if (!ALL_VALUE_CODES.includes(code)) {
    throw badRequest(`Unknown value code ${code}.`, [
      {
        field: 'code',
        kind: 'unknown-code',
        given: code,
        allowed: ALL_VALUE_CODES.join(', '),
        message: `Unknown value code ${code}; allowed: ${ALL_VALUE_CODES.join(', ')}.`,
      },
    ]);
  }
  const issues: ValidationIssue[] = [...validateThresholds(code, thresholds), ...validateAdvice(advice)];
  if (issues.length > 0) throw badRequest('The thresholds are not valid.', issues);
  await db.tx(async (client) => {
    const previous = await client.query<ThresholdRow>(
      'SELECT code, red_low, yellow_low, yellow_high, red_high FROM threshold WHERE patient_id = $1 AND code = $2 FOR UPDATE',
      [patientId, code],
    );
    const t = thresholds;
    await client.query(
      `INSERT INTO threshold (patient_id, code, red_low, yellow_low, yellow_high, red_high, reason, changed_by, changed_at, advice)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9)
       ON CONFLICT (patient_id, code) DO UPDATE SET red_low = $3, yellow_low = $4, yellow_high = $5, red_high = $6,
         reason = $7, changed_by = $8, changed_at = now(), advice = $9`,
      [
        patientId,
        code,
        t.redLow ?? null,
        t.yellowLow ?? null,
        t.yellowHigh ?? null,
        t.redHigh ?? null,
        reason,
        accountId,
        advice ? JSON.stringify(advice) : null,
      ],
    );
    await client.query(
      `INSERT INTO threshold_change (patient_id, id, code, previous, thresholds, reason, changed_by, advice)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        patientId,
        uuidv7(),
        code,
        previous.rows[0] ? JSON.stringify(rowThresholds(previous.rows[0])) : null,
        JSON.stringify(t),
        reason,
        accountId,
        advice ? JSON.stringify(advice) : null,
      ],
    );
    await after?.(client);
  });
  const entry = (await listThresholds(db, patientId)).find((e) => e.code === code);
  return entry!;
}

const ADVICE_LEVELS = ['redHigh', 'yellowHigh', 'yellowLow', 'redLow', 'normal'];

/** Advice needs both languages for each level it sets (the patient sees it in theirs). */
function validateAdvice(advice: AdviceSet | null): ValidationIssue[] {
  if (!advice) return [];
  const issues: ValidationIssue[] = [];
  for (const [level, text] of Object.entries(advice)) {
    if (!ADVICE_LEVELS.includes(level)) {
      issues.push({
        field: `advice.${level}`,
        kind: 'invalid',
        given: level,
        allowed: ADVICE_LEVELS.join(', '),
        message: `advice.${level}: is not an advice level`,
      });
      continue;
    }
    for (const lang of ['sv', 'en'] as const)
      if (typeof text?.[lang] !== 'string' || text[lang].trim() === '')
        issues.push({
          field: `advice.${level}.${lang}`,
          kind: 'required',
          message: `advice.${level}.${lang}: is required`,
        });
  }
  return issues;
}
