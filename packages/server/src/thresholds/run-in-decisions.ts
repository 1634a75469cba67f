import { RUN_IN, type Thresholds, type ValidationIssue } from '@hemma/core';
import type { Database, Queryable } from '../db/database';
import { toIso } from '../db/database';
import { badRequest, HttpProblem, notFound } from '../http/problem';
import { refreshConflicts } from '../plans/repository';
import { listThresholds, setThresholds } from './repository';

// A nurse's decision on a run-in proposal. Accepting writes personal thresholds through the thresholds
// repository (so the history shows who, when and why) and marks the proposal accepted in the same
// transaction; the claim is a conditional UPDATE, so of two concurrent decisions exactly one wins.

export type ProposalStatus =
  | 'pending'
  | 'accepted'
  | 'rejected'
  | 'superseded'
  | 'unchanged'
  | 'insufficient';

export interface RunInProposalView {
  id: string;
  enrolmentId: string;
  code: string;
  status: ProposalStatus;
  /** Limits in force when the run-in ended, and the proposal (null when there were too few readings). */
  current: Thresholds | null;
  proposed: Thresholds | null;
  /** What was written on acceptance (the proposal, or the nurse's edit of its yellow limits). */
  accepted: Thresholds | null;
  usual: number | null;
  spread: number | null;
  readingsUsed: number;
  daysUsed: number;
  /** What a proposal needs: RUN_IN.minReadings readings on RUN_IN.minDays local days. */
  minReadings: number;
  minDays: number;
  usualBeyondRed: boolean;
  runInFrom: string;
  runInTo: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

interface ProposalRow {
  id: string;
  enrolment_id: string;
  code: string;
  status: ProposalStatus;
  current_limits: Thresholds | null;
  proposed_limits: Thresholds | null;
  accepted_limits: Thresholds | null;
  usual: number | null;
  spread: number | null;
  readings_used: number;
  days_used: number;
  usual_beyond_red: boolean;
  run_in_from: Date;
  run_in_to: Date;
  created_at: Date;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

const SELECT = `SELECT p.id, p.enrolment_id, p.code, p.status, p.current_limits, p.proposed_limits, p.accepted_limits,
    p.usual, p.spread, p.readings_used, p.days_used, p.usual_beyond_red, r.run_in_from, r.run_in_to, p.created_at,
    a.display_name AS decided_by_name, p.decided_at, p.decision_reason
  FROM run_in_proposal p
  JOIN run_in r ON r.patient_id = p.patient_id AND r.enrolment_id = p.enrolment_id
  LEFT JOIN account a ON a.id = p.decided_by`;

function view(r: ProposalRow): RunInProposalView {
  return {
    id: r.id,
    enrolmentId: r.enrolment_id,
    code: r.code,
    status: r.status,
    current: r.current_limits,
    proposed: r.proposed_limits,
    accepted: r.accepted_limits,
    usual: r.usual,
    spread: r.spread,
    readingsUsed: r.readings_used,
    daysUsed: r.days_used,
    minReadings: RUN_IN.minReadings,
    minDays: RUN_IN.minDays,
    usualBeyondRed: r.usual_beyond_red,
    runInFrom: toIso(r.run_in_from)!,
    runInTo: toIso(r.run_in_to)!,
    createdAt: toIso(r.created_at)!,
    decidedBy: r.decided_by_name,
    decidedAt: toIso(r.decided_at),
    decisionReason: r.decision_reason,
  };
}

/** The patient's run-in results: waiting proposals first, then the latest run-in's others, newest first. */
export async function listProposals(db: Queryable, patientId: string): Promise<RunInProposalView[]> {
  const { rows } = await db.query<ProposalRow>(
    `${SELECT} WHERE p.patient_id = $1
     ORDER BY (p.status = 'pending') DESC, p.created_at DESC, p.code LIMIT 200`,
    [patientId],
  );
  return rows.map(view);
}

async function getProposal(db: Queryable, patientId: string, id: string): Promise<RunInProposalView> {
  const { rows } = await db.query<ProposalRow>(`${SELECT} WHERE p.patient_id = $1 AND p.id = $2`, [
    patientId,
    id,
  ]);
  if (!rows[0]) throw notFound('Run-in proposal');
  return view(rows[0]);
}

/** 409 for a proposal that is not waiting any more, saying what happened to it and when. */
function notPending(p: { status: ProposalStatus; decidedAt: string | null }): HttpProblem {
  const when = p.decidedAt ? ` at ${p.decidedAt}` : '';
  const what =
    p.status === 'accepted' || p.status === 'rejected'
      ? `was already ${p.status}${when}`
      : p.status === 'superseded'
        ? 'was replaced by a newer run-in proposal'
        : `has nothing to decide (status ${p.status})`;
  return new HttpProblem(409, 'Proposal already decided', `This run-in proposal ${what}; reload to see it.`);
}

/**
 * Marks a pending proposal decided, or throws 409 when another decision won. Conditional on the status, so
 * under READ COMMITTED a concurrent second UPDATE re-reads the committed row and matches nothing.
 */
async function claim(
  client: Queryable,
  patientId: string,
  id: string,
  decision: {
    status: 'accepted' | 'rejected';
    accountId: string;
    reason: string | null;
    accepted?: Thresholds;
  },
): Promise<void> {
  const { rows } = await client.query(
    `UPDATE run_in_proposal SET status = $3, decided_by = $4, decided_at = now(), decision_reason = $5,
       accepted_limits = $6
     WHERE patient_id = $1 AND id = $2 AND status = 'pending' RETURNING 1`,
    [
      patientId,
      id,
      decision.status,
      decision.accountId,
      decision.reason,
      decision.accepted ? JSON.stringify(decision.accepted) : null,
    ],
  );
  if (rows.length === 0) throw notPending(await getProposal(client, patientId, id));
}

const svNumber = (x: number) => String(x).replace('.', ',');

/** The threshold history's reason: where the limits come from, in the unit's language (Swedish). */
export function acceptReason(p: RunInProposalView, edited: boolean, note: string | null): string {
  const parts = [
    `Inkörning ${RUN_IN.days} dagar: median ${svNumber(p.usual ?? 0)}, spridning ${svNumber(p.spread ?? 0)} (${p.readingsUsed} värden, ${p.daysUsed} dagar)`,
  ];
  if (edited) parts.push('gula gränser justerade vid granskningen');
  if (note) parts.push(note);
  return parts.join('; ');
}

export interface AcceptInput {
  /** The nurse's yellow limits instead of the proposed ones; red limits may only repeat the ones in force. */
  thresholds?: Thresholds;
  note?: string;
}

/**
 * Accepts a pending proposal: personal thresholds = the red limits in force with the proposed (or edited)
 * yellow limits, written with history, in one transaction with the decision and the audit row.
 */
export async function acceptProposal(
  db: Database,
  patientId: string,
  id: string,
  accountId: string,
  input: AcceptInput,
  audit: (client: Queryable) => Promise<void>,
): Promise<{ proposal: RunInProposalView }> {
  const p = await getProposal(db, patientId, id);
  if (p.status !== 'pending' || !p.proposed) throw notPending(p);
  const entry = (await listThresholds(db, patientId)).find((e) => e.code === p.code);
  const inForce = entry?.thresholds ?? {};
  const edit = input.thresholds ?? {};
  const issues: ValidationIssue[] = [];
  for (const limit of ['redLow', 'redHigh'] as const) {
    const given = edit[limit];
    if (given !== undefined && given !== (inForce[limit] ?? null))
      issues.push({
        field: `thresholds.${limit}`,
        kind: 'invalid',
        given: String(given),
        allowed: String(inForce[limit] ?? null),
        message: `thresholds.${limit}: red limits are not changed by a run-in proposal (acting on red is a clinical decision); change them in the patient's thresholds`,
      });
  }
  if (issues.length > 0) throw badRequest('Red limits cannot be changed here.', issues);
  const yellowLow = edit.yellowLow !== undefined ? edit.yellowLow : (p.proposed.yellowLow ?? null);
  const yellowHigh = edit.yellowHigh !== undefined ? edit.yellowHigh : (p.proposed.yellowHigh ?? null);
  const edited =
    yellowLow !== (p.proposed.yellowLow ?? null) || yellowHigh !== (p.proposed.yellowHigh ?? null);
  const thresholds: Thresholds = {
    redLow: inForce.redLow ?? null,
    yellowLow,
    yellowHigh,
    redHigh: inForce.redHigh ?? null,
  };
  const note = input.note?.trim() || null;
  // setThresholds validates (400 with the threshold issues) and runs `after` in its transaction: the claim
  // there rolls the threshold write back when another decision won. Personal advice on the code is kept.
  await setThresholds(
    db,
    patientId,
    p.code,
    thresholds,
    acceptReason(p, edited, note),
    accountId,
    entry?.source === 'personal' ? entry.advice : null,
    async (c) => {
      await claim(c, patientId, id, { status: 'accepted', accountId, reason: note, accepted: thresholds });
      await refreshConflicts(c, patientId);
      await audit(c);
    },
  );
  return { proposal: await getProposal(db, patientId, id) };
}

/** Rejects a pending proposal (the limits in force stay), with an optional reason. */
export async function rejectProposal(
  db: Database,
  patientId: string,
  id: string,
  accountId: string,
  reason: string | null,
  audit: (client: Queryable) => Promise<void>,
): Promise<{ proposal: RunInProposalView }> {
  const p = await getProposal(db, patientId, id);
  if (p.status !== 'pending') throw notPending(p);
  await db.tx(async (c) => {
    await claim(c, patientId, id, { status: 'rejected', accountId, reason });
    await audit(c);
  });
  return { proposal: await getProposal(db, patientId, id) };
}
