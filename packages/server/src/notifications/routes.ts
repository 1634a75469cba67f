import type { FastifyInstance } from 'fastify';
import { assertPatientAccess, audit, checkPatientAccess } from '../access/patient-access';
import { RULES } from '../access/rules';
import { userOf } from '../auth/actor';
import type { Database } from '../db/database';
import { badRequest } from '../http/problem';
import { type NotificationConfig, resolveVapid } from './config';
import { getPreferences, type Preferences, setPreferences } from './preferences';

const hour = { type: 'integer', minimum: 0, maximum: 23 } as const;
const preferencesSchema = {
  type: 'object',
  required: ['inApp', 'push', 'email', 'sms', 'quietStart', 'quietEnd', 'reminders', 'reminderTime'],
  additionalProperties: false,
  properties: {
    inApp: { type: 'boolean' },
    push: { type: 'boolean' },
    email: { type: 'boolean' },
    sms: { type: 'boolean' },
    emailAddress: { type: ['string', 'null'], maxLength: 254 },
    quietStart: hour,
    quietEnd: hour,
    timeZone: { type: 'string', maxLength: 64 },
    reminders: { type: 'boolean' },
    reminderTime: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' },
  },
} as const;

// The patient's own settings: a relative does not change how the patient is contacted.
const own = { access: RULES.patientOnly } as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The patient's own notification settings, in-app notifications and Web Push subscriptions. */
export async function notificationRoutes(
  app: FastifyInstance,
  opts: { db: Database; config: NotificationConfig },
) {
  const { db, config } = opts;
  const me = (req: Parameters<typeof userOf>[0]) => userOf(req).patientId!;

  app.get(
    '/api/patient/notification-settings',
    { config: own, schema: { querystring: { type: 'object', additionalProperties: false } } },
    async (req) => {
      const patientId = me(req);
      await assertPatientAccess(db, req, patientId, 'read');
      const [prefs, phone] = await Promise.all([
        getPreferences(db, patientId),
        db.query('SELECT 1 FROM patient_phone WHERE patient_id = $1 AND verified_at IS NOT NULL', [
          patientId,
        ]),
      ]);
      return {
        ...prefs,
        available: {
          push: Boolean(config.vapid || config.vapidFile),
          email: Boolean(config.smtpUrl),
          sms: config.smsProvider !== 'none' && phone.rows.length > 0,
        },
      };
    },
  );

  app.put(
    '/api/patient/notification-settings',
    { config: own, schema: { body: preferencesSchema } },
    async (req) => {
      const patientId = me(req);
      await checkPatientAccess(db, req, patientId);
      const body = req.body as Omit<Preferences, 'timeZone'> & { timeZone?: string };
      const emailAddress = body.emailAddress?.trim() || null;
      if (body.email && !emailAddress)
        throw badRequest('Give an e-mail address to get notifications by e-mail.');
      if (emailAddress && !EMAIL.test(emailAddress))
        throw badRequest('The e-mail address does not look right.');
      const timeZone = body.timeZone ?? 'Europe/Stockholm';
      try {
        new Intl.DateTimeFormat('en', { timeZone });
      } catch {
        throw badRequest('Unknown time zone.');
      }
      const prefs: Preferences = { ...body, emailAddress, timeZone };
      await db.tx(async (tx) => {
        await setPreferences(tx, patientId, prefs);
        await audit(tx, req, patientId, 'update');
      });
      return prefs;
    },
  );

  app.get(
    '/api/patient/push/key',
    { config: own, schema: { querystring: { type: 'object', additionalProperties: false } } },
    async () => ({
      publicKey: resolveVapid(config)?.publicKey ?? null,
    }),
  );

  app.post(
    '/api/patient/push/subscriptions',
    {
      config: own,
      schema: {
        body: {
          type: 'object',
          required: ['endpoint', 'keys'],
          properties: {
            endpoint: { type: 'string', pattern: '^https://', maxLength: 2000 },
            keys: {
              type: 'object',
              required: ['p256dh', 'auth'],
              properties: {
                p256dh: { type: 'string', minLength: 40, maxLength: 200 },
                auth: { type: 'string', minLength: 10, maxLength: 100 },
              },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const patientId = me(req);
      await checkPatientAccess(db, req, patientId);
      const { endpoint, keys } = req.body as { endpoint: string; keys: { p256dh: string; auth: string } };
      await db.tx(async (tx) => {
        await tx.query(
          `INSERT INTO push_subscription (patient_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)
           ON CONFLICT (patient_id, endpoint) DO UPDATE SET p256dh = $3, auth = $4`,
          [patientId, endpoint, keys.p256dh, keys.auth],
        );
        await audit(tx, req, patientId, 'create');
      });
      return reply.code(201).send({ ok: true });
    },
  );

  app.get(
    '/api/patient/notifications',
    { config: own, schema: { querystring: { type: 'object', additionalProperties: false } } },
    async (req) => {
      const patientId = me(req);
      await assertPatientAccess(db, req, patientId, 'read');
      const { rows } = await db.query<{
        id: string;
        kind: string;
        count: number | null;
        at: string;
        read: boolean;
      }>(
        `SELECT id, kind, (detail->>'count')::int AS count, coalesce(sent_at, created_at) AS at, read_at IS NOT NULL AS read
         FROM notification_outbox WHERE patient_id = $1 AND channel = 'in-app' AND status = 'sent'
         ORDER BY id DESC LIMIT 50`,
        [patientId],
      );
      return { notifications: rows.map((r) => ({ ...r, count: r.count ?? 1 })) };
    },
  );

  app.post(
    '/api/patient/notifications/read',
    { config: own, schema: { body: { type: 'object', additionalProperties: false } } },
    async (req, reply) => {
      const patientId = me(req);
      await checkPatientAccess(db, req, patientId);
      await db.query(
        `UPDATE notification_outbox SET read_at = now()
         WHERE patient_id = $1 AND channel = 'in-app' AND status = 'sent' AND read_at IS NULL`,
        [patientId],
      );
      return reply.code(204).send();
    },
  );
}
