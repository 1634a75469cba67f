import {
  type AdviceSet,
  governingKind,
  type MergedPlan,
  type MonitoringKind,
  mergeProtocols,
  type PlanActivity,
  type PlanConflict,
  type Protocol,
  type RuleConfig,
  type Thresholds,
  type ValidationIssue,
} from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/database';
import { toIso } from '../db/database';
import { badRequest } from '../http/problem';
import { loadOverrides } from '../thresholds/repository';

// One care plan per patient, rebuilt from the protocols of the patient's active enrolments whenever they change.

export type GoalStatus = 'active' | 'achieved' | 'not-achieved' | 'cancelled';
export interface Goal {
  id: string;
  text: string;
  status: GoalStatus;
  targetDate: string | null;
}
export interface Agreement {
  id: string;
  text: string;
  /** Who does it: the patient or the care team. */
  responsible: 'patient' | 'care';
}
export interface CareContact {
  name: string;
  role: string;
  phone: string | null;
}
export interface Contract {
  goals: Goal[];
  agreements: Agreement[];
  contacts: CareContact[];
  nextFollowUp: string | null;
}

export interface EnrolmentView {
  id: string;
  careUnitId: string;
  careUnitName: string;
  kind: MonitoringKind;
  status: 'active' | 'finished';
  responseTimeHours: number | null;
  shareFrom: string | null;
  startedAt: string;
  endedAt: string | null;
  protocols: { id: string; version: number; title: Protocol['title'] }[];
  participants: { careUnitId: string; careUnitName: string; role: string; addedAt: string }[];
}

export interface CarePlanView {
  id: string | null;
  revision: number;
  timeZone: string;
  startsAt: string | null;
  /** The kind that governs alerting: the most demanding of the active enrolments. */
  monitoringKind: MonitoringKind | null;
  activities: PlanActivity[];
  rules: RuleConfig[];
  thresholds: Record<string, Thresholds>;
  conflicts: PlanConflict[];
  contract: Contract;
  enrolments: EnrolmentView[];
  updatedAt: string | null;
}

const EMPTY_CONTRACT: Contract = { goals: [], agreements: [], contacts: [], nextFollowUp: null };

/** The plan as intake and the today view need it: one indexed read. */
export interface IntakePlan {
  rules: RuleConfig[];
  thresholds: Record<string, Thresholds>;
  advice: Record<string, AdviceSet>;
  activities: PlanActivity[];
  timeZone: string;
  startsAt: string;
  kind: MonitoringKind | null;
  /** Rules with an open alert (only those can be resolved by "all clear"). */
  openRuleIds: string[];
}

/**
 * Reads the care plan. Intake passes `withActivities: false`: the activities (with their texts) are the
 * largest part and intake does not need them.
 */
export async function loadIntakePlan(
  db: Queryable,
  patientId: string,
  { withActivities = true }: { withActivities?: boolean } = {},
): Promise<IntakePlan | null> {
  const { rows } = await db.query<IntakePlanRow>(
    `SELECT ${intakePlanColumns(withActivities)} FROM care_plan cp WHERE cp.patient_id = $1`,
    [patientId],
  );
  return rows[0] ? toIntakePlan(rows[0]) : null;
}

/** The columns of care_plan `cp` that make an IntakePlan (intake reads them with other things at once). */
export function intakePlanColumns(withActivities: boolean): string {
  return `cp.rules, cp.thresholds, cp.advice, ${withActivities ? 'cp.activities' : 'NULL AS activities'}, cp.time_zone,
       cp.starts_at,
       ARRAY(SELECT e.kind FROM enrolment e WHERE e.patient_id = cp.patient_id AND e.status = 'active') AS kinds,
       ARRAY(SELECT DISTINCT a.rule_id FROM alert a
             WHERE a.patient_id = cp.patient_id AND a.status = 'open' AND a.dedupe_key IS NOT NULL) AS open_rules`;
}

export interface IntakePlanRow {
  rules: RuleConfig[];
  thresholds: Record<string, Thresholds>;
  advice: Record<string, AdviceSet>;
  activities: PlanActivity[] | null;
  time_zone: string;
  starts_at: Date;
  kinds: MonitoringKind[];
  open_rules: string[];
}

export function toIntakePlan(r: IntakePlanRow): IntakePlan {
  return {
    rules: r.rules,
    thresholds: r.thresholds,
    advice: r.advice,
    activities: r.activities ?? [],
    timeZone: r.time_zone,
    startsAt: toIso(r.starts_at)!,
    kind: governingKind(r.kinds),
    openRuleIds: r.open_rules,
  };
}

interface ProtocolOfEnrolment {
  protocol_id: string;
  protocol_version: number;
  definition: Protocol;
  started_at: Date;
}

