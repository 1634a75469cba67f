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

  it('takes the medications whose Stockholm days overlap the period', async () => {
    // 2026-11-01 00:30 to 2026-11-22 00:30 in Stockholm (UTC+1): both UTC dates are a day earlier.
    const period = await gatherPeriod(
      t.db,
      t.fixture.patientA,
      new Date('2026-10-31T23:30:00Z'),
      new Date('2026-11-21T23:30:00Z'),
    );
    expect(period.medications.map((m) => m.drug).sort()).toEqual([
      'started the last day',
      'stopped the first day',
    ]);
  });

  it('leaves out a medication starting on the day the period ends at midnight', async () => {
    const period = await gatherPeriod(
      t.db,
      t.fixture.patientA,
      new Date('2026-11-01T12:00:00Z'),
      new Date('2026-11-21T23:00:00Z'), // 2026-11-22 00:00 in Stockholm, exclusive
    );
    expect(period.medications.map((m) => m.drug)).toEqual(['stopped the first day']);
  });

  it('takes a medication started today in a period ending now, at noon', async () => {
    const period = await gatherPeriod(
      t.db,
      t.fixture.patientA,
      new Date('2026-11-01T12:00:00Z'),
      new Date('2026-11-22T11:00:00Z'),
    );
    expect(period.medications.map((m) => m.drug).sort()).toEqual([
      'started the last day',
      'stopped the first day',
    ]);
  });
});
