import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import type { ChatMessageEvent } from '../events/bus';
import { ACTING_FOR_COOKIE } from '../relatives/acting-for';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';
import { sniffType } from './attachments';

type Headers = Record<string, string>;
// The smallest valid PNG: signature, IHDR 1×1, IDAT, IEND.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

describe('sniffType', () => {
  it.each([
    [PNG, 'image/png'],
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    [PDF, 'application/pdf'],
    [Buffer.from('MZ\x90\x00 a program'), undefined],
    [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), undefined],
    [Buffer.alloc(0), undefined],
  ])('%#', (data, type) => {
    expect(sniffType(data)).toBe(type);
  });
});

describe.each(DATABASE_KINDS)('chat (%s database)', (kind) => {
  let t: TestContext;
  let patient: Headers;
  let nurse: Headers;
  let otherNurse: Headers;
  let threadId: string;

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    headers: Headers,
    payload?: unknown,
  ) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const auditCount = async (action: string) =>
    Number(
      (
        await t.db.query('SELECT count(*) AS n FROM audit_event WHERE patient_id = $1 AND action LIKE $2', [
          t.fixture.patientA,
          `${action} /api/chat/%`,
        ])
      ).rows[0]!.n,
    );

  beforeAll(async () => {
    t = await createTestContext(kind);
    patient = await login(t.app, 'patient.a');
    nurse = await login(t.app, 'nurse.a');
    otherNurse = await login(t.app, 'nurse.b');
  });
  afterAll(() => t.close());

  it('lets a patient open a conversation with their unit; the unit sees it unread, live', async () => {
    const events: ChatMessageEvent[] = [];
    const off = t.bus.subscribe('chat-message', (e) => events.push(e));
    const res = await call('POST', '/api/chat/threads', patient, {
      subject: 'Fråga om medicin',
      body: 'Hej! Jag undrar…',
    });
    off();
    expect(res.statusCode).toBe(201);
    threadId = json<{ threadId: string }>(res).threadId;
    expect(events).toEqual([
      expect.objectContaining({ threadId, unitId: t.fixture.unitA, side: 'patient', kind: 'text' }),
    ]);
    expect(json(await call('GET', '/api/chat/unread', nurse))).toEqual({ threads: 1, messages: 1 });
    expect(json(await call('GET', '/api/chat/unread', patient))).toEqual({ threads: 0, messages: 0 });
    const inbox = json<{ threads: { id: string; patientName: string; unread: number; assignedTo: null }[] }>(
      await call('GET', '/api/chat/threads?view=unassigned', nurse),
    );
    expect(inbox.threads).toEqual([
      expect.objectContaining({ id: threadId, patientName: 'Test Testsson', unread: 1, assignedTo: null }),
    ]);
  });

  it('keeps conversations to the patient and the unit', async () => {
    expect(json<{ threads: unknown[] }>(await call('GET', '/api/chat/threads', otherNurse)).threads).toEqual(
      [],
    );
    expect((await call('GET', `/api/chat/threads/${threadId}`, otherNurse)).statusCode).toBe(404);
    const patientB = await login(t.app, 'patient.b');
    expect((await call('GET', `/api/chat/threads/${threadId}`, patientB)).statusCode).toBe(404);
    expect(
      (await call('POST', `/api/chat/threads/${threadId}/messages`, patientB, { body: 'x' })).statusCode,
    ).toBe(404);
    expect((await call('GET', '/api/chat/threads', { 'x-requested-with': 'hemma' })).statusCode).toBe(401);
  });

  it('assigns a responsible nurse, answers with a note and a reply; the patient never sees the note', async () => {
    const assigned = await call('PUT', `/api/chat/threads/${threadId}/assignee`, nurse, {
      accountId: t.fixture.nurseA,
    });
    expect(assigned.statusCode).toBe(200);
    expect(json(assigned)).toMatchObject({ assignedTo: { id: t.fixture.nurseA, name: 'Sköterska A' } });
    const wrong = await call('PUT', `/api/chat/threads/${threadId}/assignee`, nurse, {
      accountId: (await t.db.query(`SELECT id FROM account WHERE username = 'nurse.b'`)).rows[0]!.id,
    });
    expect(wrong.statusCode).toBe(400);
    // Patients cannot assign.
    expect(
      (await call('PUT', `/api/chat/threads/${threadId}/assignee`, patient, { accountId: null })).statusCode,
    ).toBe(403);

    const opened = json<{ messages: { read: boolean; side: string }[] }>(
      await call('GET', `/api/chat/threads/${threadId}`, nurse),
    );
    expect(opened.messages).toHaveLength(1);
    expect(json(await call('GET', '/api/chat/unread', nurse))).toEqual({ threads: 0, messages: 0 });

    const note = await call('POST', `/api/chat/threads/${threadId}/messages`, nurse, {
      kind: 'note',
      body: 'INTERN: ring upp om BT fortsatt högt',
    });
    expect(note.statusCode).toBe(201);
    const reply = await call('POST', `/api/chat/threads/${threadId}/messages`, nurse, {
      body: 'Hej! Fortsätt som vanligt.',
    });
    expect(reply.statusCode).toBe(201);
    // The patient's first message now carries a read receipt.
    expect(json(await call('GET', '/api/chat/unread', patient))).toEqual({ threads: 1, messages: 1 });
    const seen = await call('GET', `/api/chat/threads/${threadId}`, patient);
    expect(seen.body).not.toContain('INTERN');
    const view = json<{ messages: { kind: string; body: string; read: boolean; side: string }[] }>(seen);
    expect(view.messages.map((m) => [m.side, m.kind, m.body])).toEqual([
      ['patient', 'text', 'Hej! Jag undrar…'],
      ['staff', 'text', 'Hej! Fortsätt som vanligt.'],
    ]);
    expect(view.messages[0]!.read).toBe(true);
    expect(JSON.stringify(view)).not.toContain('delivery');
    expect(json(await call('GET', '/api/chat/unread', patient))).toEqual({ threads: 0, messages: 0 });
    // Staff see the note, the reply's read receipt and its notification's delivery status.
    const staffView = json<{ messages: { kind: string; read: boolean; delivery?: { channel: string }[] }[] }>(
      await call('GET', `/api/chat/threads/${threadId}`, nurse),
    );
    expect(staffView.messages.map((m) => m.kind)).toEqual(['text', 'note', 'text']);
    expect(staffView.messages[2]!.read).toBe(true);
    // Push is on by default, but the patient has no subscription: only in-app.
    expect(staffView.messages[2]!.delivery!.map((d) => d.channel)).toEqual(['in-app']);
    // A note causes no notification; the reply one per channel the patient has on and can be reached by.
    const outbox = await t.db.query('SELECT channel, kind FROM notification_outbox WHERE patient_id = $1', [
      t.fixture.patientA,
    ]);
    expect(outbox.rows).toEqual([{ channel: 'in-app', kind: 'message' }]);
  });

  it('never streams internal notes to the patient side', async () => {
    const received: ChatMessageEvent[] = [];
    const off = t.bus.subscribe('chat-message', (e) => received.push(e));
    await call('POST', `/api/chat/threads/${threadId}/messages`, nurse, {
      kind: 'note',
      body: 'bara personal',
    });
    off();
    expect(received).toEqual([expect.objectContaining({ kind: 'note', side: 'staff' })]);
    // The stream filter: the patient side drops notes (see chat/events.ts); exercised through the route.
    const res = await t.app.inject({ method: 'GET', url: `/api/chat/threads/${threadId}`, headers: patient });
    expect(res.body).not.toContain('bara personal');
  });

  it('refuses notes, links and visit requests from patients, and empty messages', async () => {
    for (const kind of ['note', 'video', 'visit-request']) {
      const res = await call('POST', `/api/chat/threads/${threadId}/messages`, patient, { kind, body: 'x' });
      expect(res.statusCode).toBe(403);
    }
    const empty = await call('POST', `/api/chat/threads/${threadId}/messages`, patient, { body: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    const unknown = await call('POST', `/api/chat/threads/${threadId}/messages`, patient, {
      body: 'x',
      extra: 1,
    });
    expect(unknown.statusCode).toBe(400);
  });

  it('sends a video link from the configured template and a visit request', async () => {
    const video = await call('POST', `/api/chat/threads/${threadId}/messages`, nurse, { kind: 'video' });
    expect(video.statusCode).toBe(201);
    await call('POST', `/api/chat/threads/${threadId}/messages`, nurse, {
      kind: 'visit-request',
      body: 'Kan du komma tisdag 10:00?',
    });
    const view = json<{ messages: { kind: string; videoUrl: string | null }[] }>(
      await call('GET', `/api/chat/threads/${threadId}`, patient),
    );
    const link = view.messages.find((m) => m.kind === 'video')!.videoUrl!;
    expect(link).toMatch(/^https:\/\/meet\.jit\.si\/hemma-[A-Za-z0-9_-]{16}$/);
    expect(view.messages.map((m) => m.kind)).toContain('visit-request');
  });

  it('refers to a measurement or alert of the same patient only', async () => {
    const saved = await call(
      'POST',
      '/api/patient/measurements',
      { ...patient, 'idempotency-key': 'chat-ref-1' },
      {
        measurements: [{ code: '8867-4', value: 72 }],
      },
    );
    expect(saved.statusCode).toBeLessThan(300);
    const obs = (
      await t.db.query('SELECT id FROM observation WHERE patient_id = $1 LIMIT 1', [t.fixture.patientA])
    ).rows[0]!.id as string;
    const ok = await call('POST', `/api/chat/threads/${threadId}/messages`, patient, {
      body: 'Se värdet',
      observationId: obs,
    });
    expect(ok.statusCode).toBe(201);
    const other = await call('POST', `/api/chat/threads/${threadId}/messages`, patient, {
      body: 'x',
      observationId: '0190f0f0-0000-7000-8000-000000000000',
    });
    expect(other.statusCode).toBe(400);
  });

  it('stores a message once when the same Idempotency-Key is retried', async () => {
    const headers = { ...patient, 'idempotency-key': 'msg-retry-1' };
    const first = await call('POST', `/api/chat/threads/${threadId}/messages`, headers, { body: 'En gång' });
    const again = await call('POST', `/api/chat/threads/${threadId}/messages`, headers, { body: 'En gång' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(json(again)).toEqual(json(first));
    const n = await t.db.query(`SELECT count(*) AS n FROM chat_message WHERE body = 'En gång'`);
    expect(n.rows[0]!.n).toBe(1);
  });

  it('accepts PNG and PDF attachments checked by content, serves them only to the conversation', async () => {
    const upload = (body: Buffer, type: string, who: Headers = patient, name = 'bild.png') =>
      t.app.inject({
        method: 'POST',
        url: `/api/chat/threads/${threadId}/attachments`,
        headers: { ...who, 'content-type': type, 'x-filename': encodeURIComponent(name) },
        payload: body,
      });
    const png = await upload(PNG, 'image/png', patient, 'sår på benet.png');
    expect(png.statusCode).toBe(201);
    const { id } = json<{ id: string }>(png);
    // A program renamed to .png, a PNG declared as PDF, and anything over 5 MB are refused.
    expect((await upload(Buffer.from('MZ\x90\x00rest'), 'image/png')).statusCode).toBe(415);
    expect((await upload(PNG, 'application/pdf')).statusCode).toBe(415);
    expect(
      (await upload(Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]), 'application/pdf')).statusCode,
    ).toBe(413);
    expect((await upload(PNG, 'text/html')).statusCode).toBe(415);
    // Before it is sent only the uploader sees it.
    expect((await call('GET', `/api/chat/attachments/${id}`, nurse)).statusCode).toBe(404);
    const sent = await call('POST', `/api/chat/threads/${threadId}/messages`, patient, {
      body: 'Bild',
      attachmentIds: [id],
    });
    expect(sent.statusCode).toBe(201);
    // Sending it twice is refused.
    expect(
      (
        await call('POST', `/api/chat/threads/${threadId}/messages`, patient, {
          body: 'igen',
          attachmentIds: [id],
        })
      ).statusCode,
    ).toBe(400);
    const got = await call('GET', `/api/chat/attachments/${id}`, nurse);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toBe(
      `inline; filename="s_r p_ benet.png"; filename*=UTF-8''${encodeURIComponent('sår på benet.png')}`,
    );
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toBe('private, no-store');
    expect((await call('GET', `/api/chat/attachments/${id}`, otherNurse)).statusCode).toBe(404);

    // A PDF on an internal note: staff only.
    const pdf = await upload(PDF, 'application/pdf', nurse, 'remiss.pdf');
    const pdfId = json<{ id: string }>(pdf).id;
    await call('POST', `/api/chat/threads/${threadId}/messages`, nurse, {
      kind: 'note',
      body: 'remiss',
      attachmentIds: [pdfId],
    });
    const staffPdf = await call('GET', `/api/chat/attachments/${pdfId}`, nurse);
    expect(staffPdf.headers['content-type']).toBe('application/pdf');
    expect(staffPdf.headers['content-disposition']).toMatch(/^attachment; filename="remiss.pdf"/);
    expect((await call('GET', `/api/chat/attachments/${pdfId}`, patient)).statusCode).toBe(404);
  });

  it('audits every read and write of a conversation', async () => {
    const reads = await auditCount('read');
    const creates = await auditCount('create');
    await call('GET', `/api/chat/threads/${threadId}`, nurse);
    await call('POST', `/api/chat/threads/${threadId}/messages`, nurse, { body: 'Audit' });
    expect(await auditCount('read')).toBe(reads + 1);
    expect(await auditCount('create')).toBe(creates + 1);
  });

  it('keeps quick-reply templates per unit and language, editable by the unit', async () => {
    const created = await call('POST', '/api/chat/templates', nurse, {
      unitId: t.fixture.unitA,
      locale: 'sv',
      title: 'Tack',
      body: 'Tack för ditt meddelande, vi återkommer i dag.',
    });
    expect(created.statusCode).toBe(201);
    const { id } = json<{ id: string }>(created);
    const edited = await call('PUT', `/api/chat/templates/${id}`, nurse, {
      unitId: t.fixture.unitA,
      locale: 'sv',
      title: 'Tack',
      body: 'Tack! Vi hör av oss.',
    });
    expect(edited.statusCode).toBe(200);
    expect(
      json<{ templates: { body: string }[] }>(await call('GET', '/api/chat/templates?locale=sv', nurse))
        .templates,
    ).toEqual([expect.objectContaining({ id, body: 'Tack! Vi hör av oss.' })]);
    expect(
      json<{ templates: unknown[] }>(await call('GET', '/api/chat/templates', otherNurse)).templates,
    ).toEqual([]);
    expect(
      (
        await call('PUT', `/api/chat/templates/${id}`, otherNurse, {
          unitId: t.fixture.unitB,
          locale: 'sv',
          title: 'x',
          body: 'x',
        })
      ).statusCode,
    ).toBe(404);
    expect((await call('GET', '/api/chat/templates', patient)).statusCode).toBe(403);
    expect((await call('DELETE', `/api/chat/templates/${id}`, nurse)).statusCode).toBe(204);
  });

  it('lets a relative with the message right write for the patient, and no other relative', async () => {
    const relative = async (username: string, canMessage: boolean) => {
      const id = uuidv7();
      const grant = uuidv7();
      await t.db.query(
        `INSERT INTO account (id, username, password_hash, role, display_name) VALUES ($1, $2, $3, 'proxy', $2)`,
        [id, username, await hashPassword('secret-password')],
      );
      await t.db.query(
        `INSERT INTO relative_grant (id, patient_id, proxy_account_id, can_view, can_record, can_message)
         VALUES ($1, $2, $3, true, false, $4)`,
        [grant, t.fixture.patientA, id, canMessage],
      );
      const headers = await login(t.app, username);
      return { ...headers, cookie: `${headers.cookie}; ${ACTING_FOR_COOKIE}=${grant}` };
    };
    const son = await relative('sonen', true);
    const friend = await relative('vannen', false);
    const threads = json<{ threads: { id: string }[] }>(await call('GET', '/api/chat/threads', son)).threads;
    expect(threads.map((x) => x.id)).toContain(threadId);
    const sent = await call('POST', `/api/chat/threads/${threadId}/messages`, son, {
      body: 'Mamma undrar också.',
    });
    expect(sent.statusCode).toBe(201);
    const view = json<{ messages: { body: string; side: string; authorName: string }[] }>(
      await call('GET', `/api/chat/threads/${threadId}`, nurse),
    );
    expect(view.messages.at(-1)).toMatchObject({
      body: 'Mamma undrar också.',
      side: 'patient',
      authorName: 'sonen',
    });
    const sonView = await call('GET', `/api/chat/threads/${threadId}`, son);
    expect(sonView.body).not.toContain('bara personal');
    expect((await call('GET', '/api/chat/threads', friend)).statusCode).toBe(403);
    expect(
      (await call('POST', `/api/chat/threads/${threadId}/messages`, friend, { body: 'x' })).statusCode,
    ).toBe(403);
  });

  it('lets staff start a conversation with a patient of their unit only', async () => {
    const ok = await call('POST', '/api/chat/threads', nurse, {
      subject: 'Uppföljning',
      body: 'Hur mår du?',
      patientId: t.fixture.patientA,
    });
    expect(ok.statusCode).toBe(201);
    const no = await call('POST', '/api/chat/threads', nurse, {
      subject: 'x',
      body: 'x',
      patientId: t.fixture.patientB,
    });
    expect(no.statusCode).toBe(404);
  });
});
