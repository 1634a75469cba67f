import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, type TestContext } from '../testing/test-context';
import { timeline } from './timeline';

describe.each(DATABASE_KINDS)('timeline medication dates (%s database)', (kind) => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext(kind);
    // Started 2026-11-22 (winter, UTC+1), stopped 2027-06-15 (summer, UTC+2): Stockholm calendar days.
    await t.db.query(
      `INSERT INTO medication (patient_id, id, drug, dose, started_on, stopped_on, created_by, updated_by)
       VALUES ($1, $2, 'Enalapril', '5 mg', '2026-11-22', '2027-06-15', $3, $3)`,
      [t.fixture.patientA, uuidv7(), t.fixture.nurseA],
    );
  });
  afterAll(() => t.close());

  const medications = async (from: string, to: string) =>
    (await timeline(t.db, t.fixture.patientA, new Date(from), new Date(to)))
      .filter((e) => e.kind === 'medication')
      .map((e) => [e.detail, e.at]);

  it('places a start or stop date at 00:00 Stockholm time of that day', async () => {
    expect(await medications('2026-11-01T00:00:00Z', '2027-07-01T00:00:00Z')).toEqual([
      ['stop', '2027-06-14T22:00:00.000Z'],
      ['start', '2026-11-21T23:00:00.000Z'],
    ]);
  });

  it('shows a medication started today in a period ending now, just after local midnight', async () => {
    // 00:30 in Stockholm on the 22nd, when the UTC date is still the 21st.
    expect(await medications('2026-11-15T00:00:00Z', '2026-11-21T23:30:00Z')).toEqual([
      ['start', '2026-11-21T23:00:00.000Z'],
    ]);
    // …and not in a period that ends before the day begins in Stockholm.
    expect(await medications('2026-11-15T00:00:00Z', '2026-11-21T22:59:00Z')).toEqual([]);
  });
});
