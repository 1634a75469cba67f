import {
  alertingFor,
  clearedRules,
  governingKind,
  type MonitoringKind,
  missedMeasurementRules,
  missedRulesReadFrom,
  type PlanActivity,
  runRules,
} from '@hemma/core';
import type { Database } from '../db/database';
import { alertKey, loadHistory, resolveCleared, writeFindings } from './rule-intake';

// The missed-measurement check, run by the jobs module (e.g. every 15 minutes): for each patient whose plan
// reports misses, measurements due per schedule but not received within the grace period become one staff
// item per activity (updated while the misses persist) and a reminder for the patient.

export interface MissedResult {
  patientsChecked: number;
  /** Alerts created and updated (persisting misses). */
  created: string[];
  updated: string[];
  /** Patients to remind, with the activities they missed (the notifications module sends them). */
  reminders: { patientId: string; activityIds: string[] }[];
}

/** One run at `now`. Idempotent: a second run at the same time updates the same open alerts. */
export async function checkMissedMeasurements(db: Database, now: Date): Promise<MissedResult> {
  const { rows } = await db.query<{
    patient_id: string;
    activities: PlanActivity[];
    time_zone: string;
    starts_at: Date;
    kinds: MonitoringKind[];
  }>(
    `SELECT cp.patient_id, cp.activities, cp.time_zone, cp.starts_at,
       ARRAY(SELECT e.kind FROM enrolment e WHERE e.patient_id = cp.patient_id AND e.status = 'active') AS kinds
     FROM care_plan cp
     WHERE jsonb_path_exists(cp.activities, '$[*] ? (@.missedGraceMinutes > 0 || exists(@.missedCheck))')
       AND EXISTS (SELECT 1 FROM enrolment e WHERE e.patient_id = cp.patient_id AND e.status = 'active')`,
  );
  const result: MissedResult = { patientsChecked: rows.length, created: [], updated: [], reminders: [] };
  for (const p of rows) {
    const rules = missedMeasurementRules(p.activities, {
      start: new Date(p.starts_at).toISOString(),
      timeZone: p.time_zone,
      now: now.toISOString(),
    });
    if (rules.length === 0) continue;
    const codes = [...new Set(rules.map((r) => r.code))];
    // At least two days back; further when a check counts older readings ("no reading for two days").
    const since = new Date(Math.min(now.getTime() - 2 * 86_400_000, missedRulesReadFrom(rules) ?? Infinity));
    const history = await loadHistory(db, p.patient_id, codes, since);
    const ctx = { patientTimeZone: p.time_zone, now: now.toISOString(), history, thresholdsFor: () => ({}) };
    const findings = runRules(rules, ctx);
    const cleared = clearedRules(rules, ctx);
    if (findings.length > 0)
      result.reminders.push({
        patientId: p.patient_id,
        activityIds: [...new Set(findings.map((f) => f.ruleId.replace(/^missed\./, '')))],
      });
    const alerting = alertingFor(governingKind(p.kinds));
    if (alerting === 'none') continue;
    // Several missed occasions of one activity are one staff item, seen once more per run (not per occasion).
    const perItem = new Map<string, (typeof findings)[number]>();
    for (const f of findings) {
      const seen = perItem.get(alertKey(f));
      if (!seen || (f.severity === 'red' && seen.severity !== 'red')) perItem.set(alertKey(f), f);
    }
    const written = await db.tx(async (client) => {
      const w = await writeFindings(
        client,
        p.patient_id,
        [...perItem.values()],
        null,
        alerting === 'informational',
      );
      // Readings arrived after all: the open "missed" item is resolved (all clear).
      await resolveCleared(client, p.patient_id, rules, cleared, findings);
      return w;
    });
    result.created.push(...written.created);
    result.updated.push(...written.updated);
  }
  return result;
}
