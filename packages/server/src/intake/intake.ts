import {
  type Evaluation,
  effectiveThresholds,
  evaluate,
  type NormalizedMeasurement,
  type Severity,
  type Source,
  type StoredObservation,
} from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import { publishAlertsCreated } from '../alerts/publish';
import type { Database, Queryable } from '../db/database';
import type { EventBus } from '../events/bus';
import { loadOverrides } from '../thresholds/repository';
import { OBSERVATION_COLUMNS, type ObservationRow, rowToObservation } from './observation-row';

export interface IntakeItem {
  measurement: NormalizedMeasurement;
  effectiveAt: string;
  /** Retries with the same key return the stored original instead of a duplicate. */
  idempotencyKey: string | null;
  identifier?: { system: string | null; value: string } | null;
  deviceId?: string | null;
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
  /** False when an earlier request with the same idempotency key already stored it. */
  created: boolean;
}

/**
 * The single path every channel uses to store measurements: evaluate each against the patient's
 * thresholds and save the measurement and its alert in one transaction, so neither exists without
 * the other; publish new alerts only after the commit.
 */
export async function ingest(db: Database, bus: EventBus, req: IntakeRequest): Promise<IntakeResult[]> {
  const results = await db.tx(async (client) => {
    await req.audit?.(client);
    const overrides = await loadOverrides(client, req.patientId);
    const thresholdsFor = (code: string) => effectiveThresholds(code, overrides.get(code) ?? null);
    const out: IntakeResult[] = [];
    for (const item of req.items) {
      const evaluation = evaluate(item.measurement, thresholdsFor);
      const inserted = await insertObservation(client, req, item, evaluation.severity);
      if (!inserted) {
        const existing = await findByKey(client, req.patientId, item.idempotencyKey!);
        out.push({
          ...existing,
          evaluation: evaluate(measurementOf(existing.observation), thresholdsFor),
          created: false,
        });
        continue;
      }
      let alertId: string | null = null;
      if (evaluation.severity !== 'green') {
        alertId = uuidv7();
        await client.query(
          `INSERT INTO alert (patient_id, id, observation_id, severity, reasons) VALUES ($1, $2, $3, $4, $5)`,
          [req.patientId, alertId, inserted.id, evaluation.severity, JSON.stringify(evaluation.reasons)],
        );
      }
      out.push({ observation: inserted, evaluation, alertId, created: true });
    }
    return out;
  });
  const newAlerts = results.filter((r) => r.created && r.alertId).map((r) => r.alertId!);
  if (newAlerts.length > 0) await publishAlertsCreated(db, bus, newAlerts);
  return results;
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
