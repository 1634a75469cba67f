import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';

const bp = (systolic: number, diastolic: number) => ({
  measurements: [
    {
      code: '85354-9',
      components: [
        { code: '8480-6', value: systolic },
        { code: '8462-4', value: diastolic },
      ],
    },
  ],
});

interface Item {
  kind: string;
  key: string;
  alertId: string | null;
  patientId: string;
  severity: string | null;
  count: number;
  at: string;
  assignedTo: { id: string; displayName: string } | null;
  snoozedUntil: string | null;
}

const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('clinician workspace (%s database)', (kind) => {
  let t: TestContext;
  let nurse: Record<string, string>;
  let other: Record<string, string>;
  let patient: Record<string, string>;
  let colleagueId: string;
  const get = async <T>(url: string, headers = nurse) => {
    const res = await t.app.inject({ method: 'GET', url, headers });
    expect(res.statusCode, res.body).toBe(200);
    return json<T>(res);
  };
  const send = (method: 'POST' | 'PUT', url: string, payload: object, headers = nurse) =>
    t.app.inject({ method, url, headers, payload });
  const worklist = async (query = '') =>
    get<{ items: Item[]; total: number; nextCursor: string | null }>(`/api/staff/worklist${query}`);
  const record = (payload: object, key: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/patient/measurements',
      headers: { ...patient, 'idempotency-key': key },
      payload,
    });

  beforeAll(async () => {
    t = await createTestContext(kind);
    colleagueId = uuidv7();
    await t.db.query(
      `INSERT INTO account (id, username, password_hash, role, display_name) VALUES ($1, 'doc.a', $2, 'physician', 'Läkare A')`,
      [colleagueId, await hashPassword('secret-password')],
    );
    await t.db.query('INSERT INTO staff_membership (account_id, care_unit_id) VALUES ($1, $2)', [
      colleagueId,
      t.fixture.unitA,
    ]);
    [nurse, other, patient] = await Promise.all([
      login(t.app, 'nurse.a'),
      login(t.app, 'nurse.b'),
      login(t.app, 'patient.a'),
    ]);
  });
  afterAll(() => t.close());

  it('pages the worklist with a cursor, red first, and lists values waiting for validation', async () => {
    for (const [i, [s, d]] of [
      [150, 88],
      [185, 112],
      [152, 86],
      [190, 115],
    ].entries()) {
      expect((await record(bp(s!, d!), `w${i}`)).statusCode).toBe(201);
    }
    // The app accepts only recent times; a value left unvalidated for ten days is made by moving one.
    const stored = await record(bp(128, 78), 'old');
    expect(stored.statusCode).toBe(201);
    await t.db.query(
      `UPDATE observation SET effective_at = now() - interval '10 days'
       WHERE patient_id = $1 AND idempotency_key LIKE 'app:old#%'`,
      [t.fixture.patientA],
    );

    const first = await worklist('?limit=2');
    expect(first.items.map((i) => i.severity)).toEqual(['red', 'red']);
    expect(first.total).toBeGreaterThanOrEqual(3);
    expect(first.nextCursor).not.toBeNull();
    const rest = await worklist(`?limit=50&cursor=${first.nextCursor}`);
    const keys = [...first.items, ...rest.items].map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    const validation = rest.items.find((i) => i.kind === 'validation');
    expect(validation).toMatchObject({ patientId: t.fixture.patientA, count: 1 });
    expect((await worklist('?kind=validation')).items).toHaveLength(1);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/staff/worklist?cursor=bad', headers: nurse }))
        .statusCode,
    ).toBe(400);
    expect((await get<{ items: Item[] }>('/api/staff/worklist', other)).items).toHaveLength(0);
  });

  it('assigns an alert to a colleague, filters by "mine" and refuses a stranger', async () => {
    const [red] = (await worklist('?severity=red')).items;
    const bad = await send('PUT', `/api/staff/alerts/${red!.alertId}/assignee`, { accountId: uuidv7() });
    expect(bad.statusCode).toBe(422);
    const ok = await send('PUT', `/api/staff/alerts/${red!.alertId}/assignee`, { accountId: colleagueId });
    expect(ok.statusCode, ok.body).toBe(200);
    const doctor = await login(t.app, 'doc.a');
    const mine = await get<{ items: Item[] }>('/api/staff/worklist?mine=true', doctor);
    expect(mine.items.map((i) => i.alertId)).toEqual([red!.alertId]);
    expect(mine.items[0]!.assignedTo).toMatchObject({ id: colleagueId, displayName: 'Läkare A' });
    const foreign = await send(
      'PUT',
      `/api/staff/alerts/${red!.alertId}/assignee`,
      { accountId: null },
      other,
    );
    expect(foreign.statusCode).toBe(404);
  });

  it('snoozes with a reason and until a time, hiding the item until then', async () => {
    const [, second] = (await worklist('?severity=red')).items;
    const until = new Date(Date.now() + 2 * 3600_000).toISOString();
    const noReason = await send('PUT', `/api/staff/alerts/${second!.alertId}/snooze`, { until });
    expect(noReason.statusCode).toBe(422);
    const past = await send('PUT', `/api/staff/alerts/${second!.alertId}/snooze`, {
      until: new Date(Date.now() - 1000).toISOString(),
      reason: 'Ringer i morgon',
    });
    expect(past.statusCode).toBe(422);
    const ok = await send('PUT', `/api/staff/alerts/${second!.alertId}/snooze`, {
      until,
      reason: 'Ringer i morgon',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await worklist()).items.map((i) => i.alertId)).not.toContain(second!.alertId);
    const snoozed = await worklist('?snoozed=true');
    expect(snoozed.items.map((i) => i.alertId)).toEqual([second!.alertId]);
    const wake = await send('PUT', `/api/staff/alerts/${second!.alertId}/snooze`, { until: null });
    expect(wake.statusCode).toBe(200);
    expect((await worklist()).items.map((i) => i.alertId)).toContain(second!.alertId);
  });

  it('bulk-acknowledges informational items only, and records handling time', async () => {
    const [yellow] = (await worklist('?severity=yellow')).items;
    const refused = await send('POST', '/api/staff/alerts/acknowledge-informational', {
      alertIds: [yellow!.alertId],
    });
    expect(refused.statusCode).toBe(422);
    await t.db.query('UPDATE alert SET informational = true WHERE id = $1', [yellow!.alertId]);
    const ok = await send('POST', '/api/staff/alerts/acknowledge-informational', {
      alertIds: [yellow!.alertId],
    });
    expect(json(ok)).toEqual({ acknowledged: [yellow!.alertId] });
    const again = await send('POST', '/api/staff/alerts/acknowledge-informational', {
      alertIds: [yellow!.alertId],
    });
    expect(again.statusCode).toBe(422);

    const spent = await send('POST', '/api/staff/handling', {
      patientId: t.fixture.patientA,
      alertId: yellow!.alertId,
      itemKind: 'alert',
      seconds: 95,
    });
    expect(spent.statusCode).toBe(204);
    const { rows } = await t.db.query<{ seconds: number; care_unit_id: string }>(
      `SELECT seconds, care_unit_id FROM handling_event WHERE action = 'reviewed' AND patient_id = $1`,
      [t.fixture.patientA],
    );
    expect(rows).toEqual([{ seconds: 95, care_unit_id: t.fixture.unitA }]);
  });

  it('validates a period into the record, signed, and keeps final values immutable', async () => {
    const from = new Date(Date.now() - 30 * DAY).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const base = `/api/staff/patients/${t.fixture.patientA}`;
    const res = await send('POST', `${base}/validation`, { from, to });
    expect(res.statusCode, res.body).toBe(200);
    const body = json<{ validated: string[]; by: { role: string } }>(res);
    expect(body.validated).toHaveLength(5);
    expect(body.by.role).toBe('nurse');
    expect((await worklist('?kind=validation')).items).toHaveLength(0);
    const { values } = await get<{
      values: { id: string; status: string; validated: { by: string; role: string } | null }[];
    }>(`${base}/record-values?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(values.every((v) => v.status === 'final' && v.validated?.by === 'Sköterska A')).toBe(true);
    if (kind === 'postgres') {
      // The database itself refuses to change a validated value (trigger of migration 009). Not tried on
      // the embedded database: its node-postgres adapter loses the connection after any SQL error.
      await expect(
        t.db.query('UPDATE observation SET value = 1 WHERE patient_id = $1 AND id = $2', [
          t.fixture.patientA,
          values[0]!.id,
        ]),
      ).rejects.toThrow(/immutable/);
    }

    // A correction is a new version; the old one stays, marked superseded.
    const wrong = values[0]!;
    const fix = await send('POST', `${base}/observations/${wrong.id}/correction`, {
      values: [130, 80],
      reason: 'Fel manschett',
    });
    expect(fix.statusCode, fix.body).toBe(201);
    const fixed = json<{ id: string; status: string; replacesId: string }>(fix);
    expect(fixed).toMatchObject({ status: 'corrected', replacesId: wrong.id });
    const twice = await send('POST', `${base}/observations/${wrong.id}/correction`, {
      values: [131, 80],
      reason: 'Igen',
    });
    expect(twice.statusCode).toBe(409);
    const badCount = await send('POST', `${base}/observations/${fixed.id}/correction`, {
      values: [131],
      reason: 'Ett värde',
    });
    expect(badCount.statusCode).toBe(422);
    const after = await get<{ values: { id: string; supersededBy: string | null; status: string }[] }>(
      `${base}/record-values?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(after.values.find((v) => v.id === wrong.id)).toMatchObject({
      supersededBy: fixed.id,
      status: 'final',
    });
    expect(after.values.find((v) => v.id === fixed.id)).toMatchObject({ status: 'corrected' });
    const error = await send('POST', `${base}/observations/${values[1]!.id}/correction`, {
      enteredInError: true,
      reason: 'Annan person mätte',
    });
    expect(json(error)).toMatchObject({ status: 'entered-in-error' });
    expect((await send('POST', `${base}/validation`, { from, to }, other)).statusCode).toBe(404);
  });

  it('keeps a medication list and staff notes, and shows them in the timeline', async () => {
    const base = `/api/staff/patients/${t.fixture.patientA}`;
    const today = new Date().toISOString().slice(0, 10);
    const bad = await send('POST', `${base}/medications`, {
      drug: 'Enalapril',
      dose: '5 mg x 1',
      startedOn: today,
      stoppedOn: '2000-01-01',
    });
    expect(bad.statusCode).toBe(422);
    const med = await send('POST', `${base}/medications`, {
      drug: 'Enalapril',
      dose: '5 mg x 1',
      startedOn: today,
      reason: 'Högt hemblodtryck',
    });
    expect(med.statusCode, med.body).toBe(201);
    const note = await send('POST', `${base}/notes`, { body: 'Ringt patienten, mår bra.' });
    expect(note.statusCode).toBe(201);
    expect((await send('POST', `${base}/notes`, { body: '   ' })).statusCode).toBe(400);
    const from = new Date(Date.now() - 30 * DAY).toISOString();
    const to = new Date(Date.now() + DAY).toISOString();
    const { entries } = await get<{ entries: { kind: string; text: string | null }[] }>(
      `${base}/timeline?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    const kinds = new Set(entries.map((e) => e.kind));
    for (const k of ['value', 'alert', 'medication', 'note']) expect(kinds).toContain(k);
    const summary = await get<{ homeBp: { meanSystolic: number } | null; adherencePercent: number }>(
      `${base}/summary?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(summary.homeBp?.meanSystolic).toBeGreaterThan(100);
  });

  it('exports a FHIR document and a PDF, signed, and logs who exported what', async () => {
    const base = `/api/staff/patients/${t.fixture.patientA}`;
    const period = {
      from: new Date(Date.now() - 30 * DAY).toISOString(),
      to: new Date(Date.now() + DAY).toISOString(),
    };
    const doc = await send('POST', `${base}/exports`, { format: 'fhir-document', ...period });
    expect(doc.statusCode, doc.body).toBe(200);
    const bundle = json<{
      type: string;
      entry: { resource: { resourceType: string; status?: string; author?: { display: string }[] } }[];
    }>(doc);
    expect(bundle.type).toBe('document');
    expect(bundle.entry[0]!.resource).toMatchObject({ resourceType: 'Composition', status: 'final' });
    expect(bundle.entry[0]!.resource.author?.[0]?.display).toBe('Sköterska A');
    const obs = bundle.entry.filter((e) => e.resource.resourceType === 'Observation');
    // 5 values, one superseded (its correction exported instead), one entered in error.
    expect(obs).toHaveLength(4);
    expect(obs.map((o) => o.resource.status).sort()).toEqual(['corrected', 'final', 'final', 'final']);
    expect(bundle.entry.some((e) => e.resource.resourceType === 'MedicationStatement')).toBe(true);
    // A document is self-contained: every reference points at an entry of the bundle.
    const fullUrls = new Set((bundle.entry as unknown as { fullUrl: string }[]).map((e) => e.fullUrl));
    const references = [...doc.body.matchAll(/"reference":"([^"]+)"/g)].map((m) => m[1]!);
    expect(references.length).toBeGreaterThan(5);
    expect(references.filter((r) => !fullUrls.has(r))).toEqual([]);

    const pdf = await send('POST', `${base}/exports`, { format: 'pdf', ...period });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const { exports } = await get<{ exports: { format: string; by: string; role: string }[] }>(
      `${base}/exports`,
    );
    expect(exports.map((e) => e.format)).toEqual(['pdf', 'fhir-document']);
    expect(exports[0]).toMatchObject({ by: 'Sköterska A', role: 'nurse' });
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE patient_id = $1 AND action LIKE '%/exports'`,
      [t.fixture.patientA],
    );
    expect(rows[0]!.n).toBe(3);
  });
});
