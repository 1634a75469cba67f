import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';
import { evaluateRunIns } from '../thresholds/run-in';

describe.each(DATABASE_KINDS)('run-in demo (%s database)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind);
    await seedDemo(t.db, new Date());
  }, 180_000);
  afterAll(() => t.close());

  it('shows the north nurse a systolic proposal for the demo patient, and the job has nothing left', async () => {
    const nurse = await login(t.app, 'nurse.north', 'hemma-demo');
    const { patients } = json<{ patients: { id: string }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/staff/patients?q=Ekdahl', headers: nurse }),
    );
    expect(patients).toHaveLength(1);
    const patientId = patients[0]!.id;
    const { proposals } = json<{
      proposals: { code: string; status: string; proposed: { yellowHigh: number } }[];
    }>(await t.app.inject({ method: 'GET', url: `/api/staff/patients/${patientId}/run-in`, headers: nurse }));
    expect(proposals.map((p) => [p.code, p.status])).toEqual([
      ['8480-6', 'pending'],
      ['8462-4', 'unchanged'],
    ]);
    expect(proposals[0]!.proposed.yellowHigh).toBeGreaterThan(135);
    const { items } = json<{ items: { kind: string; patientId: string }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/staff/worklist?kind=proposal', headers: nurse }),
    );
    expect(items.filter((i) => i.patientId === patientId)).toHaveLength(1);
    const again = await evaluateRunIns(t.db, new Date());
    expect(again.enrolmentsEvaluated + again.tooLate + again.failed).toBe(0);
  });
});
