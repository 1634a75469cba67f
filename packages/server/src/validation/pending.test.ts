import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, DATABASE_KINDS, type TestContext } from '../testing/test-context';

const DAY = 86_400_000;

// validation_pending (migration 017) must always equal what it summarises: each patient's oldest
// preliminary value. The worklist's validation items come from it.
describe.each(DATABASE_KINDS)('validation_pending kept by triggers (%s database)', (kind) => {
  let t: TestContext;
  let patient: string;

  const insert = async (daysAgo: number, status = 'preliminary', who = patient) => {
    const id = uuidv7();
    await t.db.query(
      `INSERT INTO observation (patient_id, id, code, effective_at, value, unit, original_values, original_units, source, status)
       VALUES ($1, $2, '29463-7', $3, 80, 'kg', ARRAY[80::float8], ARRAY['kg'], 'patient-app', $4)`,
      [who, id, new Date(Date.now() - daysAgo * DAY), status],
    );
    return id;
  };
  /** The table beside the truth it summarises, for every patient. */
  const summaryAndTruth = async () => {
    const read = async (sql: string) =>
      (await t.db.query<{ patient_id: string; at: string }>(sql)).rows
        .map((r) => `${r.patient_id} ${r.at}`)
        .sort();
    return {
      summary: await read('SELECT patient_id, oldest_at::text AS at FROM validation_pending'),
      truth: await read(
        `SELECT patient_id, min(effective_at)::text AS at FROM observation WHERE status = 'preliminary' GROUP BY patient_id`,
      ),
    };
  };
  const oldest = async (who = patient) =>
    (
      await t.db.query<{ at: Date }>('SELECT oldest_at AS at FROM validation_pending WHERE patient_id = $1', [
        who,
      ])
    ).rows[0]?.at ?? null;

  beforeAll(async () => {
    t = await createTestContext(kind);
    patient = t.fixture.patientA;
  });
  afterAll(() => t.close());

  it('follows inserts, validation, entered-in-error and deletion', async () => {
    expect(await oldest()).toBeNull();
    await insert(3);
    const older = await insert(10);
    await insert(1);
    await insert(20, 'final'); // not waiting for validation
    let { summary, truth } = await summaryAndTruth();
    expect(summary).toEqual(truth);
    expect(Date.now() - (await oldest())!.getTime()).toBeGreaterThan(9.9 * DAY);

    // The oldest value withdrawn: the next one becomes the oldest.
    await t.db.query(`UPDATE observation SET status = 'entered-in-error' WHERE patient_id = $1 AND id = $2`, [
      patient,
      older,
    ]);
    ({ summary, truth } = await summaryAndTruth());
    expect(summary).toEqual(truth);
    expect(Date.now() - (await oldest())!.getTime()).toBeLessThan(3.1 * DAY);

    // A period validated up to yesterday, then the rest removed: nothing waits.
    await t.db.query(
      `UPDATE observation SET status = 'final', validated_at = now() WHERE patient_id = $1 AND status = 'preliminary'
         AND effective_at < now() - interval '2 days'`,
      [patient],
    );
    ({ summary, truth } = await summaryAndTruth());
    expect(summary).toEqual(truth);
    await t.db.query(`DELETE FROM observation WHERE patient_id = $1 AND status = 'preliminary'`, [patient]);
    ({ summary, truth } = await summaryAndTruth());
    expect(summary).toEqual(truth);
    expect(await oldest()).toBeNull();
  });

  it.runIf(kind === 'postgres')(
    'keeps a value inserted while another transaction validates the same patient',
    async () => {
      const who = t.fixture.patientB;
      await insert(12, 'preliminary', who);
      await insert(5, 'preliminary', who);
      const writer = await t.db.pool.connect();
      const validator = await t.db.pool.connect();
      const observer = await t.db.pool.connect();
      try {
        const validatorPid = (await validator.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
          .rows[0]!.pid;
        // A late upload of an old value arrives and is not yet committed (its trigger holds the
        // patient's row) ...
        await writer.query('BEGIN');
        await writer.query(
          `INSERT INTO observation (patient_id, id, code, effective_at, value, unit, original_values, original_units, source)
           VALUES ($1, $2, '29463-7', now() - interval '30 days', 81, 'kg', ARRAY[81::float8], ARRAY['kg'], 'patient-app')`,
          [who, uuidv7()],
        );
        // ... while a nurse validates the period she sees up to 8 days ago; her recompute must wait for
        // the writer, or it would compute the oldest value without the late one.
        const validated = validator.query(
          `UPDATE observation SET status = 'final', validated_at = now() WHERE patient_id = $1 AND status = 'preliminary'
             AND effective_at < now() - interval '8 days'`,
          [who],
        );
        let settled = false;
        validated.then(
          () => (settled = true),
          () => (settled = true),
        );
        // The writer must commit only once the validator is waiting for it; committing earlier tests
        // nothing (the late value would simply be visible). If the validator finishes without ever
        // waiting, commit anyway so the assertions below say what went wrong.
        await vi.waitFor(
          async () => {
            const waiting = await observer.query(
              `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`,
              [validatorPid],
            );
            if (!waiting.rowCount && !settled) throw new Error('the validator never waited for the writer');
          },
          { timeout: 30_000, interval: 10 },
        );
        await writer.query('COMMIT');
        expect((await validated).rowCount).toBe(1);
        const { summary, truth } = await summaryAndTruth();
        expect(summary).toEqual(truth);
        expect(Date.now() - (await oldest(who))!.getTime()).toBeGreaterThan(29 * DAY);
      } finally {
        writer.release();
        validator.release();
        observer.release();
      }
    },
    60_000,
  );
});
