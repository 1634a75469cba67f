import type { ResponseItem, Severity, Source } from '@hemma/core';
import { type Queryable, toIso } from '../db/database';

export interface StoredResponse {
  id: string;
  patientId: string;
  /** Instrument id, e.g. "phq-9". */
  questionnaire: string;
  questionnaireVersion: string;
  authoredAt: string;
  receivedAt: string;
  total: number | null;
  band: string | null;
  flags: string[];
  severity: Severity;
  source: Source;
  items: ResponseItem[];
  identifier: { system: string | null; value: string } | null;
}

interface ResponseRow {
  patient_id: string;
  id: string;
  questionnaire: string;
  questionnaire_version: string;
  authored_at: Date;
  received_at: Date;
  items: ResponseItem[];
  total: number | null;
  band: string | null;
  flags: string[];
  severity: Severity;
  source: Source;
  identifier_system: string | null;
  identifier_value: string | null;
}

const COLUMNS = `patient_id, id, questionnaire, questionnaire_version, authored_at, received_at, items, total, band,
  flags, severity, source, identifier_system, identifier_value`;

function toStored(r: ResponseRow): StoredResponse {
  return {
    id: r.id,
    patientId: r.patient_id,
    questionnaire: r.questionnaire,
    questionnaireVersion: r.questionnaire_version,
    authoredAt: toIso(r.authored_at)!,
    receivedAt: toIso(r.received_at)!,
    total: r.total,
    band: r.band,
    flags: r.flags ?? [],
    severity: r.severity,
    source: r.source,
    items: r.items,
    identifier: r.identifier_value ? { system: r.identifier_system, value: r.identifier_value } : null,
  };
}

export interface NewResponse {
  id: string;
  patientId: string;
  questionnaire: string;
  questionnaireVersion: string;
  authoredAt: string;
  items: ResponseItem[];
  total: number | null;
  band: string | null;
  flags: string[];
  source: Source;
  enteredBy: string | null;
  clientId: string | null;
  identifier: { system: string | null; value: string } | null;
  idempotencyKey: string;
  /** Idempotency keys of its score Observations: the response takes the worst of their severities. */
  observationKeys: string[];
}

/** Inserts the response; its severity is the worst of its score Observations stored in the same transaction. */
export async function insertResponse(client: Queryable, r: NewResponse): Promise<void> {
  await client.query(
    `INSERT INTO questionnaire_response (patient_id, id, questionnaire, questionnaire_version, authored_at, items,
       total, band, flags, severity, source, entered_by, client_id, identifier_system, identifier_value, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
       COALESCE((SELECT CASE WHEN bool_or(severity = 'red') THEN 'red' WHEN bool_or(severity = 'yellow') THEN 'yellow' END
                 FROM observation WHERE patient_id = $1 AND idempotency_key = ANY($16::text[])), 'green'),
       $10, $11, $12, $13, $14, $15)`,
    [
      r.patientId,
      r.id,
      r.questionnaire,
      r.questionnaireVersion,
      r.authoredAt,
      JSON.stringify(r.items),
      r.total,
      r.band,
      r.flags,
      r.source,
      r.enteredBy,
      r.clientId,
      r.identifier?.system ?? null,
      r.identifier?.value ?? null,
      r.idempotencyKey,
      r.observationKeys,
    ],
  );
}

export async function findResponseByKey(
  db: Queryable,
  patientId: string,
  key: string,
): Promise<StoredResponse | undefined> {
  const { rows } = await db.query<ResponseRow>(
    `SELECT ${COLUMNS} FROM questionnaire_response WHERE patient_id = $1 AND idempotency_key = $2`,
    [patientId, key],
  );
  return rows[0] ? toStored(rows[0]) : undefined;
}

/** By id alone (FHIR read); the caller checks access to the patient it belongs to. */
export async function findResponse(db: Queryable, id: string): Promise<StoredResponse | undefined> {
  const { rows } = await db.query<ResponseRow>(
    `SELECT ${COLUMNS} FROM questionnaire_response WHERE id = $1`,
    [id],
  );
  return rows[0] ? toStored(rows[0]) : undefined;
}

export async function listResponses(
  db: Queryable,
  patientId: string,
  opts: { questionnaire?: string; limit?: number } = {},
): Promise<StoredResponse[]> {
  const { rows } = await db.query<ResponseRow>(
    `SELECT ${COLUMNS} FROM questionnaire_response
     WHERE patient_id = $1 AND ($2::text IS NULL OR questionnaire = $2)
     ORDER BY authored_at DESC, id DESC LIMIT $3`,
    [patientId, opts.questionnaire ?? null, opts.limit ?? 100],
  );
  return rows.map(toStored);
}
