import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../db/database';
import { createTestContext, type TestContext } from '../testing/test-context';
import { worklistPage } from './worklist';

// The worklist at the scale: 10,000 patients at one unit, 60 days of unvalidated daily values
// each (600,000 observations), 1,000 open alerts and 50,000 acknowledged ones. A page must come from indexes, not from loading
// every patient. Asserted on the query plan (what the database read), not on the clock: the time is
// printed, and the benchmark measures it (worklist p95).
// PostgreSQL only (the embedded database is for small installations; the benchmark covers it).

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

/** Runs `fn` against a database that also EXPLAIN ANALYZEs each statement; returns the plans' nodes. */
async function planNodes(db: Queryable, fn: (db: Queryable) => Promise<unknown>): Promise<PlanNode[]> {
  const nodes: PlanNode[] = [];
  const walk = (n: PlanNode) => {
    nodes.push(n);
    n.Plans?.forEach(walk);
  };
  await fn({
    query: async (text, values) => {
      const { rows } = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`,
        values,
      );
      walk(rows[0]!['QUERY PLAN'][0].Plan);
      return db.query(text, values);
    },
  });
  return nodes;
}

/** Rows a plan read from `table`, over all loops. */
const rowsFrom = (nodes: PlanNode[], table: string) =>
  nodes
    .filter((n) => n['Relation Name'] === table || n['Relation Name']?.startsWith(`${table}_`))
    .reduce((sum, n) => sum + n['Actual Rows'] * n['Actual Loops'], 0);

const PATIENTS = 10_000;
const PAGE = 50;

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
    // Alerts accumulate: a year of acknowledged ones (5 per patient) beside the open ones.
    await t.db.query(
      `INSERT INTO alert (patient_id, id, observation_id, severity, reasons, status, created_at, acknowledged_at)
       SELECT patient_id, gen_random_uuid(), id, 'yellow', '[]', 'acknowledged', effective_at, effective_at
       FROM observation WHERE code = '29463-7' AND effective_at < now() - interval '50 days'
         AND effective_at > now() - interval '56 days'`,
    );
    await t.db.query('ANALYZE');
  }, 240_000);
  afterAll(() => t.close());

  it('pages the worklist from indexes', async () => {
    const q = { unitIds: [t.fixture.unitA], viewerId: t.fixture.nurseA, limit: PAGE };
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

    // What a validation page reads: the page's patients' values (at most 60 each, counted), never the
    // 600,000 values of every patient, and no sequential scan of a table that grows with time.
    for (const pageCursor of [undefined, cursor]) {
      const nodes = await planNodes(t.db, (db) =>
        worklistPage(db, { ...q, ...(pageCursor ? { cursor: pageCursor } : {}) }),
      );
      const scanned = nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']);
      expect(
        scanned.filter((r) => r === 'observation' || r?.startsWith('observation_') || r === 'alert'),
      ).toEqual([]);
      expect(rowsFrom(nodes, 'observation')).toBeLessThanOrEqual((PAGE + 1) * 60);
    }
  }, 120_000);
});