async function activeProtocols(db: Queryable, patientId: string): Promise<ProtocolOfEnrolment[]> {
  const { rows } = await db.query<ProtocolOfEnrolment>(
    `SELECT ep.protocol_id, ep.protocol_version, v.definition, e.started_at
     FROM enrolment e
     JOIN enrolment_protocol ep ON ep.patient_id = e.patient_id AND ep.enrolment_id = e.id
     JOIN protocol_version v ON v.protocol_id = ep.protocol_id AND v.version = ep.protocol_version
     WHERE e.patient_id = $1 AND e.status = 'active'
     ORDER BY e.started_at, ep.protocol_id`,
    [patientId],
  );
  // The same protocol from two enrolments counts once (the earlier enrolment's version and start).
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (seen.has(r.protocol_id)) return false;
    seen.add(r.protocol_id);
    return true;
  });
}

function merged(list: ProtocolOfEnrolment[], overrides: Record<string, Thresholds> = {}): MergedPlan {
  const plan = mergeProtocols(
    list.map((r) => ({ protocol: r.definition, version: r.protocol_version })),
    { thresholds: overrides },
  );
  // An activity's schedule starts with the enrolment that brought it (the ESH week starts at enrolment).
  const startOf = new Map(list.map((r) => [r.protocol_id, toIso(r.started_at)!]));
  for (const a of plan.activities) {
    const s = startOf.get(a.sources[0]!);
    if (s) a.startsAt = s;
  }
  return plan;
}

/**
 * Rebuilds the patient's care plan from the protocols of the active enrolments, keeping its contract.
 * Limits are stored as merged (tighter wins); personal thresholds (staff overrides) apply on top at
 * evaluation, and the conflicts list shows where they override.
 */
export async function rebuildCarePlan(
  client: Queryable,
  patientId: string,
  accountId: string | null,
): Promise<void> {
  const list = await activeProtocols(client, patientId);
  const plan = merged(list);
  const overrides = Object.fromEntries(await loadOverrides(client, patientId));
  const conflicts = merged(list, overrides).conflicts;
  await client.query(
    `INSERT INTO care_plan (patient_id, id, activities, rules, thresholds, advice, conflicts, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (patient_id) DO UPDATE SET activities = $3, rules = $4, thresholds = $5, advice = $6, conflicts = $7,
       updated_by = $8, updated_at = now(), revision = care_plan.revision + 1`,
    [
      patientId,
      uuidv7(),
      JSON.stringify(plan.activities),
      JSON.stringify(plan.rules),
      JSON.stringify(plan.thresholds),
      JSON.stringify(plan.advice),
      JSON.stringify(conflicts),
      accountId,
    ],
  );
}

/** Recomputes only the conflicts (after a personal threshold changed). No-op without a plan. */
export async function refreshConflicts(client: Queryable, patientId: string): Promise<void> {
  const list = await activeProtocols(client, patientId);
  if (list.length === 0) return;
  const overrides = Object.fromEntries(await loadOverrides(client, patientId));
  await client.query('UPDATE care_plan SET conflicts = $2 WHERE patient_id = $1', [
    patientId,
    JSON.stringify(merged(list, overrides).conflicts),
  ]);
}

export interface EnrolInput {
  careUnitId: string;
  protocols: string[];
  kind: MonitoringKind;
  responseTimeHours?: number;
  condition?: string;
}

