import {
  type AlertReason,
  type QuestionnaireDef,
  type QuestionnaireResponse,
  type ResponseIssue,
  type ResponseScore,
  ruleAnswers,
  runRules,
  type Source,
  scoreResponse,
  validateResponse,
} from '@hemma/core';
import type { FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { audit, checkPatientAccess } from '../access/patient-access';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { HttpProblem } from '../http/problem';
import { FUTURE_TOLERANCE_MS } from '../intake/app-input';
import { type IntakeItem, ingest } from '../intake/intake';
import { loadDefinition } from './definitions';
import { findResponseByKey, insertResponse, type StoredResponse } from './repository';

// A device clock a few minutes fast should not lose a response; anything further ahead is a mistake.

export interface Submission {
  patientId: string;
  /** The response as received (FHIR QuestionnaireResponse JSON). */
  body: unknown;
  /** Already namespaced by channel ("app:…", "id:…"); a retry with the same key returns the original. */
  idempotencyKey: string;
  identifier: { system: string | null; value: string } | null;
  source: Source;
  enteredBy: string | null;
  clientId: string | null;
}

export interface SubmissionResult {
  response: StoredResponse;
  score: Pick<ResponseScore, 'total' | 'band' | 'flags'>;
  /** False when an earlier request with the same key stored it. */
  created: boolean;
}

const invalid = (issues: ResponseIssue[]) =>
  new HttpProblem(400, 'Invalid QuestionnaireResponse', issues.map((i) => i.message).join(' '), issues);

/**
 * Validates a response item by item, scores it, and stores the response and its score Observations in one
 * transaction through the one intake path, so thresholds raise alerts as for any value. Rules that hold
 * whatever the plan says (PHQ-9 item 9 > 0 is red) are added as reasons of the item's Observation.
 * Nothing is stored when any item is wrong.
 */
export async function submitResponse(
  ctx: { db: Database; bus: EventBus },
  req: FastifyRequest,
  s: Submission,
): Promise<SubmissionResult> {
  const { db, bus } = ctx;
  const ref = (s.body as { questionnaire?: unknown } | null)?.questionnaire;
  const def = typeof ref === 'string' ? await loadDefinition(db, ref) : undefined;
  if (!def)
    throw invalid([
      {
        field: 'QuestionnaireResponse.questionnaire',
        kind: typeof ref === 'string' ? 'unknown-code' : 'required',
        message:
          typeof ref === 'string'
            ? 'questionnaire: not a questionnaire this server knows (GET /api/questionnaires lists them)'
            : 'questionnaire is required (the canonical URL, e.g. http://hemma.se/fhir/Questionnaire/phq-9)',
      },
    ]);
  const validation = validateResponse(def, s.body);
  const now = new Date();
  const authored = (s.body as { authored?: unknown }).authored;
  const authoredAt = typeof authored === 'string' ? new Date(authored) : now;
  const issues = validation.ok ? [] : [...validation.issues];
  if (authored !== undefined && (typeof authored !== 'string' || Number.isNaN(authoredAt.getTime())))
    issues.push({
      field: 'QuestionnaireResponse.authored',
      kind: 'invalid',
      message: 'authored must be an ISO 8601 date-time with offset',
    });
  else if (authoredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
    issues.push({
      field: 'QuestionnaireResponse.authored',
      kind: 'out-of-range',
      message: 'authored is in the future; give the time the questionnaire was answered',
    });
  if (!validation.ok || issues.length > 0) throw invalid(issues);

  await checkPatientAccess(db, req, s.patientId);
  const existing = await findResponseByKey(db, s.patientId, s.idempotencyKey);
  if (existing) return { response: existing, score: existing, created: false };

  const score = scoreResponse(def, validation.answers);
  const id = uuidv7();
  const time = authoredAt.toISOString();
  const extra = fixedReasons(def, score, time);
  const items: IntakeItem[] = score.observations.map((o) => ({
    measurement: {
      code: o.code.code,
      values: [o.value],
      unit: '{score}',
      originalValues: [o.value],
      originalUnits: ['{score}'],
    },
    effectiveAt: time,
    idempotencyKey: `qr:${id}:${o.code.code}`,
    extraReasons: extra.get(o.code.code),
  }));
  const response = s.body as QuestionnaireResponse;
  try {
    await ingest(db, bus, {
      patientId: s.patientId,
      items,
      source: s.source,
      enteredBy: s.enteredBy,
      clientId: s.clientId,
      // Runs last in the intake transaction: the response, its scores and the audit row commit together.
      audit: async (client) => {
        await insertResponse(client, {
          id,
          patientId: s.patientId,
          questionnaire: def.id,
          questionnaireVersion: def.questionnaire.version,
          authoredAt: time,
          items: response.item ?? [],
          total: score.total,
          band: score.band,
          flags: score.flags,
          source: s.source,
          enteredBy: s.enteredBy,
          clientId: s.clientId,
          identifier: s.identifier,
          idempotencyKey: s.idempotencyKey,
          observationKeys: items.map((i) => i.idempotencyKey!),
        });
        await audit(client, req, s.patientId, 'create');
      },
    });
  } catch (error) {
    // Two concurrent retries: the second one's transaction rolled back on the key; answer with the first.
    if ((error as { code?: string }).code !== '23505') throw error;
    const first = await findResponseByKey(db, s.patientId, s.idempotencyKey);
    if (!first) throw error;
    return { response: first, score: first, created: false };
  }
  const stored = (await findResponseByKey(db, s.patientId, s.idempotencyKey))!;
  return { response: stored, score, created: true };
}

/**
 * Item flags of the questionnaire rule that hold whatever a plan configures (PHQ-9 item 9 > 0 is red), as
 * alert reasons keyed by the score code they belong to: the item's own Observation, else the total.
 */
function fixedReasons(def: QuestionnaireDef, score: ResponseScore, time: string): Map<string, AlertReason[]> {
  const out = new Map<string, AlertReason[]>();
  if (def.scoring.kind === 'none') return out;
  const { items, total } = def.scoring;
  const findings = runRules(
    [{ id: `${def.id}:fixed`, kind: 'questionnaire', questionnaire: def.id, itemCount: items.length }],
    {
      patientTimeZone: 'Europe/Stockholm',
      now: time,
      history: {},
      thresholdsFor: () => ({}),
      responses: [ruleAnswers(def, time, score)],
    },
  );
  for (const f of findings) {
    if (f.reason.type !== 'questionnaire' || f.reason.check !== 'item' || f.reason.item === undefined)
      continue;
    const linkId = items[f.reason.item - 1];
    const code = def.itemObservations?.find((o) => o.linkId === linkId)?.code.code ?? total.code;
    const reason: AlertReason = {
      code,
      value: f.reason.answer ?? 0,
      unit: '{score}',
      severity: f.severity,
      direction: 'high',
      limit: f.reason.limit,
    };
    out.set(code, [...(out.get(code) ?? []), reason]);
  }
  return out;
}
