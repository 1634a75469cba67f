import { createHash } from 'node:crypto';
import { localDayNumber } from '@hemma/core';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { assertPatientAccess, audit, checkPatientAccess } from '../access/patient-access';
import { RULES } from '../access/rules';
import { patientAlerts } from '../alerts/repository';
import { userOf } from '../auth/actor';
import type { Database, Queryable } from '../db/database';
import { toIso } from '../db/database';
import { HttpProblem, notFound } from '../http/problem';
import { idParams } from '../http/schemas';
import { listMedications } from '../medications/repository';
import { listNotes } from '../staff/notes';
import { periodSummary } from '../staff/summary';
import { recordValues } from '../validation/repository';
import { buildRecordDocument, type RecordPeriod } from './document';
import { buildRecordPdf } from './pdf';

const care = { access: RULES.care } as const;
const MAX_DAYS = 400;
const MEDICATION_TIME_ZONE = 'Europe/Stockholm';
/** The Stockholm calendar date ("YYYY-MM-DD") of an instant. */
const stockholmDate = (at: Date) =>
  new Date(localDayNumber(at.getTime(), MEDICATION_TIME_ZONE) * 86_400_000).toISOString().slice(0, 10);

/** Everything the export of [from, to) contains. */
export async function gatherPeriod(
  db: Queryable,
  patientId: string,
  from: Date,
  to: Date,
): Promise<RecordPeriod> {
  const { rows } = await db.query<{ id: string; name: string; personnummer: string; birth_date: string }>(
    `SELECT id, given_name || ' ' || family_name AS name, personnummer, birth_date::text AS birth_date
     FROM patient WHERE id = $1`,
    [patientId],
  );
  const p = rows[0];
  if (!p) throw notFound('Patient');
  const values = await recordValues(db, patientId, from, to, 10_000);
  const alerts = (await patientAlerts(db, patientId, 'all', 2000)).filter(
    (a) => a.createdAt >= from.toISOString() && a.createdAt < to.toISOString(),
  );
  // Medication dates are Stockholm calendar days (UTC dates are a day behind after local midnight): in the
  // period are those started by its last day and not stopped before its first, as before.
  const firstDay = stockholmDate(from);
  const lastDay = stockholmDate(new Date(to.getTime() - 1));
  const medications = (await listMedications(db, patientId)).filter(
    (m) => m.startedOn <= lastDay && (!m.stoppedOn || m.stoppedOn >= firstDay),
  );
  const current = values.filter((v) => !v.supersededBy && v.status !== 'entered-in-error');
  return {
    patient: { id: p.id, name: p.name, personnummer: p.personnummer, birthDate: p.birth_date },
    from,
    to,
    values,
    alerts,
    notes: await listNotes(db, patientId, from, to),
    medications,
    summary: periodSummary(current, from, to),
  };
}

export function exportRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.post(
    '/api/staff/patients/:id/exports',
    {
      config: care,
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['format', 'from', 'to'],
          additionalProperties: false,
          properties: {
            format: { type: 'string', enum: ['fhir-document', 'pdf'] },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const body = req.body as { format: 'fhir-document' | 'pdf'; from: string; to: string };
      const from = new Date(body.from);
      const to = new Date(body.to);
      if (to <= from || to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) {
        throw new HttpProblem(
          422,
          'Bad period',
          `The period must be non-empty and at most ${MAX_DAYS} days.`,
        );
      }
      const user = userOf(req);
      await checkPatientAccess(db, req, id);
      const period = await gatherPeriod(db, id, from, to);
      const signer = { accountId: user.accountId, displayName: user.displayName, role: user.role };
      const now = new Date();
      const exportId = uuidv7();
      const content =
        body.format === 'pdf'
          ? Buffer.from(await buildRecordPdf(period, signer, now))
          : Buffer.from(
              JSON.stringify(
                buildRecordDocument(period, signer, { bundle: exportId, composition: uuidv7() }, now),
              ),
            );
      const sha256 = createHash('sha256').update(content).digest('hex');
      await db.tx(async (c) => {
        await c.query(
          `INSERT INTO record_export (patient_id, id, format, period_from, period_to, account_id, account_role, sha256, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [id, exportId, body.format, from, to, user.accountId, user.role, sha256, now],
        );
        await audit(c, req, id, 'read');
      });
      const pdf = body.format === 'pdf';
      return reply
        .header('content-type', pdf ? 'application/pdf' : 'application/fhir+json; charset=utf-8')
        .header('content-disposition', `attachment; filename="hemma-${exportId}.${pdf ? 'pdf' : 'json'}"`)
        .header('x-export-id', exportId)
        .header('x-content-sha256', sha256)
        .send(content);
    },
  );

  app.get('/api/staff/patients/:id/exports', { config: care, schema: { params: idParams } }, async (req) => {
    const { id } = req.params as { id: string };
    await assertPatientAccess(db, req, id, 'read');
    const { rows } = await db.query<{
      id: string;
      format: string;
      period_from: Date;
      period_to: Date;
      by: string;
      account_role: string;
      sha256: string;
      at: Date;
    }>(
      `SELECT x.id, x.format, x.period_from, x.period_to, a.display_name AS by, x.account_role, x.sha256, x.at
         FROM record_export x JOIN account a ON a.id = x.account_id
         WHERE x.patient_id = $1 ORDER BY x.at DESC LIMIT 200`,
      [id],
    );
    return {
      exports: rows.map((r) => ({
        id: r.id,
        format: r.format,
        from: toIso(r.period_from),
        to: toIso(r.period_to),
        by: r.by,
        role: r.account_role,
        sha256: r.sha256,
        at: toIso(r.at),
      })),
    };
  });
}
