import { sealAuditChain } from '../audit/chain';
import type { Database } from '../db/database';
import { runEscalations } from '../escalation/run';
import { deliverSubscriptions } from '../fhir/subscriptions/delivery';
import { NOTIFICATION_JOBS } from '../notifications/jobs';
import { checkMissedMeasurements } from '../plans/missed';
import { evaluateRunIns } from '../thresholds/run-in';

/**
 * A job that runs on a schedule, once per tick across every server process. The logic lives in
 * the module that owns it as a plain function of the database and the time it runs at, so it can
 * be tested without the queue.
 */
export interface PeriodicJob {
  /** Queue name: lowercase letters, digits, '-' and '.'; unique in the table below. */
  name: string;
  /** Five-field cron expression in UTC; pg-boss resolves schedules to the minute. */
  cron: string;
  run: (db: Database, now: Date) => Promise<unknown>;
}

/**
 * Every periodic job of the system, registered in this one place (missed measurements,
 * reminders, the notification outbox, escalations are added here by their modules' owners).
 */
export const PERIODIC_JOBS: PeriodicJob[] = [
  ...NOTIFICATION_JOBS,
  // Staff items for measurements not received within their grace period; the patient's reminder for
  // the same occasion comes from the notifications module's reminder digest.
  { name: 'plans.missed-measurements', cron: '*/15 * * * *', run: checkMissedMeasurements },
  // Personal yellow limits proposed from each enrolment's first 14 days (run-in); hourly, so a run-in that ended
  // at local midnight is proposed before the morning round in any time zone.
  { name: 'run-in-proposals', cron: '7 * * * *', run: (db, now) => evaluateRunIns(db, now) },
  { name: 'alert-escalation', cron: '* * * * *', run: runEscalations },
  { name: 'fhir-subscriptions', cron: '* * * * *', run: (db, now) => deliverSubscriptions(db, now) },
  // Chains audit rows written since the last run: off the request path, within a minute.
  { name: 'audit-seal', cron: '* * * * *', run: (db) => sealAuditChain(db) },
];