/** Enrols the patient at a unit with protocols (their current versions) and rebuilds the plan, in one transaction. */
export async function enrol(
  client: Queryable,
  patientId: string,
  input: EnrolInput,
  accountId: string,
): Promise<string> {
  const ids = [...new Set(input.protocols)];
  const { rows } = await client.query<{ id: string; current_version: number; retired: boolean }>(
    'SELECT id, current_version, retired FROM protocol WHERE id = ANY($1::text[])',
    [ids],
  );
  const found = new Map(rows.map((r) => [r.id, r]));
  const issues: ValidationIssue[] = ids.flatMap((id, i) =>
    !found.has(id) || found.get(id)!.retired
      ? [
          {
            field: `protocols[${i}]`,
            kind: 'unknown-code' as const,
            given: id,
            message: `protocols[${i}]: ${id} is not an available protocol`,
          },
        ]
      : [],
  );
  if (input.kind === 'prescribed' && input.responseTimeHours === undefined)
    issues.push({
      field: 'responseTimeHours',
      kind: 'required',
      given: '',
      message: 'responseTimeHours: prescribed monitoring needs the unit’s response-time target in hours',
    });
  if (issues.length > 0) throw badRequest('The enrolment cannot be made.', issues);
  const enrolmentId = uuidv7();
  await client.query(
    `INSERT INTO enrolment (patient_id, id, care_unit_id, condition, kind, response_time_hours, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      patientId,
      enrolmentId,
      input.careUnitId,
      input.condition ?? ids.join(', '),
      input.kind,
      input.responseTimeHours ?? null,
      accountId,
    ],
  );
  for (const id of ids)
    await client.query(
      `INSERT INTO enrolment_protocol (patient_id, enrolment_id, protocol_id, protocol_version) VALUES ($1, $2, $3, $4)`,
      [patientId, enrolmentId, id, found.get(id)!.current_version],
    );
  await rebuildCarePlan(client, patientId, accountId);
  return enrolmentId;
}

export async function enrolmentsOf(db: Queryable, patientId: string): Promise<EnrolmentView[]> {
  const { rows } = await db.query<{
    id: string;
    care_unit_id: string;
    unit_name: string;
    kind: MonitoringKind;
    status: 'active' | 'finished';
    response_time_hours: number | null;
    share_from: Date | null;
    started_at: Date;
    ended_at: Date | null;
    protocols: { id: string; version: number; title: Protocol['title'] }[] | null;
    participants: { careUnitId: string; careUnitName: string; role: string; addedAt: string }[] | null;
  }>(
    `SELECT e.id, e.care_unit_id, u.name AS unit_name, e.kind, e.status, e.response_time_hours, e.share_from,
       e.started_at, e.ended_at,
       (SELECT json_agg(json_build_object('id', ep.protocol_id, 'version', ep.protocol_version, 'title', v.definition->'title')
                 ORDER BY ep.protocol_id)
          FROM enrolment_protocol ep JOIN protocol_version v ON v.protocol_id = ep.protocol_id AND v.version = ep.protocol_version
          WHERE ep.patient_id = e.patient_id AND ep.enrolment_id = e.id) AS protocols,
       (SELECT json_agg(json_build_object('careUnitId', p.care_unit_id, 'careUnitName', pu.name, 'role', p.role, 'addedAt', p.added_at)
                 ORDER BY p.added_at)
          FROM enrolment_participant p JOIN care_unit pu ON pu.id = p.care_unit_id
          WHERE p.patient_id = e.patient_id AND p.enrolment_id = e.id AND p.ended_at IS NULL) AS participants
     FROM enrolment e JOIN care_unit u ON u.id = e.care_unit_id
     WHERE e.patient_id = $1 ORDER BY e.status, e.started_at`,
    [patientId],
  );
  return rows.map((r) => ({
    id: r.id,
    careUnitId: r.care_unit_id,
    careUnitName: r.unit_name,
    kind: r.kind,
    status: r.status,
    responseTimeHours: r.response_time_hours,
    shareFrom: toIso(r.share_from),
    startedAt: toIso(r.started_at)!,
    endedAt: toIso(r.ended_at),
    protocols: r.protocols ?? [],
    participants: (r.participants ?? []).map((p) => ({ ...p, addedAt: toIso(p.addedAt)! })),
  }));
}

export async function getCarePlan(db: Queryable, patientId: string): Promise<CarePlanView> {
  const [{ rows }, enrolments] = [
    await db.query<{
      id: string;
      revision: number;
      time_zone: string;
      starts_at: Date;
      activities: PlanActivity[];
      rules: RuleConfig[];
      thresholds: Record<string, Thresholds>;
      conflicts: PlanConflict[];
      goals: Goal[];
      agreements: Agreement[];
      contacts: CareContact[];
      next_follow_up: string | Date | null;
      updated_at: Date;
    }>(
      `SELECT id, revision, time_zone, starts_at, activities, rules, thresholds, conflicts, goals, agreements, contacts,
         to_char(next_follow_up, 'YYYY-MM-DD') AS next_follow_up, updated_at
       FROM care_plan WHERE patient_id = $1`,
      [patientId],
    ),
    await enrolmentsOf(db, patientId),
  ];
  const r = rows[0];
  const kinds = enrolments.filter((e) => e.status === 'active').map((e) => e.kind);
  if (!r)
    return {
      id: null,
      revision: 0,
      timeZone: 'Europe/Stockholm',
      startsAt: null,
      monitoringKind: governingKind(kinds),
      activities: [],
      rules: [],
      thresholds: {},
      conflicts: [],
      contract: EMPTY_CONTRACT,
      enrolments,
      updatedAt: null,
    };
  return {
    id: r.id,
    revision: r.revision,
    timeZone: r.time_zone,
    startsAt: toIso(r.starts_at),
    monitoringKind: governingKind(kinds),
    activities: r.activities,
    rules: r.rules,
    thresholds: r.thresholds,
    conflicts: r.conflicts,
    contract: {
      goals: r.goals,
      agreements: r.agreements,
      contacts: r.contacts,
      nextFollowUp: r.next_follow_up ? String(r.next_follow_up) : null,
    },
    enrolments,
    updatedAt: toIso(r.updated_at),
  };
}

/** Replaces the patient contract (goals, agreements, contacts, next follow-up). Creates an empty plan if needed. */
export async function saveContract(
  client: Queryable,
  patientId: string,
  c: Contract,
  accountId: string,
): Promise<void> {
  await client.query(
    `INSERT INTO care_plan (patient_id, id, activities, rules, thresholds, goals, agreements, contacts, next_follow_up, updated_by)
     VALUES ($1, $2, '[]', '[]', '{}', $3, $4, $5, $6, $7)
     ON CONFLICT (patient_id) DO UPDATE SET goals = $3, agreements = $4, contacts = $5, next_follow_up = $6,
       updated_by = $7, updated_at = now(), revision = care_plan.revision + 1`,
    [
      patientId,
      uuidv7(),
      JSON.stringify(c.goals),
      JSON.stringify(c.agreements),
      JSON.stringify(c.contacts),
      c.nextFollowUp,
      accountId,
    ],
  );
}
