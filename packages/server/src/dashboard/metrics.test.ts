import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, type TestContext } from '../testing/test-context';
import { dashboard } from './metrics';

describe.each(DATABASE_KINDS)('dashboard weeks (%s database)', (kind) => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext(kind);
    for (const at of [
      '2026-11-16T10:00:00Z', // Monday 16 November, 11:00 in Stockholm: week 47
      '2026-11-22T23:30:00Z', // Monday 23 November, 00:30 in Stockholm (still Sunday in UTC): week 48
      '2027-03-28T22:30:00Z', // Monday 29 March, 00:30 CEST (UTC+2): week 13
    ]) {
      await t.db.query(
        `INSERT INTO alert (patient_id, id, severity, reasons, created_at) VALUES ($1, $2, 'red', '[]', $3)`,
        [t.fixture.patientA, uuidv7(), at],
      );
    }
  });
  afterAll(() => t.close());

  const weeks = async (from: string, to: string) =>
    (await dashboard(t.db, { unitId: t.fixture.unitA, from: new Date(from), to: new Date(to) })).weeks.map(
      (w) => [w.week, w.alerts],
    );

  it('counts alerts in Monday–Sunday weeks of Stockholm time', async () => {
    // 16–29 November 2026 in Stockholm (UTC+1).
    expect(await weeks('2026-11-15T23:00:00Z', '2026-11-29T23:00:00Z')).toEqual([
      ['2026-W47', 1],
      ['2026-W48', 1],
    ]);
    // 22 March–4 April 2027, across the change to summer time on the 28th.
    expect(await weeks('2027-03-21T23:00:00Z', '2027-04-04T22:00:00Z')).toEqual([
      ['2027-W12', 0],
      ['2027-W13', 1],
    ]);
  });
});
