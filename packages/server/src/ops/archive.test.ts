import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, type TestContext } from '../testing/test-context';
import { archiveObservations } from './archive';

const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('archive (%s database)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind);
  });
  afterAll(() => t.close());

  async function observation(daysAgo: number, alert?: 'open' | 'acknowledged') {
    const id = uuidv7();
    const patientId = t.fixture.patientA;
    await t.db.query(
      `INSERT INTO observation (patient_id, id, code, effective_at, value, unit, original_values, original_units, source, severity, idempotency_key)
       VALUES ($1, $2, '29463-7', $3, 80, 'kg', ARRAY[80::float8], ARRAY['kg'], 'patient-app', $4, $5)`,
      [patientId, id, new Date(Date.now() - daysAgo * DAY), alert ? 'red' : 'green', `arch-${id}`],
    );
    if (alert) {
      await t.db.query(
        `INSERT INTO alert (patient_id, id, observation_id, severity, reasons, status) VALUES ($1, $2, $3, 'red', '[]', $4)`,
        [patientId, uuidv7(), id, alert],
      );
    }
    return id;
  }

  it('moves old observations and their handled alerts to the archive, keeps open ones and recent ones', async () => {
    const old = [await observation(800), await observation(700, 'acknowledged'), await observation(600)];
    const open = await observation(750, 'open');
    const recent = await observation(10, 'acknowledged');
    const before = new Date(Date.now() - 365 * DAY);

    expect(await archiveObservations(t.db, before, { dryRun: true })).toEqual({
      observations: 3,
      alerts: 0,
      keptOpen: 1,
    });
    expect(await archiveObservations(t.db, before, { batchSize: 2 })).toEqual({
      observations: 3,
      alerts: 1,
      keptOpen: 1,
    });
    const hot = await t.db.query<{ id: string }>('SELECT id FROM observation WHERE patient_id = $1', [
      t.fixture.patientA,
    ]);
    expect(hot.rows.map((r) => r.id).sort()).toEqual([open, recent].sort());
    const archived = await t.db.query<{ id: string; value: number }>(
      `SELECT id, (data->>'value')::float8 AS value FROM observation_archive ORDER BY id`,
    );
    expect(archived.rows).toEqual(old.sort().map((id) => ({ id, value: 80 })));
    const alerts = await t.db.query(`SELECT data->>'status' AS status FROM alert_archive`);
    expect(alerts.rows).toEqual([{ status: 'acknowledged' }]);
    // Nothing left to do: a second run moves nothing.
    expect((await archiveObservations(t.db, before)).observations).toBe(0);
  });
});
