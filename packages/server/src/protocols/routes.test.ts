import {
  COPD,
  HEART_FAILURE,
  HYPERTENSION,
  libraryVersion,
  PROTOCOL_LIBRARY,
  type Protocol,
} from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';
import { installProtocolLibrary } from './repository';

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
    expect(v1.protocol.activities[0]!.thresholds!['8480-6']!.yellowHigh).toBe(159);
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

describe.each(DATABASE_KINDS)('installing a newer shipped library (%s database)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind);
  });
  afterAll(() => t.close());

  const versions = async (id: string) =>
    (
      await t.db.query<{
        version: number;
        library_version: number | null;
        note: string | null;
        definition: Protocol;
      }>(
        'SELECT version, library_version, note, definition FROM protocol_version WHERE protocol_id = $1 ORDER BY version',
        [id],
      )
    ).rows;
  const currentVersion = async (id: string) =>
    (
      await t.db.query<{ current_version: number }>('SELECT current_version FROM protocol WHERE id = $1', [
        id,
      ])
    ).rows[0]!.current_version;

  it('a fresh database has each protocol once, at the shipped library version', async () => {
    for (const p of PROTOCOL_LIBRARY) {
      const rows = await versions(p.id);
      expect(rows.map((r) => [r.version, r.library_version])).toEqual([[1, libraryVersion(p.id)]]);
      expect(rows[0]!.definition).toEqual(JSON.parse(JSON.stringify(p)));
    }
  });

  it('installs a newer shipped version as the next version and leaves the old one as it was', async () => {
    // A database installed with library version 1 of COPD (older content: the CAT score bands).
    const older = structuredClone(COPD);
    older.rules = older.rules.map((r) =>
      r.kind === 'questionnaire' && r.id === 'cat'
        ? { ...r, bands: [{ min: 21, severity: 'yellow' as const }] }
        : r,
    );
    await t.db.query(
      `UPDATE protocol_version SET library_version = 1, definition = $2 WHERE protocol_id = $1 AND version = 1`,
      ['copd', JSON.stringify(older)],
    );
    await installProtocolLibrary(t.db);
    const rows = await versions('copd');
    expect(rows.map((r) => [r.version, r.library_version, r.note])).toEqual([
      [1, 1, 'Hemma library'],
      [2, libraryVersion('copd'), `Hemma library version ${libraryVersion('copd')}`],
    ]);
    // Plans built from version 1 point at (copd, 1), whose definition is untouched.
    expect(rows[0]!.definition).toEqual(JSON.parse(JSON.stringify(older)));
    expect(rows[1]!.definition).toEqual(JSON.parse(JSON.stringify(COPD)));
    expect(await currentVersion('copd')).toBe(2);

    await installProtocolLibrary(t.db); // idempotent
    expect((await versions('copd')).length).toBe(2);
  });

  it("leaves a protocol alone whose current version staff saved (the region's adaptation)", async () => {
    await t.db.query(`UPDATE protocol_version SET library_version = 1 WHERE protocol_id = 'heart-failure'`);
    const adapted = structuredClone(HEART_FAILURE);
    adapted.description.en = 'Our unit’s version';
    await t.db.query(
      `INSERT INTO protocol_version (protocol_id, version, definition, note) VALUES ('heart-failure', 2, $1, 'Our limits')`,
      [JSON.stringify(adapted)],
    );
    await t.db.query(`UPDATE protocol SET current_version = 2 WHERE id = 'heart-failure'`);
    await installProtocolLibrary(t.db);
    expect((await versions('heart-failure')).map((r) => [r.version, r.library_version])).toEqual([
      [1, 1],
      [2, null],
    ]);
    expect(await currentVersion('heart-failure')).toBe(2);
  });
});
