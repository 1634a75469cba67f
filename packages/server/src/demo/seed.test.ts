import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';
import { seedDemo } from './seed';

describe.each(DATABASE_KINDS)('demo seed (%s database)', (kind) => {
  let t: TestContext;
  let summary: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    t = await createTestContext(kind);
    summary = await seedDemo(t.db, new Date());
  });
  afterAll(() => t.close());

  it('seeds 60 patients with 90 days of values and a realistic worklist', async () => {
    expect(summary.patients).toBe(60);
    expect(summary.observations).toBeGreaterThan(10_000);
    expect(summary.openAlerts).toBeGreaterThan(5);
    const nurse = await login(t.app, 'nurse.north', 'hemma-demo');
    const { items } = json<{ items: { severity: string }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/staff/worklist', headers: nurse }),
    );
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]!.severity).toBe('red');
  });

  it('lets the demo patient and the demo gateway in', async () => {
    const patient = await login(t.app, 'patient1', 'hemma-demo');
    const me = json<{ role: string; patientId: string }>(
      await t.app.inject({ method: 'GET', url: '/api/me', headers: patient }),
    );
    expect(me.role).toBe('patient');
    const token = await t.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=demo-gateway&client_secret=demo-gateway-secret',
    });
    expect(token.statusCode).toBe(200);
  });
});
