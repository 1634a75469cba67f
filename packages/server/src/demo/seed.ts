import { effectiveThresholds, evaluate } from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import { hashPassword } from '../auth/passwords';
import { seedChatDemo } from '../chat/demo';
import type { Database, Queryable } from '../db/database';
import { seedPlanDemo } from '../plans/demo';
import { seedRunInDemo } from '../plans/run-in-demo';
import { seedQuestionnaireDemo } from '../questionnaires/demo';
import { seedAccessDemo } from '../relatives/seed';
import { seedWorkspaceDemo } from '../staff/demo';
import { DEMO_PASSWORD, generateDemo } from './generate';

export const DEMO_CLIENT = { id: 'demo-gateway', secret: 'demo-gateway-secret' };
// Alerts older than this were handled by the demo nurse; newer ones wait on the worklist.
const OPEN_ALERT_HOURS = 72;
const CHUNK = 2000;
// COPD patients live with a lower saturation; their physician sets the BTS target of 88–92 %.
const COPD_SPO2 = { redLow: 86, yellowLow: 88 };
const COPD_SPO2_REASON = 'KOL: målmättnad 88–92 % (läkarordination, demodata)';

/** Fills an empty database with the demo region, staff, patients and 90 days of measurements. */
export async function seedDemo(db: Database, now: Date) {
  const data = generateDemo({ now });
  // Every demo account shares one password, so one hash (one salt) serves them all.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const clientSecretHash = await hashPassword(DEMO_CLIENT.secret);
  return db.tx(async (client) => {
    const regionId = uuidv7();
    await client.query('INSERT INTO region (id, name) VALUES ($1, $2)', [regionId, data.region.name]);
    const unitIds = new Map(data.units.map((u) => [u.key, uuidv7()]));
    for (const u of data.units) {
      await client.query('INSERT INTO care_unit (id, region_id, hsa_id, name) VALUES ($1, $2, $3, $4)', [
        unitIds.get(u.key),
        regionId,
        u.hsaId,
        u.name,
      ]);
    }
    const nurseByUnit = new Map<string, string>();
    const physicianByUnit = new Map<string, string>();
    for (const s of data.staff) {
      const id = uuidv7();
      await client.query(
        'INSERT INTO account (id, username, password_hash, role, display_name) VALUES ($1, $2, $3, $4, $5)',
        [id, s.username, passwordHash, s.role, s.displayName],
      );
      await client.query('INSERT INTO staff_membership (account_id, care_unit_id) VALUES ($1, $2)', [
        id,
        unitIds.get(s.unitKey),
      ]);
      if (s.role === 'nurse') nurseByUnit.set(s.unitKey, id);
      if (s.role === 'physician') physicianByUnit.set(s.unitKey, id);
    }
    const patientIds = new Map<string, { id: string; unitKey: string; copd: boolean }>();
    for (const p of data.patients) {
      const accountId = uuidv7();
      const patientId = uuidv7();
      await client.query(
        `INSERT INTO account (id, username, password_hash, role, display_name) VALUES ($1, $2, $3, 'patient', $4)`,
        [accountId, p.username, passwordHash, `${p.givenName} ${p.familyName}`],
      );
      await client.query(
        `INSERT INTO patient (id, personnummer, given_name, family_name, birth_date, gender, account_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          patientId,
          p.personnummer,
          p.givenName,
          p.familyName,
          p.birthDate,
          p.gender,
          accountId,
          p.enrolledAt,
        ],
      );
      for (const condition of p.conditions) {
        await client.query(
          `INSERT INTO enrolment (patient_id, id, care_unit_id, condition, kind, started_at) VALUES ($1, $2, $3, $4, 'prescribed', $5)`,
          [patientId, uuidv7(), unitIds.get(p.unitKey), condition, p.enrolledAt],
        );
      }
      const copd = p.conditions.includes('copd');
      if (copd) {
        await client.query(
          `INSERT INTO threshold (patient_id, code, red_low, yellow_low, reason, changed_by, changed_at) VALUES ($1, '59408-5', $2, $3, $4, $5, $6)`,
          [
            patientId,
            COPD_SPO2.redLow,
            COPD_SPO2.yellowLow,
            COPD_SPO2_REASON,
            physicianByUnit.get(p.unitKey),
            p.enrolledAt,
          ],
        );
      }
      patientIds.set(p.key, { id: patientId, unitKey: p.unitKey, copd });
    }
    // Patients who report by SMS get a verified number from the range PTS reserves for fiction and tests
    // (070-174 06 05 … 070-174 06 99): patientN gets +46701740 followed by 604 + N (patient27: 070-174 06 31).
    const smsPatients = new Set(data.observations.filter((o) => o.source === 'sms').map((o) => o.patientKey));
    const phones = data.patients.flatMap((p, i) =>
      smsPatients.has(p.key)
        ? [{ id: patientIds.get(p.key)!.id, phone: `+46701740${605 + i}`, at: p.enrolledAt }]
        : [],
    );
    await client.query(
      `INSERT INTO patient_phone (patient_id, phone_e164, verified_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[])`,
      [phones.map((p) => p.id), phones.map((p) => p.phone), phones.map((p) => p.at)],
    );
    await client.query(
      `INSERT INTO api_client (client_id, secret_hash, name, scopes, demo) VALUES ($1, $2, 'Demo device gateway', $3, true)`,
      [
        DEMO_CLIENT.id,
        clientSecretHash,
        [
          'system/Patient.read',
          'system/Observation.read',
          'system/Observation.write',
          'system/Flag.read',
          'system/Questionnaire.read',
          'system/QuestionnaireResponse.read',
          'system/QuestionnaireResponse.write',
          // The whole read-only FHIR API and subscriptions, to explore docs/fhir.md with the demo.
          'system/*.read',
          'system/Subscription.write',
        ],
      ],
    );

    let alerts = 0;
    let open = 0;
    for (let i = 0; i < data.observations.length; i += CHUNK) {
      const rows = data.observations.slice(i, i + CHUNK).map((o) => {
        const patient = patientIds.get(o.patientKey)!;
        const measurement = {
          code: o.code,
          values: o.values,
          unit: o.unit,
          originalValues: o.values,
          originalUnits: o.values.map(() => o.unit),
        };
        const override = patient.copd ? { '59408-5': COPD_SPO2 } : {};
        const evaluation = evaluate(measurement, (code) =>
          effectiveThresholds(code, override[code as keyof typeof override] ?? null),
        );
        return { o, patient, id: uuidv7(), evaluation };
      });
      await insertObservations(
        client,
        rows.map((r) => ({ ...r.o, id: r.id, patientId: r.patient.id, severity: r.evaluation.severity })),
      );
      const flagged = rows.filter((r) => r.evaluation.severity !== 'green');
      for (const r of flagged) {
        const isOpen = now.getTime() - r.o.effectiveAt.getTime() < OPEN_ALERT_HOURS * 3600_000;
        const createdAt = new Date(r.o.effectiveAt.getTime() + 60_000);
        await client.query(
          `INSERT INTO alert (patient_id, id, observation_id, severity, reasons, status, created_at, acknowledged_at, acknowledged_by, ack_note)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            r.patient.id,
            uuidv7(),
            r.id,
            r.evaluation.severity,
            JSON.stringify(r.evaluation.reasons),
            isOpen ? 'open' : 'acknowledged',
            createdAt,
            isOpen ? null : new Date(createdAt.getTime() + 3 * 3600_000),
            isOpen ? null : nurseByUnit.get(r.patient.unitKey),
            isOpen ? null : 'Bedömt, ingen åtgärd (demodata)',
          ],
        );
        alerts++;
        if (isOpen) open++;
      }
    }
    await seedAccessDemo(client, passwordHash);
    await seedQuestionnaireDemo(client, now);
    await seedChatDemo(client);
    await seedPlanDemo(client, now);
    await seedWorkspaceDemo(client);
    await seedRunInDemo(client, now);
    return {
      patients: data.patients.length,
      staff: data.staff.length,
      observations: data.observations.length,
      alerts,
      openAlerts: open,
    };
  });
}

