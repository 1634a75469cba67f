import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { worklistPage } from './worklist';

// The worklist at the scale: 10,000 patients at one unit, 60 days of unvalidated daily values
// each (600,000 observations) and 1,000 open alerts. A page must come from indexes, not from loading
// every patient: the first page and a cursor page each stay well under the interactive budget.
// PostgreSQL only (the embedded database is for small installations; the benchmark covers it).

const PATIENTS = 10_000;
const BUDGET_MS = 400;

describe('worklist at 10,000 patients (postgres database)', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext('postgres');
    await t.db.query(
      `INSERT INTO patient (id, personnummer, given_name, family_name, birth_date, gender)
       SELECT gen_random_uuid(), 'scale' || g, 'Pat', 'Nr' || g, '1950-01-01', 'female'
       FROM generate_series(1, $1) g`,
      [PATIENTS],
    );
    await t.db.query(
      `INSERT INTO enrolment (patient_id, id, care_unit_id, condition, started_at)
       SELECT id, gen_random_uuid(), $1, 'hypertension', now() - interval '90 days'
       FROM patient WHERE personnummer LIKE 'scale%'`,
      [t.fixture.unitA],
    );
    await t.db.query(
      `INSERT INTO observation (patient_id, id, code, effective_at, value, unit, original_values, original_units, source)
       SELECT p.id, gen_random_uuid(), '29463-7', now() - make_interval(days => d), 80, 'kg', ARRAY[80::float8], ARRAY['kg'], 'patient-app'
       FROM patient p CROSS JOIN generate_series(1, 60) d WHERE p.personnummer LIKE 'scale%'`,
    );
    await t.db.query(
      `INSERT INTO alert (patient_id, id, observation_id, severity, reasons, created_at)
       SELECT o.patient_id, gen_random_uuid(), o.id, CASE WHEN random() < 0.25 THEN 'red' ELSE 'yellow' END, '[]',
         o.effective_at
       FROM (SELECT DISTINCT ON (patient_id) patient_id, id, effective_at FROM observation
             WHERE code = '29463-7' ORDER BY patient_id, effective_at DESC) o
       LIMIT 1000`,
    );
    await t.db.query('ANALYZE');
  }, 240_000);
  afterAll(() => t.close());

  it('pages the worklist from indexes', async () => {
    const q = { unitIds: [t.fixture.unitA], viewerId: t.fixture.nurseA, limit: 50 };
    await worklistPage(t.db, q); // warm the plan cache and buffers
    const timed = async (cursor?: string) => {
      const start = performance.now();
      const page = await worklistPage(t.db, { ...q, ...(cursor ? { cursor } : {}) });
      return { page, ms: performance.now() - start };
    };
    const first = await timed();
    expect(first.page.total).toBe(1000 + PATIENTS);
    expect(first.page.items[0]!.severity).toBe('red');
    let cursor = first.page.nextCursor!;
    for (let i = 0; i < 25; i++) cursor = (await worklistPage(t.db, { ...q, cursor })).nextCursor!;
    const later = await timed(cursor); // into the validation items
    expect(later.page.items[0]!.kind).toBe('validation');
    expect(later.page.items[0]!.count).toBe(54); // days 7–60 ago: older than 7 days by the time of the query
    console.info(
      `worklist, ${PATIENTS} patients: first page ${first.ms.toFixed(0)} ms, page 27 ${later.ms.toFixed(0)} ms`,
    );
    expect(first.ms).toBeLessThan(BUDGET_MS);
    expect(later.ms).toBeLessThan(BUDGET_MS);
  }, 120_000);
});
