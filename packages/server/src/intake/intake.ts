import {
  type AdviceSet,
  type AlertReason,
  type Evaluation,
  effectiveThresholds,
  evaluate,
  type NormalizedMeasurement,
  type RuleFinding,
  type Severity,
  type Source,
  type StoredObservation,
  type Thresholds,
} from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import { publishAlertsCreated } from '../alerts/publish';
import type { Database, Queryable } from '../db/database';
import type { EventBus } from '../events/bus';
import { recordIngest } from '../ops/metrics';
import { type IntakePlan, loadIntakePlan } from '../plans/repository';
import { findingAdvice, judgeMeasurement, prepareRuleRun } from '../plans/rule-intake';
import { loadPersonal } from '../thresholds/repository';
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
  /** Writes the access-log row inside the same transaction: no stored value without its audit entry. */
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
 * thresholds and save the measurement and its alert in one transaction, so neither exists without
 * the other; publish new alerts only after the commit.
 */
export async function ingest(db: Database, bus: EventBus, req: IntakeRequest): Promise<IntakeResult[]> {
  const createdAlerts: string[] = [];
  const results = await db.tx((client) => ingestWithin(client, req, createdAlerts));
  recordIngest(req.source, results);
  // Only new alerts go to worklists; an updated (persisting) one is already there.
  if (createdAlerts.length > 0) await publishAlertsCreated(db, bus, createdAlerts);
  return results;
}

/**
 * ingest()'s work inside a transaction the caller owns (batch ingest runs several in one). The ids of
 * new alerts are added to `createdAlerts`, for the caller to publish after its commit.
 */
export async function ingestWithin(
  client: Queryable,
  req: IntakeRequest,
  createdAlerts: string[],
  limits?: IntakeLimits,
): Promise<IntakeResult[]> {
  const { plan, thresholdsFor, adviceFor } = limits ?? (await loadLimits(client, req.patientId));
  const now = new Date();
  const ruleRun = plan
    ? await prepareRuleRun(
        client,
        req.patientId,
        plan,
        req.items.map((i) => i.measurement.code),
        now,
      )
    : null;
  const out: IntakeResult[] = [];
  for (const item of req.items) {
    const evaluation = withReasons(evaluate(item.measurement, thresholdsFor, adviceFor), item.extraReasons);
    const inserted = await insertObservation(client, req, item, evaluation.severity);
    if (!inserted) {
      const existing = await findByKey(client, req.patientId, item.idempotencyKey!);
      out.push({
        ...existing,
        evaluation: withReasons(
          evaluate(measurementOf(existing.observation), thresholdsFor, adviceFor),
          item.extraReasons,
        ),
        created: false,
      });
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
  // Last in the transaction: appending to the audit chain locks its head until commit.
  await req.audit?.(client);
  return out;
}

/** What a patient's measurements are judged by: the care plan (without activities) and the limits in effect. */
export interface IntakeLimits {
  plan: IntakePlan | null;
  thresholdsFor: (code: string) => Thresholds;
  adviceFor: (code: string) => AdviceSet | undefined;
}

/** Limits: personal threshold, else the care plan's, else the catalogue default (same for advice). */
export async function loadLimits(client: Queryable, patientId: string): Promise<IntakeLimits> {
  const personal = await loadPersonal(client, patientId);
  const plan = await loadIntakePlan(client, patientId, { withActivities: false });
  return {
    plan,
    thresholdsFor: (code) =>
      effectiveThresholds(code, personal.thresholds.get(code) ?? plan?.thresholds[code] ?? null),
    adviceFor: (code) => personal.advice.get(code) ?? plan?.advice[code],
  };
}

/** The evaluation with the extra reasons added, worst first; the severity is the worst of all. */
function withReasons(e: Evaluation, extra: AlertReason[] | undefined): Evaluation {
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

async function findByKey(client: Queryable, patientId: string, key: string) {
  const { rows } = await client.query<ObservationRow & { alert_id: string | null }>(
    `SELECT ${OBSERVATION_COLUMNS}, (SELECT a.id FROM alert a WHERE a.patient_id = o.patient_id AND a.observation_id = o.id) AS alert_id
     FROM observation o WHERE o.patient_id = $1 AND o.idempotency_key = $2`,
    [patientId, key],
  );
  const row = rows[0]!;
  return { observation: rowToObservation(row), alertId: row.alert_id };
}

function measurementOf(o: StoredObservation): NormalizedMeasurement {
  return { code: o.code, values: o.values, unit: o.unit, originalValues: o.values, originalUnits: [] };
}