interface SeedObservation {
  id: string;
  patientId: string;
  code: string;
  values: number[];
  unit: string;
  effectiveAt: Date;
  source: string;
  severity: string;
}

/** One multi-row insert per chunk (unnest), not one statement per row. */
async function insertObservations(client: Queryable, rows: SeedObservation[]) {
  await client.query(
    `INSERT INTO observation (patient_id, id, code, effective_at, received_at, value, value2, unit, original_values, original_units, source, severity)
     SELECT p, i, c, e, e + interval '40 seconds', v, v2, u,
       CASE WHEN v2 IS NULL THEN ARRAY[v] ELSE ARRAY[v, v2] END,
       CASE WHEN v2 IS NULL THEN ARRAY[u] ELSE ARRAY[u, u] END, s, sev
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::float8[], $6::float8[], $7::text[], $8::text[], $9::text[])
       AS t(p, i, c, e, v, v2, u, s, sev)`,
    [
      rows.map((r) => r.patientId),
      rows.map((r) => r.id),
      rows.map((r) => r.code),
      rows.map((r) => r.effectiveAt),
      rows.map((r) => r.values[0]),
      rows.map((r) => r.values[1] ?? null),
      rows.map((r) => r.unit),
      rows.map((r) => r.source),
      rows.map((r) => r.severity),
    ],
  );
}
