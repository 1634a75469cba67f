import { createHmac } from 'node:crypto';
import {
  analyzeSmsReport,
  findMeasurement,
  groupSmsObservations,
  type Lang,
  type MeasurementInput,
  normalizeMeasurement,
  smsReply,
  smsUnknownSenderReply,
} from '@hemma/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { hashToken, safeEqual } from '../auth/tokens';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { HttpProblem } from '../http/problem';
import { routeLimit } from '../http/rate-limit';
import { type IntakeItem, ingest } from '../intake/intake';
import { normalizePhone } from './phone';

export const SMS_SECRET_HEADER = 'x-hemma-sms-secret';

type Outcome = 'stored' | 'not-understood' | 'unknown-sender';

interface InboundSms {
  from: string;
  to?: string;
  text: string;
  messageId: string;
}

const inboundSchema = {
  type: 'object',
  required: ['from', 'text', 'messageId'],
  properties: {
    from: { type: 'string', minLength: 1, maxLength: 40 },
    to: { type: 'string', maxLength: 40 },
    // Long texts are answered with "too long" by the parser; the limit only bounds the request.
    text: { type: 'string', maxLength: 5000 },
    messageId: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

/**
 * Inbound SMS webhook: the SMS provider posts each message a patient texts to the unit's number and
 * sends our `reply` back to the patient. Authenticated by a shared secret. A verified number of an
 * enrolled patient has its values parsed (`@hemma/core` parseSmsReport), stored with source `sms`
 * through `ingest()` — evaluated and alerted like any other channel — and confirmed; anything not
 * understood stores nothing and the reply says how to write it. Other numbers get a neutral reply.
 * No message text or phone number is stored or logged; `sms_message` keeps a keyed hash of the sender.
 */
export async function smsRoutes(app: FastifyInstance, opts: { db: Database; bus: EventBus; config: Config }) {
  const { db, bus, config } = opts;

  app.addHook('onRequest', async (req) => {
    const secret = config.smsSecret;
    if (!secret) {
      throw new HttpProblem(
        503,
        'SMS reporting not configured',
        'Set HEMMA_SMS_SECRET to enable SMS reporting.',
      );
    }
    const given = req.headers[SMS_SECRET_HEADER];
    // Hashes have equal length, so the comparison takes the same time whatever was sent.
    if (typeof given !== 'string' || !safeEqual(hashToken(given), hashToken(secret))) {
      throw new HttpProblem(401, 'Unauthorized', `The ${SMS_SECRET_HEADER} header is missing or wrong.`);
    }
  });

  app.post(
    '/api/sms/inbound',
    {
      schema: {
        body: inboundSchema,
        response: {
          200: { type: 'object', required: ['reply'], properties: { reply: { type: 'string' } } },
        },
      },
      ...routeLimit(config.rateLimit, config.rateLimit.sms),
    },
    async (req) => {
      const sms = req.body as InboundSms;
      const phone = normalizePhone(sms.from);
      const fromHash = createHmac('sha256', config.smsSecret!)
        .update(phone ?? sms.from)
        .digest('base64url');
      const record = (outcome: Outcome, patientId: string | null) =>
        db.query(
          `INSERT INTO sms_message (id, from_hash, provider_message_id, outcome, patient_id)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider_message_id) DO NOTHING`,
          [uuidv7(), fromHash, sms.messageId, outcome, patientId],
        );

      const sender = phone ? await findSender(db, phone) : undefined;
      if (!sender) {
        await record('unknown-sender', null);
        return { reply: smsUnknownSenderReply() };
      }
      const lang = sender.locale;
      const analysis = analyzeSmsReport(sms.text);
      if (!analysis.ok) {
        await record('not-understood', sender.patientId);
        return { reply: smsReply(analysis, lang) };
      }
      const effectiveAt = new Date().toISOString();
      const items: IntakeItem[] = groupSmsObservations(analysis.observations).map((m, index) => ({
        measurement: toMeasurement(m.key, m.values, m.unit),
        effectiveAt,
        // A provider retrying the same message must not store the values twice.
        idempotencyKey: `sms:${sms.messageId}:${index}`,
      }));
      await ingest(db, bus, {
        patientId: sender.patientId,
        items,
        source: 'sms',
        enteredBy: sender.accountId,
        clientId: null,
      });
      await audit(db, req, sender);
      await record('stored', sender.patientId);
      return { reply: smsReply(analysis, lang) };
    },
  );
}

interface Sender {
  patientId: string;
  accountId: string | null;
  locale: Lang;
}

/** The patient whose verified number this is, if they are enrolled somewhere (someone reads the values). */
async function findSender(db: Database, phone: string): Promise<Sender | undefined> {
  const { rows } = await db.query<{ patient_id: string; account_id: string | null; locale: Lang | null }>(
    `SELECT pp.patient_id, p.account_id, a.locale
     FROM patient_phone pp
     JOIN patient p ON p.id = pp.patient_id
     LEFT JOIN account a ON a.id = p.account_id
     WHERE pp.phone_e164 = $1 AND pp.verified_at IS NOT NULL
       AND EXISTS (SELECT 1 FROM enrolment e WHERE e.patient_id = pp.patient_id AND e.status = 'active')`,
    [phone],
  );
  const row = rows[0];
  return row
    ? { patientId: row.patient_id, accountId: row.account_id, locale: row.locale ?? 'sv' }
    : undefined;
}

/** The parsed values as one measurement for intake; blood pressure as the 85354-9 panel. */
function toMeasurement(key: string, values: number[], unit: string) {
  const def = findMeasurement(key)!;
  const input: MeasurementInput = def.components
    ? {
        code: def.loinc,
        components: def.components.map((c, i) => ({ code: c.loinc, value: values[i]!, unit })),
      }
    : { code: def.loinc, value: values[0]!, unit };
  const result = normalizeMeasurement(input);
  // The parser validated these same values with the same function; failing here is a bug.
  if (!result.ok) throw new Error(`SMS value of ${def.loinc} did not validate a second time`);
  return result.value;
}

/** The patient wrote their own data, from their verified phone. */
async function audit(db: Database, req: FastifyRequest, sender: Sender) {
  await db.query(
    `INSERT INTO audit_event (id, patient_id, actor_account_id, actor_role, action, remote_addr)
     VALUES ($1, $2, $3, 'patient-sms', $4, $5)`,
    [uuidv7(), sender.patientId, sender.accountId, `create ${req.routeOptions.url}`, req.ip],
  );
}
