import { effectiveThresholds } from '@hemma/core';
import type { FastifyRequest } from 'fastify';
import { type AccessBasis, type AccessColumns, accessSql, sqlParam } from '../access/patient-access';
import type { Actor } from '../auth/actor';
import type { Queryable } from '../db/database';
import { patientsFrom, preparedQuery } from '../db/prepared';
import { type IntakePlanRow, intakePlanColumns, toIntakePlan } from '../plans/repository';
import { type PersonalRow, personalFromRows, personalJsonSql } from '../thresholds/repository';
import type { IntakeLimits } from './intake';

/** What intake needs to know about a patient before it writes: whether the actor may, and the limits. */
export interface IntakeContext {
  /** The access decision for the actor given to loadIntakeContexts (null: not reachable, or not asked). */
  access: AccessBasis | null;
  limits: IntakeLimits;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One read statement for any number of patients: the care plan (rules, plan limits, monitoring kinds,
 * rules with open alerts), the personal limits and advice, and — when `actor` is given — the access
 * decision (care relationship, client units, emergency access), so that intake costs one round trip
 * before its write whatever the number of patients. History for rules that need it is read later,
 * only for the few patients whose plan has such rules (see plans/rule-intake.ts).
 */
export async function loadIntakeContexts(
  db: Queryable,
  patientIds: string[],
  actor?: Actor,
): Promise<Map<string, IntakeContext>> {
  const ids = [...new Set(patientIds.filter((id) => UUID.test(id)))];
  const out = new Map<string, IntakeContext>();
  if (ids.length === 0) return out;
  // A few patients (single POSTs, alone or gathered by intake/coalesce.ts) are index probes; see
  // patientsFrom. Planned once per connection (a named statement).
  const params: unknown[] = [];
  const param = sqlParam(params);
  const from = patientsFrom(ids, param);
  const access = actor ? accessSql(actor, 't.pid', param) : null;
  const { rows } = await preparedQuery<
    { patient_id: string; personal: PersonalRow[] | null; has_plan: boolean } & Partial<AccessColumns> &
      IntakePlanRow
  >(
    db,
    `SELECT t.pid::text AS patient_id, ${access ? `${access.columns},` : ''}
       ${personalJsonSql('t.pid')} AS personal,
       cp.patient_id IS NOT NULL AS has_plan, ${intakePlanColumns(false)}
     FROM ${from}
       LEFT JOIN care_plan cp ON cp.patient_id = t.pid`,
    params,
  );
  for (const r of rows) {
    const personal = personalFromRows(r.personal ?? []);
    const plan = r.has_plan ? toIntakePlan(r) : null;
    out.set(r.patient_id, {
      access: access ? access.decide(r.patient_id, r as AccessColumns) : null,
      limits: {
        plan,
        thresholdsFor: (code) =>
          effectiveThresholds(code, personal.thresholds.get(code) ?? plan?.thresholds[code] ?? null),
        adviceFor: (code) => personal.advice.get(code) ?? plan?.advice[code],
      },
    });
  }
  return out;
}

/**
 * The contexts of the patients `req`'s actor may reach (the others are absent), with the basis of
 * each kept on the request for its audit row — checkPatientAccess and the intake read in one statement.
 */
export async function reachableIntakeContexts(
  db: Queryable,
  req: FastifyRequest,
  patientIds: string[],
): Promise<Map<string, IntakeContext>> {
  const out = new Map<string, IntakeContext>();
  if (!req.actor) return out;
  const contexts = await loadIntakeContexts(db, patientIds, req.actor);
  req.accessBasis ??= new Map();
  for (const [id, context] of contexts) {
    if (!context.access) continue;
    req.accessBasis.set(id, context.access);
    out.set(id, context);
  }
  return out;
}
