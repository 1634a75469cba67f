import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';
import { type DueSource, generateReminders } from './reminders';

describe.each(DATABASE_KINDS)('notification settings and reminders (%s database)', (kind) => {
  let t: TestContext;
  let patient: Record<string, string>;

  beforeAll(async () => {
    t = await createTestContext(kind);
    patient = await login(t.app, 'patient.a');
  });
  afterAll(() => t.close());

  const settings = {
    inApp: true,
    push: false,
    email: true,
    sms: false,
    emailAddress: 'a@example.test',
    quietStart: 22,
    quietEnd: 7,
    reminders: true,
    reminderTime: '18:30',
  };

  it('returns defaults, then the patient’s own choices', async () => {
    const before = json(
      await t.app.inject({ method: 'GET', url: '/api/patient/notification-settings', headers: patient }),
    );
    expect(before).toMatchObject({
      inApp: true,
      push: true,
      email: false,
      sms: false,
      quietStart: 21,
      quietEnd: 8,
      reminderTime: '09:00',
    });
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/patient/notification-settings',
      headers: patient,
      payload: settings,
    });
    expect(put.statusCode).toBe(200);
    const after = json(
      await t.app.inject({ method: 'GET', url: '/api/patient/notification-settings', headers: patient }),
    );
    expect(after).toMatchObject({ ...settings, timeZone: 'Europe/Stockholm' });
    const audited = await t.db.query(
      `SELECT count(*) AS n FROM audit_event WHERE patient_id = $1 AND action = 'update /api/patient/notification-settings'`,
      [t.fixture.patientA],
    );
    expect(audited.rows[0]!.n).toBe(1);
  });

  it('answers 400 to settings that cannot work', async () => {
    for (const bad of [
      { ...settings, emailAddress: null },
      { ...settings, emailAddress: 'not-an-address' },
      { ...settings, quietStart: 24 },
      { ...settings, reminderTime: '25:00' },
      { ...settings, timeZone: 'Mars/Olympus' },
    ]) {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/patient/notification-settings',
        headers: patient,
        payload: bad,
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('keeps a Web Push subscription of the patient’s browser', async () => {
    const sub = {
      endpoint: 'https://push.example.test/sub/1',
      keys: { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) },
    };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/patient/push/subscriptions',
      headers: patient,
      payload: sub,
    });
    expect(res.statusCode).toBe(201);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/patient/push/subscriptions',
      headers: patient,
      payload: sub,
    });
    expect(again.statusCode).toBe(201);
    const { rows } = await t.db.query('SELECT endpoint FROM push_subscription WHERE patient_id = $1', [
      t.fixture.patientA,
    ]);
    expect(rows).toEqual([{ endpoint: sub.endpoint }]);
    const plain = await t.app.inject({
      method: 'POST',
      url: '/api/patient/push/subscriptions',
      headers: patient,
      payload: { ...sub, endpoint: 'http://push.example.test/x' },
    });
    expect(plain.statusCode).toBe(400);
  });

  it('is for patients only', async () => {
    const nurse = await login(t.app, 'nurse.a');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/patient/notification-settings',
      headers: nurse,
    });
    expect(res.statusCode).toBe(403);
  });

  it('batches everything due into one reminder digest a day, after the patient’s reminder time', async () => {
    const due: DueSource = async (_db, ids) =>
      new Map(
        ids.map((id) => [
          id,
          [
            { kind: 'measurement-due', code: '85354-9' },
            { kind: 'measurement-overdue', code: '29463-7' },
            { kind: 'questionnaire-due', code: 'phq-9' },
          ],
        ]),
      );
    // patient.a: reminders at 18:30 Stockholm; patient.b: the default 09:00.
    const morning = new Date('2026-03-10T09:00:00Z'); // 10:00 local
    expect(await generateReminders(t.db, morning, due)).toBe(1);
    const rows = async () =>
      (
        await t.db.query<{ patient_id: string; channel: string; detail: { count: number } }>(
          `SELECT patient_id, channel, detail FROM notification_outbox WHERE kind = 'reminder' ORDER BY patient_id, channel`,
        )
      ).rows;
    expect(await rows()).toEqual([
      // Push is on by default, but patient.b has no subscription.
      { patient_id: t.fixture.patientB, channel: 'in-app', detail: { count: 3 } },
    ]);
    // Running again the same day adds nothing; after 18:30 patient.a gets theirs.
    expect(await generateReminders(t.db, new Date('2026-03-10T12:00:00Z'), due)).toBe(0);
    expect(await generateReminders(t.db, new Date('2026-03-10T17:30:00Z'), due)).toBe(1);
    expect((await rows()).filter((r) => r.patient_id === t.fixture.patientA).map((r) => r.channel)).toEqual([
      'email',
      'in-app',
    ]);
    // Reminders switched off: nothing the next day.
    await t.app.inject({
      method: 'PUT',
      url: '/api/patient/notification-settings',
      headers: patient,
      payload: { ...settings, reminders: false },
    });
    await generateReminders(t.db, new Date('2026-03-11T18:00:00Z'), due);
    expect((await rows()).filter((r) => r.patient_id === t.fixture.patientA)).toHaveLength(2);
    // patient.b, reminders still on, gets the next day's digest.
    expect((await rows()).filter((r) => r.patient_id === t.fixture.patientB)).toHaveLength(2);
  });

  it('by default reminds patients who have not measured for a day', async () => {
    await t.db.query(`DELETE FROM notification_outbox WHERE kind = 'reminder'`);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/patient/measurements',
      headers: { ...patient, 'idempotency-key': 'rem-1' },
      payload: { measurements: [{ code: '8867-4', value: 70 }] },
    });
    expect(res.statusCode).toBeLessThan(300);
    await t.app.inject({
      method: 'PUT',
      url: '/api/patient/notification-settings',
      headers: patient,
      payload: { ...settings, reminderTime: '00:00' },
    });
    await t.db.query(`INSERT INTO notification_preference (patient_id, reminder_time) VALUES ($1, '00:00')`, [
      t.fixture.patientB,
    ]);
    // patient.a measured just now; patient.b never has.
    expect(await generateReminders(t.db, new Date())).toBe(1);
    const { rows } = await t.db.query('SELECT DISTINCT patient_id FROM notification_outbox WHERE kind = $1', [
      'reminder',
    ]);
    expect(rows).toEqual([{ patient_id: t.fixture.patientB }]);
  });

  it('lists delivered in-app notifications to the patient and marks them read', async () => {
    const { deliverDueNotifications } = await import('./outbox');
    const { inAppChannel } = await import('./channels/in-app');
    await deliverDueNotifications(
      t.db,
      new Date(Date.now() + 86_400_000),
      { 'in-app': inAppChannel },
      { publicUrl: 'x' },
    );
    const patientB = await login(t.app, 'patient.b');
    const list = json<{ notifications: { kind: string; read: boolean; count: number }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/patient/notifications', headers: patientB }),
    );
    expect(list.notifications[0]).toMatchObject({ kind: 'reminder', read: false, count: 1 });
    await t.app.inject({
      method: 'POST',
      url: '/api/patient/notifications/read',
      headers: patientB,
      payload: {},
    });
    const again = json<{ notifications: { read: boolean }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/patient/notifications', headers: patientB }),
    );
    expect(again.notifications.every((n) => n.read)).toBe(true);
  });
});
