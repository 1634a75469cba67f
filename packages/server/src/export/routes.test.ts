import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, type TestContext } from '../testing/test-context';
import { gatherPeriod } from './routes';

describe.each(DATABASE_KINDS)('export period, medications (%s database)', (kind) => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext(kind);
    for (const [drug, started, stopped] of [
      ['stopped the day before', '2026-10-01', '2026-10-31'],
      ['stopped the first day', '2026-10-01', '2026-11-01'],
      ['started the last day', '2026-11-22', null],
      ['started the day after', '2026-11-23', null],
    ] as const) {
      await t.db.query(
        `INSERT INTO medication (patient_id, id, drug, dose, started_on, stopped_on, created_by)
         VALUES ($1, $2, $3, '5 mg', $4, $5, $6)`,
        [t.fixture.patientA, uuidv7(), drug, started, stopped, t.fixture.nurseA],
      );
    }
  });
  afterAll(() => t.close());

  // Periods are [from, to); Stockholm is UTC+1 in November.
  it.each([
    [
      'takes the medications whose Stockholm days overlap the period (both UTC dates a day earlier)',
      '2026-10-31T23:30:00Z', // 2026-11-01 00:30 in Stockholm
      '2026-11-21T23:30:00Z', // 2026-11-22 00:30
      ['started the last day', 'stopped the first day'],
    ],
    [
      'leaves out a medication starting on the day the period ends at midnight',
      '2026-11-01T12:00:00Z',
      '2026-11-21T23:00:00Z', // 2026-11-22 00:00, exclusive
      ['stopped the first day'],
    ],
    [
      'takes a medication started today in a period ending now, at noon',
      '2026-11-01T12:00:00Z',
      '2026-11-22T11:00:00Z',
      ['started the last day', 'stopped the first day'],
    ],
  ])('%s', async (_, from, to, expected) => {
    const period = await gatherPeriod(t.db, t.fixture.patientA, new Date(from), new Date(to));
    expect(period.medications.map((m) => m.drug).sort()).toEqual(expected);
  });
});
