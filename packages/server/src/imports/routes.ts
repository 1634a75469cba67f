import { type MeasurementInput, normalizeMeasurement } from '@hemma/core';
import type { FastifyInstance } from 'fastify';
import { audit, checkPatientAccess } from '../access/patient-access';
import type { AccessRule } from '../access/rules';
import { userOf } from '../auth/actor';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { FUTURE_TOLERANCE_MS, measurementInputSchema } from '../intake/app-input';
import { type IntakeItem, ingest } from '../intake/intake';

/** Records per request: big exports are sent in batches, each one transaction. */
export const IMPORT_BATCH_MAX = 500;

const recordAccess = { roles: ['patient', 'proxy'], proxy: 'record' } as const satisfies AccessRule;

export const importBatchSchema = {
  type: 'object',
  required: ['format', 'records'],
  additionalProperties: false,
  properties: {
    /** Which export the records come from (core imports: "apple-health", a CSV format id). */
    format: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' },
    records: {
      type: 'array',
      minItems: 1,
      maxItems: IMPORT_BATCH_MAX,
      items: {
        type: 'object',
        required: ['key', 'measurement', 'effectiveAt'],
        additionalProperties: false,
        properties: {
          /** Derived from the record's identity at its source: the same record imported again is a no-op. */
          key: { type: 'string', minLength: 1, maxLength: 100 },
          measurement: measurementInputSchema,
          effectiveAt: { type: 'string', format: 'date-time' },
          sourceName: { type: 'string', maxLength: 100 },
        },
      },
    },
  },
} as const;

interface ImportBody {
  format: string;
  records: { key: string; measurement: MeasurementInput; effectiveAt: string; sourceName?: string }[];
}

export type ImportStatus = 'created' | 'duplicate' | 'invalid';

/** A patient's own exports (Apple Health, home-device CSV), parsed on the device; see docs/patient-app.md. */
export async function importRoutes(app: FastifyInstance, opts: { db: Database; bus: EventBus }) {
  const { db, bus } = opts;

  app.post(
    '/api/patient/imports',
    { config: { access: recordAccess }, schema: { body: importBatchSchema } },
    async (req) => {
      const patientId = userOf(req).patientId!;
      const body = req.body as ImportBody;
      const now = Date.now();
      const results: { key: string; status: ImportStatus; message?: string }[] = [];
      const items: IntakeItem[] = [];
      const itemIndex: number[] = [];
      body.records.forEach((record, i) => {
        const normalized = normalizeMeasurement(record.measurement);
        const at = new Date(record.effectiveAt);
        if (!normalized.ok) {
          results[i] = {
            key: record.key,
            status: 'invalid',
            message: normalized.issues.map((x) => x.message).join(' '),
          };
        } else if (at.getTime() > now + FUTURE_TOLERANCE_MS) {
          results[i] = { key: record.key, status: 'invalid', message: 'effectiveAt is in the future.' };
        } else {
          itemIndex.push(i);
          items.push({
            measurement: normalized.value,
            effectiveAt: at.toISOString(),
            idempotencyKey: `import:${record.key}`,
            identifier: { system: `urn:hemma:import:${body.format}`, value: record.key },
            deviceId: record.sourceName ?? null,
          });
        }
      });
      await checkPatientAccess(db, req, patientId);
      if (items.length > 0) {
        const stored = await ingest(db, bus, {
          patientId,
          items,
          source: 'import',
          enteredBy: userOf(req).accountId,
          clientId: null,
          audit: (client) => audit(client, req, patientId, 'create'),
        });
        stored.forEach((r, j) => {
          const i = itemIndex[j]!;
          results[i] = { key: body.records[i]!.key, status: r.created ? 'created' : 'duplicate' };
        });
      }
      const count = (s: ImportStatus) => results.filter((r) => r.status === s).length;
      return {
        created: count('created'),
        duplicates: count('duplicate'),
        invalid: count('invalid'),
        results,
      };
    },
  );
}
