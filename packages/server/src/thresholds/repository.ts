import {
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
}

const ALL_VALUE_CODES = MEASUREMENTS.flatMap((m) => valueCodes(m));

function rowThresholds(r: ThresholdRow): Thresholds {
  return { redLow: r.red_low, yellowLow: r.yellow_low, yellowHigh: r.yellow_high, redHigh: r.red_high };
}

/** The patient's personal overrides, by value code. */
export async function loadOverrides(db: Queryable, patientId: string): Promise<Map<string, Thresholds>> {
  const { rows } = await db.query<ThresholdRow>(
    'SELECT code, red_low, yellow_low, yellow_high, red_high FROM threshold WHERE patient_id = $1',
    [patientId],
  );
  return new Map(rows.map((r) => [r.code, rowThresholds(r)]));
}

/** Thresholds in effect for every value code: personal override, else the catalogue default. */
export async function listThresholds(db: Queryable, patientId: string): Promise<ThresholdEntry[]> {
  const { rows } = await db.query<ThresholdRow>(
    `SELECT t.code, t.red_low, t.yellow_low, t.yellow_high, t.red_high, t.reason, t.changed_at,
       a.display_name AS changed_by_name
     FROM threshold t JOIN account a ON a.id = t.changed_by WHERE t.patient_id = $1`,
    [patientId],
  );
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return ALL_VALUE_CODES.map((code) => {
    const row = byCode.get(code);
    return {
      code,
      thresholds: effectiveThresholds(code, row ? rowThresholds(row) : null),
      isDefault: !row,
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
  const issues: ValidationIssue[] = validateThresholds(code, thresholds);
  if (issues.length > 0) throw badRequest('The thresholds are not valid.', issues);
  await db.tx(async (client) => {
    const previous = await client.query<ThresholdRow>(
      'SELECT code, red_low, yellow_low, yellow_high, red_high FROM threshold WHERE patient_id = $1 AND code = $2 FOR UPDATE',
      [patientId, code],
    );
    const t = thresholds;
    await client.query(
      `INSERT INTO threshold (patient_id, code, red_low, yellow_low, yellow_high, red_high, reason, changed_by, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (patient_id, code) DO UPDATE SET red_low = $3, yellow_low = $4, yellow_high = $5, red_high = $6,
         reason = $7, changed_by = $8, changed_at = now()`,
      [
        patientId,
        code,
        t.redLow ?? null,
        t.yellowLow ?? null,
        t.yellowHigh ?? null,
        t.redHigh ?? null,
        reason,
        accountId,
      ],
    );
    await client.query(
      `INSERT INTO threshold_change (patient_id, id, code, previous, thresholds, reason, changed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        patientId,
        uuidv7(),
        code,
        previous.rows[0] ? JSON.stringify(rowThresholds(previous.rows[0])) : null,
        JSON.stringify(t),
        reason,
        accountId,
      ],
    );
  });
  const entry = (await listThresholds(db, patientId)).find((e) => e.code === code);
  return entry!;
}
