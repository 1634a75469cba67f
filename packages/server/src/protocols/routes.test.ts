import { HYPERTENSION, type Protocol } from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';

describe.each(DATABASE_KINDS)('protocol store (%s database)', (kind) => {
  let t: TestContext;
  let admin: Record<string, string>;
  let nurse: Record<string, string>;

  beforeAll(async () => {
    t = await createTestContext(kind);
    await t.db.query(
      `INSERT INTO account (id, username, password_hash, role, display_name) VALUES ($1, 'proto.admin', $2, 'system-admin', 'Admin')`,
      [uuidv7(), await hashPassword('secret-password')],
    );
    admin = await login(t.app, 'proto.admin');
    nurse = await login(t.app, 'nurse.a');
  });
  afterAll(() => t.close());

  const call = (
    headers: Record<string, string>,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
  ) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const edited = (): Protocol => {
    const p = structuredClone(HYPERTENSION);
    p.activities[0]!.thresholds!['8480-6']!.yellowHigh = 140;
    return p;
  };

  it('ships the library as version 1, readable by care staff', async () => {
    const res = await call(nurse, 'GET', '/api/protocols');
    expect(res.statusCode).toBe(200);
    const { protocols } = json<{ protocols: { id: string; currentVersion: number; builtin: boolean }[] }>(
      res,
    );
    expect(protocols.map((p) => p.id)).toEqual(
      expect.arrayContaining([
        'hypertension',
        'heart-failure',
        'diabetes-type-1',
        'diabetes-type-2',
        'copd',
        'asthma',
        'hypertension-pregnancy',
        'generic',
      ]),
    );
    expect(protocols.every((p) => p.currentVersion === 1 && p.builtin)).toBe(true);
  });

  it('serves the FHIR PlanDefinition of a version', async () => {
    const res = await call(nurse, 'GET', '/api/protocols/copd/plan-definition');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    expect(json(res)).toMatchObject({ resourceType: 'PlanDefinition', id: 'copd', version: '1' });
  });

  it('lets only administrators edit', async () => {
    const res = await call(nurse, 'PUT', '/api/protocols/hypertension', {
      protocol: edited(),
      baseVersion: 1,
    });
    expect(res.statusCode).toBe(403);
  });

  it('saves an edit as a new version and keeps the old one', async () => {
    const res = await call(admin, 'PUT', '/api/protocols/hypertension', {
      protocol: edited(),
      baseVersion: 1,
      note: 'Tighter for our region',
    });
    expect(res.statusCode).toBe(200);
    const body = json<{
      version: number;
      versions: { version: number; createdBy: string }[];
      protocol: Protocol;
    }>(res);
    expect(body.version).toBe(2);
    expect(body.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(body.versions[1]!.createdBy).toBe('Admin');
    const v1 = json<{ protocol: Protocol }>(
      await call(nurse, 'GET', '/api/protocols/hypertension?version=1'),
    );
    expect(v1.protocol.activities[0]!.thresholds!['8480-6']!.yellowHigh).toBe(135);
  });

  it('refuses a save based on an old version (409), so no edit is lost', async () => {
    const res = await call(admin, 'PUT', '/api/protocols/hypertension', {
      protocol: edited(),
      baseVersion: 1,
    });
    expect(res.statusCode).toBe(409);
  });

  it.each<[string, (p: Protocol) => void, string]>([
    [
      'low above high',
      (p) => {
        p.activities[0]!.thresholds!['8480-6'] = { yellowLow: 150, yellowHigh: 135 };
      },
      'activities[0].thresholds.8480-6.yellowHigh: 135 must be greater than yellowLow (150); the order is redLow ≤ yellowLow < yellowHigh ≤ redHigh',
    ],
    [
      'an unknown code',
      (p) => {
        p.activities[0]!.code = '1234-5';
      },
      'activities[0].code: 1234-5 is not a measurement in the catalogue',
    ],
    [
      'a schedule that never fires',
      (p) => {
        p.activities[0]!.schedule = [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=31;BYHOUR=7', days: 3 }];
      },
      'activities[0].schedule[0].rrule: FREQ=MONTHLY;BYMONTHDAY=31;BYHOUR=7 never fires within its 3 day(s) when the plan starts on 1 January',
    ],
  ])('rejects a protocol with %s precisely and saves nothing', async (_name, change, message) => {
    const p = edited();
    change(p);
    const before = json<{ currentVersion: number }>(
      await call(admin, 'GET', '/api/protocols/hypertension'),
    ).currentVersion;
    const res = await call(admin, 'PUT', '/api/protocols/hypertension', { protocol: p, baseVersion: before });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(json<{ errors: { message: string }[] }>(res).errors.map((e) => e.message)).toContain(message);
    expect(
      json<{ currentVersion: number }>(await call(admin, 'GET', '/api/protocols/hypertension'))
        .currentVersion,
    ).toBe(before);
  });

  it('creates a new protocol, and refuses a duplicate id', async () => {
    const p = { ...edited(), id: 'region-hypertension' };
    const res = await call(admin, 'POST', '/api/protocols', { protocol: p });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ id: 'region-hypertension', version: 1, builtin: false });
    expect((await call(admin, 'POST', '/api/protocols', { protocol: p })).statusCode).toBe(409);
  });
});
