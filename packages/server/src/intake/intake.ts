import {
  type AdviceSet,
  type AlertReason,
  type Evaluation,
  evaluate,
  type NormalizedMeasurement,
  type RuleFinding,
  type Severity,
  type Source,
  type StoredObservation,
  type Thresholds,
} from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import { type AuditEntry, auditInsertSql, sqlParam } from '../access/patient-access';
import type { Database, Queryable } from '../db/database';
import { preparedQuery } from '../db/prepared';
import type { EventBus } from '../events/bus';
import type { IntakePlan } from '../plans/repository';
import { findingAdvice, judgeMeasurement, type RuleRun } from '../plans/rule-intake';
import { ingestBatch } from './batch';
import type { IntakeContext } from './context';
import { OBSERVATION_COLUMNS, type ObservationRow, rowToObservation } from './observation-row';

export interface IntakeItem {
  measurement: NormalizedMeasurement;
  effectiveAt: string;
  /** Retries with the same key return the stored original instead of a duplicate. */
  idempotencyKey: string | null;
  identifier?: { system: string | null; value: string } | null;
  deviceId?: string | null;
  /** Reasons found by a rule that holds whatever the thresholds say (e.g. PHQ-9 item 9 > 0 is always red). */
  extraReasons?: AlertReason[];
}

export interface IntakeRequest {
  patientId: string;
  items: IntakeItem[];
  source: Source;
  enteredBy: string | null;
  clientId: string | null;
  /**
   * The access-log row, written in the same statement as the values: no stored value without its
   * audit entry (and no extra round trip for it).
   */
  auditEntry?: AuditEntry;
  /**
   * Instead of auditEntry, for callers that write more with the audit row (a questionnaire response):
   * runs last inside the intake transaction.
   */
  audit?: (client: Queryable) => Promise<void>;
}

export interface IntakeResult {
  observation: StoredObservation & { severity: Severity };
  evaluation: Evaluation;
  alertId: string | null;
  /** Findings of the care plan's rules on this measurement (none without a plan, or for a retry). */
  findings?: RuleFinding[];
  /** False when an earlier request with the same idempotency key already stored it. */
  created: boolean;
}

/**
 * The single path every channel uses to store measurements: evaluate each against the patient's
 * thresholds and care plan and save the measurement, its alert and its audit row atomically, so none
 * exists without the others; publish new alerts only after the commit. One patient's request of
 * ingestBatch() (intake/batch.ts), which decides how few statements that takes. `contexts` are the
 * patients' limits when the caller has read them already (with the access decision, intake/context.ts).
 */
export async function ingest(
  db: Database,
  bus: EventBus,
  req: IntakeRequest,
  contexts?: Map<string, IntakeContext>,
): Promise<IntakeResult[]> {
  return (await ingestBatch(db, bus, [req], contexts))[0]!;
}

/**
 * One patient's request row by row, inside a transaction the caller owns: the path for patients whose
 * care plan has rules for these measurements (the rules deduplicate, update and resolve alerts one
 * finding at a time) and for callers with their own audit writer. The ids of new alerts are added to
 * `createdAlerts`, for the caller to publish after its commit.
 */
export async function ingestWithin(
  client: Queryable,
  req: IntakeRequest,
  createdAlerts: string[],
  limits: IntakeLimits,
  /** The plan's rules with the history they read (prepareRuleRuns); null without a care plan. */
  ruleRun: RuleRun | null,
): Promise<IntakeResult[]> {
  const { plan, thresholdsFor, adviceFor } = limits;
  const now = new Date();
  const out: IntakeResult[] = [];
  for (const item of req.items) {
    const evaluation = withReasons(evaluate(item.measurement, thresholdsFor, adviceFor), item.extraReasons);
    const inserted = await insertObservation(client, req, item, evaluation.severity);
    if (!inserted) {
      const key = `${req.patientId}|${item.idempotencyKey}`;
      const existing = (
        await findByKeys(client, [{ patientId: req.patientId, key: item.idempotencyKey! }])
      ).get(key);
      if (!existing) throw new Error('conflicting observation not found');
      out.push(retryResult(existing, item, { plan, thresholdsFor, adviceFor }));
      continue;
    }
    let alertId: string | null = null;
    let findings: RuleFinding[] | undefined;
    if (ruleRun && plan) {
      // The plan's rules decide (deduplicated, auto-resolving, per monitoring kind).
      const judged = await judgeMeasurement(
        client,
        req.patientId,
        ruleRun,
        { ...item.measurement, effectiveAt: item.effectiveAt },
        inserted.id,
        thresholdsFor,
        plan.timeZone,
        now,
      );
      findings = judged.findings;
      createdAlerts.push(...judged.createdAlertIds);
      alertId = judged.createdAlertIds[0] ?? judged.updatedAlertIds[0] ?? null;
      const advice = evaluation.severity === 'green' ? findingAdvice(findings, adviceFor) : undefined;
      if (advice) evaluation.advice = advice;
    }
    // Without a plan every deviation is an alert; extra reasons (e.g. PHQ-9 item 9) always are.
    if ((!ruleRun && evaluation.severity !== 'green') || (ruleRun && item.extraReasons?.length)) {
      alertId = uuidv7();
      await client.query(
        `INSERT INTO alert (patient_id, id, observation_id, severity, reasons) VALUES ($1, $2, $3, $4, $5)`,
        [req.patientId, alertId, inserted.id, evaluation.severity, JSON.stringify(evaluation.reasons)],
      );
      createdAlerts.push(alertId);
    }
    out.push({
      observation: inserted,
      evaluation,
      alertId,
      created: true,
      ...(findings ? { findings } : {}),
    });
  }
  if (req.audit) await req.audit(client);
  else if (req.auditEntry) {
    const params: unknown[] = [];
    await client.query(auditInsertSql([req.auditEntry], sqlParam(params)), params);
  }
  return out;
}

