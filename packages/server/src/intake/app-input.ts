import { type MeasurementInput, normalizeMeasurement, type Source, type ValidationIssue } from '@hemma/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditEntry } from '../access/patient-access';
import { userOf } from '../auth/actor';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { badRequest, notFound } from '../http/problem';
import { reachableIntakeContexts } from './context';
import { type IntakeItem, ingest } from './intake';

// A device clock a few minutes fast should not lose a value; anything further ahead is a mistake.
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** One measurement as the app (and the patient's own imports) send it: core's MeasurementInput. */
export const measurementInputSchema = {
  type: 'object',
  required: ['code'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', maxLength: 40 },
    value: { type: 'number' },
    unit: { type: 'string', maxLength: 40 },
    components: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        required: ['code', 'value'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', maxLength: 40 },
          value: { type: 'number' },
          unit: { type: 'string', maxLength: 40 },
        },
      },
    },
  },
} as const;

export const measurementsBodySchema = {
  type: 'object',
  required: ['measurements'],
  additionalProperties: false,
  properties: {
    measurements: { type: 'array', minItems: 1, maxItems: 20, items: measurementInputSchema },
    effectiveAt: { type: 'string', format: 'date-time' },
    // The device the values were read from (Bluetooth Device Information), stored with each value.
    device: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        manufacturer: { type: 'string', minLength: 1, maxLength: 100 },
        model: { type: 'string', minLength: 1, maxLength: 100 },
        serial: { type: 'string', minLength: 1, maxLength: 100 },
      },
    },
  },
} as const;

export interface DeviceInfo {
  manufacturer?: string;
  model?: string;
  serial?: string;
}

/** The observation's device_id: "manufacturer|model|serial" (empty parts kept, so the fields stay apart). */
export const deviceIdOf = (d: DeviceInfo | undefined): string | null =>
  d ? [d.manufacturer ?? '', d.model ?? '', d.serial ?? ''].join('|') : null;

export const idempotencyHeaderSchema = {
  type: 'object',
  required: ['idempotency-key'],
  properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** Validates an app submission; either every measurement is valid or none is stored. */
export function appSubmissionToItems(
  body: { measurements: MeasurementInput[]; effectiveAt?: string; device?: DeviceInfo },
  idempotencyKey: string,
  now: Date,
): IntakeItem[] {
  const issues: ValidationIssue[] = [];
  const effectiveAt = body.effectiveAt ? new Date(body.effectiveAt) : now;
  if (effectiveAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    issues.push({
      field: 'effectiveAt',
      kind: 'out-of-range',
      given: body.effectiveAt,
      allowed: 'a time that is not in the future',
      message: 'effectiveAt is in the future; give the time the measurement was taken.',
    });
  }
  const items: IntakeItem[] = [];
  body.measurements.forEach((input, i) => {
    const result = normalizeMeasurement(input);
    if (!result.ok) {
      for (const issue of result.issues) {
        issues.push({
          ...issue,
          field: `measurements[${i}].${issue.field}`,
          message: `measurements[${i}].${issue.message}`,
        });
      }
      return;
    }
    items.push({
      measurement: result.value,
      effectiveAt: effectiveAt.toISOString(),
      idempotencyKey: `app:${idempotencyKey}#${i}`,
      deviceId: deviceIdOf(body.device),
    });
  });
  if (issues.length > 0) throw badRequest(issues.map((i) => i.message).join(' '), issues);
  return items;
}

/** Handles an app submission (patient or staff on the patient's behalf): validate all, check access,
 *  ingest, and answer 201 — or 200 when every measurement was a retry of an earlier submission. */
export async function recordSubmission(
  ctx: { db: Database; bus: EventBus },
  req: FastifyRequest,
  reply: FastifyReply,
  patientId: string,
  source: Source,
) {
  const body = req.body as { measurements: MeasurementInput[]; effectiveAt?: string; device?: DeviceInfo };
  const items = appSubmissionToItems(body, req.headers['idempotency-key'] as string, new Date());
  // The access decision (as checkPatientAccess) read with the patient's limits and care plan.
  const contexts = await reachableIntakeContexts(ctx.db, req, [patientId]);
  if (!contexts.has(patientId)) throw notFound('Patient');
  const results = await ingest(
    ctx.db,
    ctx.bus,
    {
      patientId,
      items,
      // Read from a device by the app: the device, not the person, produced the number.
      source: body.device ? 'device' : source,
      enteredBy: userOf(req).accountId,
      clientId: null,
      auditEntry: auditEntry(req, patientId, 'create'),
    },
    contexts,
  );
  return reply.code(results.some((r) => r.created) ? 201 : 200).send({
    results: results.map((r) => ({ observation: r.observation, evaluation: r.evaluation })),
  });
}
