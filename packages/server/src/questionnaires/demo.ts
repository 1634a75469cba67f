import {
  type AnswerValue,
  buildResponse,
  effectiveThresholds,
  evaluate,
  findQuestionnaire,
  scoreResponse,
  validateResponse,
} from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/database';

const DAY = 86_400_000;

/** Answers of a demo response: a deterministic, slowly varying pattern per patient and week. */
type Answerer = (patientIndex: number, week: number) => Record<string, AnswerValue>;

const PLANS: { condition: string; questionnaire: string; weeks: number; answers: Answerer }[] = [
  {
    condition: 'heart-failure',
    questionnaire: 'hf-symptoms',
    weeks: 8,
    answers: (p, w) => {
      const worse = (p + w) % 7 === 0 ? 'bit-worse' : 'usual';
      return {
        'hf-swelling': worse,
        'hf-fatigue': (p + w) % 3 === 0 ? 'bit-worse' : 'usual',
        'hf-breathless': 'usual',
        'hf-orthopnoea': false,
        'hf-tight-clothes': worse !== 'usual',
      };
    },
  },
  {
    condition: 'copd',
    questionnaire: 'mmrc',
    weeks: 3,
    answers: (p) => ({ 'mmrc-grade': `mmrc-${1 + (p % 3)}` }),
  },
  {
    // Depression screening is recommended in diabetes care (ADA Standards of Care); item 9 always 0 here.
    condition: 'diabetes',
    questionnaire: 'phq-9',
    weeks: 2,
    answers: (p, w) =>
      Object.fromEntries(
        Array.from({ length: 9 }, (_, i) => [`phq9-${i + 1}`, i < 8 && (p + w + i) % 3 === 0 ? 1 : 0]),
      ),
  },
];

/**
 * Demo questionnaire responses (heart-failure symptom checks weekly, mMRC in COPD, PHQ-9 in diabetes), stored as
 * the app stores them — response plus score Observations — but without alerts, so the demo worklist stays as
 * the measurements make it.
 */
export async function seedQuestionnaireDemo(client: Queryable, now: Date): Promise<number> {
  const { rows } = await client.query<{ patient_id: string; condition: string }>(
    `SELECT patient_id, condition FROM enrolment WHERE status = 'active' ORDER BY patient_id, condition`,
  );
  let count = 0;
  for (const [index, row] of rows.entries()) {
    const plan = PLANS.find((p) => p.condition === row.condition);
    const def = plan && findQuestionnaire(plan.questionnaire);
    if (!plan || !def) continue;
    for (let week = plan.weeks; week >= 1; week--) {
      const authored = new Date(now.getTime() - week * 7 * DAY + (index % 5) * 3_600_000);
      const response = buildResponse(def, plan.answers(index, week));
      const validation = validateResponse(def, response);
      if (!validation.ok) throw new Error(`demo ${def.id}: ${validation.issues[0]!.message}`);
      const score = scoreResponse(def, validation.answers);
      const id = uuidv7();
      let worst = 'green';
      for (const o of score.observations) {
        const severity = evaluate(
          {
            code: o.code.code,
            values: [o.value],
            unit: '{score}',
            originalValues: [o.value],
            originalUnits: ['{score}'],
          },
          (c) => effectiveThresholds(c),
        ).severity;
        if (severity === 'red' || (severity === 'yellow' && worst === 'green')) worst = severity;
        await client.query(
          `INSERT INTO observation (patient_id, id, code, effective_at, received_at, value, unit, original_values, original_units,
             source, idempotency_key, severity)
           VALUES ($1, $2, $3, $4, $4, $5, '{score}', ARRAY[$5::float8], ARRAY['{score}'], 'patient-app', $6, $7)`,
          [row.patient_id, uuidv7(), o.code.code, authored, o.value, `qr:${id}:${o.code.code}`, severity],
        );
      }
      await client.query(
        `INSERT INTO questionnaire_response (patient_id, id, questionnaire, questionnaire_version, authored_at, received_at,
           items, total, band, flags, severity, source, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, 'patient-app', $11)`,
        [
          row.patient_id,
          id,
          def.id,
          def.questionnaire.version,
          authored,
          JSON.stringify(response.item ?? []),
          score.total,
          score.band,
          score.flags,
          worst,
          `demo:${id}`,
        ],
      );
      count++;
    }
  }
  return count;
}