/** What a patient's measurements are judged by: the care plan (without activities) and the limits in effect. */
export interface IntakeLimits {
  plan: IntakePlan | null;
  thresholdsFor: (code: string) => Thresholds;
  adviceFor: (code: string) => AdviceSet | undefined;
}

/** A retry's answer: the stored original and its alert, evaluated as stored (not as resent). */
export function retryResult(existing: StoredOriginal, item: IntakeItem, limits: IntakeLimits): IntakeResult {
  return {
    ...existing,
    evaluation: withReasons(
      evaluate(measurementOf(existing.observation), limits.thresholdsFor, limits.adviceFor),
      item.extraReasons,
    ),
    created: false,
  };
}

/** The evaluation with the extra reasons added, worst first; the severity is the worst of all. */
export function withReasons(e: Evaluation, extra: AlertReason[] | undefined): Evaluation {
  if (!extra?.length) return e;
  const reasons = [...extra, ...e.reasons].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'red' ? -1 : 1,
  );
  return { ...e, severity: reasons[0]!.severity, reasons };
}

async function insertObservation(
  client: Queryable,
  req: IntakeRequest,
  item: IntakeItem,
  severity: Severity,
) {
  const m = item.measurement;
  const { rows } = await client.query<ObservationRow>(
    `INSERT INTO observation AS o (patient_id, id, code, effective_at, value, value2, unit, original_values, original_units,
       source, entered_by, client_id, device_id, identifier_system, identifier_value, idempotency_key, severity)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (patient_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING ${OBSERVATION_COLUMNS}`,
    [
      req.patientId,
      uuidv7(),
      m.code,
      item.effectiveAt,
      m.values[0],
      m.values[1] ?? null,
      m.unit,
      m.originalValues,
      m.originalUnits,
      req.source,
      req.enteredBy,
      req.clientId,
      item.deviceId ?? null,
      item.identifier?.system ?? null,
      item.identifier?.value ?? null,
      item.idempotencyKey,
      severity,
    ],
  );
  return rows[0] ? rowToObservation(rows[0]) : undefined;
}

export interface StoredOriginal {
  observation: IntakeResult['observation'];
  alertId: string | null;
}

/** The stored originals of idempotency keys, by `${patientId}|${key}`, with their alert (a retry's answer). */
export async function findByKeys(
  client: Queryable,
  keys: { patientId: string; key: string }[],
): Promise<Map<string, StoredOriginal>> {
  const { rows } = await preparedQuery<ObservationRow & { idempotency_key: string; alert_id: string | null }>(
    client,
    `SELECT ${OBSERVATION_COLUMNS}, o.idempotency_key,
       (SELECT a.id FROM alert a WHERE a.patient_id = o.patient_id AND a.observation_id = o.id LIMIT 1) AS alert_id
     FROM observation o JOIN unnest($1::uuid[], $2::text[]) AS k(patient_id, key)
       ON o.patient_id = k.patient_id AND o.idempotency_key = k.key`,
    [keys.map((k) => k.patientId), keys.map((k) => k.key)],
  );
  return new Map(
    rows.map((r) => [
      `${r.patient_id}|${r.idempotency_key}`,
      { observation: rowToObservation(r), alertId: r.alert_id },
    ]),
  );
}

function measurementOf(o: StoredObservation): NormalizedMeasurement {
  return { code: o.code, values: o.values, unit: o.unit, originalValues: o.values, originalUnits: [] };
}
