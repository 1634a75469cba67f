import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { seedQuestionnaireDemo } from './demo';

describe('questionnaire demo data', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext('embedded');
  });
  afterAll(() => t.close());

  it('gives heart-failure patients weekly symptom checks, each with its score Observation', async () => {
    await t.db.query(
      `INSERT INTO enrolment (patient_id, id, care_unit_id, condition) VALUES ($1, $2, $3, 'heart-failure')`,
      [t.fixture.patientA, uuidv7(), t.fixture.unitA],
    );
    const n = await seedQuestionnaireDemo(t.db, new Date('2026-03-01T08:00:00Z'));
    expect(n).toBe(8);
    const { rows } = await t.db.query<{ questionnaire: string; scores: string }>(
      `SELECT r.questionnaire, (SELECT count(*) FROM observation o WHERE o.patient_id = r.patient_id
         AND o.idempotency_key LIKE 'qr:' || r.id || ':%')::text AS scores
       FROM questionnaire_response r WHERE r.patient_id = $1`,
      [t.fixture.patientA],
    );
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.questionnaire === 'hf-symptoms' && r.scores === '1')).toBe(true);
  });
});
