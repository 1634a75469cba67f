import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database';
import { FEW_PATIENTS } from '../db/prepared';
import type { EventBus } from '../events/bus';
import { intakeBatchRequests } from '../ops/metrics';
import { ingestBatch } from './batch';
import { loadIntakeContexts } from './context';
import type { IntakeRequest, IntakeResult } from './intake';

interface Waiting {
  req: FastifyRequest;
  patientId: string;
  /** Builds the intake request once the access basis is on `req` (its audit entry records it). */
  build: () => IntakeRequest;
  resolve: (result: IntakeResult[] | null) => void;
  reject: (error: unknown) => void;
}

export interface IntakeCoalescer {
  /**
   * Stores one patient's measurements for `req`'s actor: the access decision, then the values with
   * their audit row. Resolves to null when the actor may not reach the patient (nothing is written).
   */
  ingest(req: FastifyRequest, patientId: string, build: () => IntakeRequest): Promise<IntakeResult[] | null>;
}

/**
 * PostgreSQL's data exceptions (22), integrity violations (23) and errors raised by triggers (P0):
 * refusals of the values themselves, raised while the write runs, so nothing of the batch committed.
 */
const refusedForData = (error: unknown) =>
  /^(22|23|P0)/.test(String((error as { code?: unknown } | null)?.code ?? ''));

/**
 * Gathers the single-patient intakes (FHIR POST of one Observation) that arrive in the same turn of
 * the event loop and runs them as one batch: one read for every access decision and limit, one write
 * for every value and audit row (intake/batch.ts), instead of two statements per request. On this
 * kind of machine a round trip to PostgreSQL costs more than the work it carries (waking an idle
 * backend), so a gateway posting many values at once pays for a few round trips, not for one pair per
 * value. Nothing waits for company: the batch is whatever arrived before the event loop turned.
 *
 * A batch holds one actor's requests only (the access decision is the actor's), at most FEW_PATIENTS
 * of them (so its read stays the index-probing one, db/prepared.ts), and each patient at most once
 * (a patient's rules judge that patient's values in order; a second request for the same patient goes
 * in another batch, as two concurrent requests always did). The write is atomic: when
 * the database refuses it for what one request carries (a data or constraint error, raised before
 * anything commits), each request is run again alone, so only that one gets the error; any other
 * failure reaches every request of the batch, as it would have reached each of them alone.
 */
export function intakeCoalescer(db: Database, bus: EventBus): IntakeCoalescer {
  let waiting: Waiting[] = [];

  const run = async (batch: Waiting[]) => {
    try {
      const actor = batch[0]!.req.actor;
      const contexts = actor
        ? await loadIntakeContexts(
            db,
            batch.map((w) => w.patientId),
            actor,
          )
        : new Map();
      const reached: Waiting[] = [];
      for (const w of batch) {
        const access = contexts.get(w.patientId)?.access;
        if (!access) {
          w.resolve(null);
          continue;
        }
        w.req.accessBasis ??= new Map();
        w.req.accessBasis.set(w.patientId, access);
        reached.push(w);
      }
      if (reached.length === 0) return;
      const results = await ingestBatch(
        db,
        bus,
        reached.map((w) => w.build()),
        contexts,
      );
      reached.forEach((w, i) => {
        w.resolve(results[i]!);
      });
    } catch (error) {
      if (batch.length > 1 && refusedForData(error)) {
        // In the next turn: the embedded database's adapter is still delivering the failed
        // statement's last messages on this one, and a statement sent now would read them.
        setImmediate(() => {
          for (const w of batch) void run([w]);
        });
        return;
      }
      // Requests already answered (unreachable patients) ignore this.
      for (const w of batch) w.reject(error);
    }
  };

  const flush = () => {
    const all = waiting;
    waiting = [];
    const batches = new Map<string, { patients: Set<string>; requests: Waiting[] }[]>();
    for (const w of all) {
      const key = JSON.stringify(w.req.actor ?? null);
      const list = batches.get(key) ?? [];
      batches.set(key, list);
      let batch = list.find((b) => b.requests.length < FEW_PATIENTS && !b.patients.has(w.patientId));
      if (!batch) {
        batch = { patients: new Set(), requests: [] };
        list.push(batch);
      }
      batch.patients.add(w.patientId);
      batch.requests.push(w);
    }
    for (const list of batches.values())
      for (const b of list) {
        intakeBatchRequests.observe(b.requests.length);
        void run(b.requests);
      }
  };

  return {
    ingest(req, patientId, build) {
      return new Promise((resolve, reject) => {
        if (waiting.length === 0) setImmediate(flush);
        waiting.push({ req, patientId, build, resolve, reject });
      });
    },
  };
}
