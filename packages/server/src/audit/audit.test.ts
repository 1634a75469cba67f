import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import { loadConfig } from '../config';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';
import { purgeAudit, sealAuditChain, verifyChain } from './chain';

const run = promisify(execFile);

describe.each(DATABASE_KINDS)('audit log (%s database)', (kind) => {
  let t: TestContext;
  let unitAdminA: Record<string, string>;
  let nurseA: Record<string, string>;

  beforeAll(async () => {
    t = await createTestContext(kind);
    const hash = await hashPassword('secret-password');
    const admin = uuidv7();
    await t.db.query(
      `INSERT INTO account (id, username, password_hash, role, display_name) VALUES ($1, 'admin.a', $2, 'unit-admin', 'Admin A')`,
      [admin, hash],
    );
    await t.db.query('INSERT INTO staff_membership (account_id, care_unit_id) VALUES ($1, $2)', [
      admin,
      t.fixture.unitA,
    ]);
    [unitAdminA, nurseA] = await Promise.all([login(t.app, 'admin.a'), login(t.app, 'nurse.a')]);
    for (let i = 0; i < 3; i++) {
      await t.app.inject({
        method: 'GET',
        url: `/api/staff/patients/${t.fixture.patientA}`,
        headers: nurseA,
      });
    }
  });
  afterAll(() => t.close());

  it('inserts rows unsealed; the sealer chains them in id order, once', async () => {
    const unsealed = await t.db.query<{ id: string }>(
      'SELECT id::text FROM audit_event e WHERE e.seq IS NULL ORDER BY e.id',
    );
    expect(unsealed.rows.length).toBeGreaterThanOrEqual(3);
    expect((await verifyChain(t.db)).unsealed).toBe(unsealed.rows.length);
    const head = Number((await t.db.query('SELECT seq FROM audit_chain_head')).rows[0]!.seq);
    // Small batches, so the loop over batches is exercised too.
    expect(await sealAuditChain(t.db, { batch: 2 })).toEqual({
      sealed: unsealed.rows.length,
      headSeq: String(head + unsealed.rows.length),
    });
    const sealed = await t.db.query<{ id: string; seq: string }>(
      'SELECT id::text, seq::text FROM audit_event e WHERE e.seq > $1 ORDER BY e.seq',
      [head],
    );
    expect(sealed.rows.map((r) => r.id)).toEqual(unsealed.rows.map((r) => r.id));
    expect(sealed.rows.map((r) => Number(r.seq))).toEqual(unsealed.rows.map((_, i) => head + i + 1));
    const before = await t.db.query('SELECT id, seq, hash FROM audit_event e ORDER BY e.seq');
    expect(await sealAuditChain(t.db)).toEqual({ sealed: 0, headSeq: String(head + unsealed.rows.length) });
    expect((await t.db.query('SELECT id, seq, hash FROM audit_event e ORDER BY e.seq')).rows).toEqual(
      before.rows,
    );
    expect(await verifyChain(t.db)).toMatchObject({ ok: true, unsealed: 0 });
  });

  it('allows only the seal as an UPDATE: chain fields from NULL, nothing else', async () => {
    const id = uuidv7();
    await t.db.query(`INSERT INTO audit_event (id, actor_role, action) VALUES ($1, 'nurse', 'read x')`, [id]);
    // The id inlined, not a parameter: the embedded database loses its connection when a trigger
    // raises during a parameterised statement.
    const refused = (set: string) =>
      expect(t.db.query(`UPDATE audit_event SET ${set} WHERE id = '${id}'`)).rejects.toThrow(/append-only/);
    await refused(`action = 'y'`);
    await refused(`seq = 999999, prev_hash = 'a', hash = 'b', action = 'y'`);
    await refused(`seq = 999999, prev_hash = 'a', hash = 'b', follow_up = true`);
    await refused(`seq = 999999, hash = 'b'`);
    expect((await sealAuditChain(t.db)).sealed).toBe(1);
    await refused(`seq = seq + 1000000, prev_hash = 'a', hash = 'b'`);
    await refused(`action = 'y'`);
    expect((await verifyChain(t.db)).ok).toBe(true);
  });

  it('chains every row to the one before and refuses UPDATE and DELETE', async () => {
    const { rows } = await t.db.query<{ seq: string; prev_hash: string; hash: string }>(
      'SELECT seq::text, prev_hash, hash FROM audit_event e ORDER BY e.seq',
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    rows.forEach((r, i) => {
      if (i > 0) expect(r.prev_hash).toBe(rows[i - 1]!.hash);
    });
    await expect(t.db.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_event')).rejects.toThrow(/append-only/);
    expect((await verifyChain(t.db)).ok).toBe(true);
  });

  it('keeps the chain whole under concurrent appends', async () => {
    if (kind === 'embedded') return; // one connection: nothing runs concurrently
    await Promise.all(
      Array.from({ length: 200 }, () =>
        t.db.query(`INSERT INTO audit_event (id, actor_role, action) VALUES ($1, 'nurse', 'read test')`, [
          uuidv7(),
        ]),
      ),
    );
    // Two sealers at once (on separate connections): they queue on the head, one chain results.
    const runs = await Promise.all([
      sealAuditChain(t.db, { batch: 50 }),
      sealAuditChain(t.db, { batch: 50 }),
    ]);
    expect(runs[0]!.sealed + runs[1]!.sealed).toBe(200);
    const result = await verifyChain(t.db);
    expect(result.problems).toEqual([]);
    expect(result.unsealed).toBe(0);
  });

  it('lets the unit admin see who accessed a patient and a staff member summary, and export CSV', async () => {
    const lookup = await t.app.inject({
      method: 'POST',
      url: '/api/audit/patient-lookup',
      headers: unitAdminA,
      payload: { personnummer: '191212121212' },
    });
    expect(json(lookup)).toMatchObject({ patientId: t.fixture.patientA });
    const outside = await t.app.inject({
      method: 'POST',
      url: '/api/audit/patient-lookup',
      headers: unitAdminA,
      payload: { personnummer: '195001012383' },
    });
    expect(outside.statusCode).toBe(404);
    const events = json<{ events: { actorName: string; purpose: string; unitName: string }[] }>(
      await t.app.inject({
        method: 'GET',
        url: `/api/audit/patients/${t.fixture.patientA}/events`,
        headers: unitAdminA,
      }),
    ).events;
    expect(events.filter((e) => e.actorName === 'Sköterska A')).toHaveLength(3);
    expect(events.find((e) => e.actorName === 'Sköterska A')).toMatchObject({
      purpose: 'care',
      unitName: 'Enhet A',
    });
    const staff = json<{ staff: { name: string; patients: number; unusualVolume: boolean }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/audit/staff', headers: unitAdminA }),
    ).staff;
    expect(staff.map((s) => s.name)).toEqual(['Sköterska A']);
    expect(staff[0]).toMatchObject({ patients: 1, unusualVolume: false });
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/audit/export.csv?patientId=${t.fixture.patientA}`,
      headers: unitAdminA,
    });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'seq,at,patient_id,actor_id,actor_name,actor_role,unit,action,purpose,follow_up,remote_addr',
    );
    expect(lines.filter((l) => l.includes('Sköterska A'))).toHaveLength(3);
  });

  it('shows the patient which units accessed their data', async () => {
    const patient = await login(t.app, 'patient.a');
    const res = await t.app.inject({ method: 'GET', url: '/api/patient/access-log', headers: patient });
    const { accesses } = json<{ accesses: { unitName: string; purpose: string; role: string }[] }>(res);
    expect(accesses.filter((a) => a.unitName === 'Enhet A' && a.role === 'nurse')).toHaveLength(3);
    expect(accesses.every((a) => a.purpose !== 'self')).toBe(true);
  });

  it('reports a row changed directly in SQL (trigger disabled), through npm run audit:verify', async () => {
    await sealAuditChain(t.db);
    const target = (
      await t.db.query<{ seq: string; id: string }>(
        'SELECT seq::text, id FROM audit_event e ORDER BY e.seq LIMIT 1 OFFSET 1',
      )
    ).rows[0]!;
    await t.db.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
    await t.db.query(`UPDATE audit_event SET action = 'read nothing to see' WHERE id = $1`, [target.id]);
    await t.db.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
    const result = await verifyChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ seq: target.seq, id: target.id, problem: 'content-changed' });
    if (kind === 'postgres') {
      const url = (t.db.pool.options as { connectionString: string }).connectionString;
      const cli = await run('npm', ['run', '--silent', 'audit:verify'], {
        cwd: new URL('../../../..', import.meta.url).pathname,
        env: { ...process.env, DATABASE_URL: url },
      }).catch((e: { code: number; stdout: string }) => e);
      expect((cli as { code?: number }).code).toBe(1);
      expect(cli.stdout).toContain(`seq ${target.seq} (id ${target.id}): content-changed`);
    }
  });

  it('reports a row deleted from the middle and rows cut from the end', async () => {
    await sealAuditChain(t.db);
    const rows = (
      await t.db.query<{ seq: string; id: string }>('SELECT seq::text, id FROM audit_event e ORDER BY e.seq')
    ).rows;
    const middle = rows[2]!;
    const last = rows.at(-1)!;
    await t.db.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
    await t.db.query('DELETE FROM audit_event WHERE id = ANY($1)', [[middle.id, last.id]]);
    await t.db.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
    const { problems } = await verifyChain(t.db);
    expect(problems).toContainEqual({ seq: middle.seq, id: null, problem: 'row-missing' });
    expect(problems.some((p) => p.problem === 'head-mismatch')).toBe(true);
  });

  it('purges only rows older than the retention, never younger than five years', async () => {
    const before = Number((await t.db.query('SELECT count(*) AS n FROM audit_event')).rows[0]!.n);
    expect(await purgeAudit(t.db, 1)).toEqual({ deleted: 0, throughSeq: null });
    await t.db.query("SELECT set_config('hemma.audit_purge', 'on', false)");
    await expect(t.db.query('DELETE FROM audit_event')).rejects.toThrow(/append-only/);
    await t.db.query("SELECT set_config('hemma.audit_purge', 'off', false)");
    expect(Number((await t.db.query('SELECT count(*) AS n FROM audit_event')).rows[0]!.n)).toBe(before);
    expect(loadConfig({ HEMMA_AUDIT_RETENTION_YEARS: '2' }).auditRetentionYears).toBe(5);
    expect(loadConfig({ HEMMA_AUDIT_RETENTION_YEARS: '12' }).auditRetentionYears).toBe(12);
  });
});

describe.each(DATABASE_KINDS)('audit purge (%s database)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind);
  });
  afterAll(() => t.close());

  const insert = (age: string) =>
    t.db.query(
      `INSERT INTO audit_event (id, at, actor_role, action) VALUES ($1, now() - $2::interval, 'nurse', 'read x')`,
      [uuidv7(), age],
    );

  it('deletes the old prefix of the chain, keeps younger rows and a verifiable chain', async () => {
    for (const age of ['8 years', '6 years', '5 years 6 months', '4 years', '1 day']) await insert(age);
    expect(await purgeAudit(t.db, 7)).toMatchObject({ deleted: 1 });
    expect(await purgeAudit(t.db, 3)).toMatchObject({ deleted: 2 }); // 3 is raised to the minimum 5
    const left = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_event');
    expect(left.rows[0]!.n).toBe('2');
    expect(await verifyChain(t.db)).toMatchObject({ ok: true, rows: 2 });
  });
});
