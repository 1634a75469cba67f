import type { Queryable } from '../db/database';
import { toCsv } from '../http/csv';

// Follow-up figures per unit (and protocol) over a period, from the tables the workspace writes:
// enrolments, observations, alerts with their acknowledgement times, and recorded handling times.
// Aggregates only: no patient is named, so the dashboard is not a view of patient data.

export interface DashboardQuery {
  unitId: string;
  protocol?: string;
  from: Date;
  to: Date;
}

export interface Dashboard {
  patients: number;
  patientsByKind: Record<string, number>;
  /** Mean share of days with at least one value, percent. */
  adherencePercent: number | null;
  alertsPer100PatientWeeks: number | null;
  medianMinutesToAcknowledgeRed: number | null;
  staffMinutesPer100PatientsPerWeek: number | null;
  outcomes: {
    /** Mean home BP in weeks 0–1 and 20–21 of enrolment, for patients with values in both windows. */
    homeBp: { patients: number; early: [number, number] | null; late: [number, number] | null };
    weight: { patients: number; early: number | null; late: number | null };
    /** Share of glucose values in 3.9–10.0 mmol/L in the period, percent. */
    glucoseTimeInRangePercent: number | null;
  };
  weeks: { week: string; alerts: number; staffMinutes: number }[];
}

const round1 = (n: number | null | undefined) => (n == null ? null : Math.round(Number(n) * 10) / 10);

// The unit's active enrolments (optionally with the protocol): one row per patient, earliest start.
const COHORT = `cohort AS (
  SELECT DISTINCT ON (e.patient_id) e.patient_id, e.kind, e.started_at
  FROM enrolment e
  WHERE e.status = 'active' AND e.care_unit_id = $1
    AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM enrolment_protocol ep
         WHERE ep.patient_id = e.patient_id AND ep.enrolment_id = e.id AND ep.protocol_id = $2))
  ORDER BY e.patient_id, e.started_at)`;

export async function dashboard(db: Queryable, q: DashboardQuery): Promise<Dashboard> {
  const params = [q.unitId, q.protocol ?? null, q.from, q.to];
  const days = Math.max((q.to.getTime() - q.from.getTime()) / 86_400_000, 1);
  const weeks = days / 7;

  const { rows: kinds } = await db.query<{ kind: string; n: number }>(
    `WITH ${COHORT} SELECT kind, count(*)::int AS n FROM cohort GROUP BY kind`,
    params.slice(0, 2),
  );
  const patients = kinds.reduce((s, k) => s + k.n, 0);

  const { rows: agg } = await db.query<{
    adherence: number | null;
    alerts: number;
    median_ack: number | null;
    staff_seconds: number | null;
    tir: number | null;
  }>(
    `WITH ${COHORT}
     SELECT
       (SELECT avg(d.n) FROM (
          SELECT (SELECT count(DISTINCT (o.effective_at AT TIME ZONE 'Europe/Stockholm')::date)
                  FROM observation o WHERE o.patient_id = c.patient_id AND o.effective_at >= $3 AND o.effective_at < $4)
                 AS n FROM cohort c) d) AS adherence,
       (SELECT count(*)::int FROM alert a JOIN cohort c ON c.patient_id = a.patient_id
          WHERE a.created_at >= $3 AND a.created_at < $4) AS alerts,
       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.acknowledged_at - a.created_at) / 60)
          FROM alert a JOIN cohort c ON c.patient_id = a.patient_id
          WHERE a.severity = 'red' AND a.acknowledged_at IS NOT NULL AND a.resolution IS NULL
            AND a.created_at >= $3 AND a.created_at < $4) AS median_ack,
       (SELECT sum(h.seconds) FROM handling_event h JOIN cohort c ON c.patient_id = h.patient_id
          WHERE h.care_unit_id = $1 AND h.at >= $3 AND h.at < $4) AS staff_seconds,
       (SELECT 100.0 * avg(CASE WHEN o.value BETWEEN 3.9 AND 10.0 THEN 1 ELSE 0 END)
          FROM observation o JOIN cohort c ON c.patient_id = o.patient_id
          WHERE o.code = '15074-8' AND o.effective_at >= $3 AND o.effective_at < $4
            AND o.status <> 'entered-in-error' AND o.superseded_by IS NULL) AS tir`,
    params,
  );
  const a = agg[0]!;

  // Outcomes by week of enrolment (weeks 0–1 vs 20–21), per patient first, then the mean of patients.
  const { rows: outcome } = await db.query<{
    code: string;
    patients: number;
    early1: number | null;
    early2: number | null;
    late1: number | null;
    late2: number | null;
  }>(
    `WITH ${COHORT},
     per AS (
       SELECT c.patient_id, o.code,
         avg(o.value) FILTER (WHERE o.effective_at < c.started_at + interval '14 days') AS e1,
         avg(o.value2) FILTER (WHERE o.effective_at < c.started_at + interval '14 days') AS e2,
         avg(o.value) FILTER (WHERE o.effective_at >= c.started_at + interval '140 days'
                                AND o.effective_at < c.started_at + interval '154 days') AS l1,
         avg(o.value2) FILTER (WHERE o.effective_at >= c.started_at + interval '140 days'
                                 AND o.effective_at < c.started_at + interval '154 days') AS l2
       FROM cohort c JOIN observation o ON o.patient_id = c.patient_id
       WHERE o.code IN ('85354-9', '29463-7') AND o.effective_at >= c.started_at
         AND o.effective_at < c.started_at + interval '154 days'
         AND o.status <> 'entered-in-error' AND o.superseded_by IS NULL
       GROUP BY c.patient_id, o.code)
     SELECT code, count(*)::int AS patients, avg(e1) AS early1, avg(e2) AS early2, avg(l1) AS late1, avg(l2) AS late2
     FROM per WHERE e1 IS NOT NULL AND l1 IS NOT NULL GROUP BY code`,
    params.slice(0, 2),
  );
  const bp = outcome.find((o) => o.code === '85354-9');
  const weight = outcome.find((o) => o.code === '29463-7');

  // Stockholm weeks (Monday 00:00 local), like adherence's Stockholm days: otherwise an alert between 00:00
  // and 01:00/02:00 on a Monday counts in the week before. Each bound is converted on its own, as a week
  // across a DST change is 167 or 169 hours long.
  const { rows: weekly } = await db.query<{ week: string; alerts: number; seconds: number }>(
    `WITH ${COHORT},
     local AS (SELECT generate_series(date_trunc('week', $3::timestamptz AT TIME ZONE 'Europe/Stockholm'),
                                      ($4::timestamptz - interval '1 second') AT TIME ZONE 'Europe/Stockholm',
                                      interval '1 week') AS week),
     w AS (SELECT week AS local_week, week AT TIME ZONE 'Europe/Stockholm' AS starts,
                  (week + interval '1 week') AT TIME ZONE 'Europe/Stockholm' AS ends FROM local)
     SELECT to_char(w.local_week, 'IYYY-"W"IW') AS week,
       (SELECT count(*)::int FROM alert a JOIN cohort c ON c.patient_id = a.patient_id
          WHERE a.created_at >= w.starts AND a.created_at < w.ends) AS alerts,
       (SELECT coalesce(sum(h.seconds), 0)::int FROM handling_event h JOIN cohort c ON c.patient_id = h.patient_id
          WHERE h.care_unit_id = $1 AND h.at >= w.starts AND h.at < w.ends) AS seconds
     FROM w ORDER BY w.local_week`,
    params,
  );

  const perPatientWeeks = patients > 0 ? patients * weeks : 0;
  return {
    patients,
    patientsByKind: Object.fromEntries(kinds.map((k) => [k.kind, k.n])),
    adherencePercent: patients > 0 && a.adherence != null ? round1((Number(a.adherence) / days) * 100) : null,
    alertsPer100PatientWeeks: perPatientWeeks > 0 ? round1((a.alerts / perPatientWeeks) * 100) : null,
    medianMinutesToAcknowledgeRed: round1(a.median_ack),
    staffMinutesPer100PatientsPerWeek:
      perPatientWeeks > 0 ? round1((Number(a.staff_seconds ?? 0) / 60 / perPatientWeeks) * 100) : null,
    outcomes: {
      homeBp: {
        patients: bp?.patients ?? 0,
        early: bp ? [Math.round(Number(bp.early1)), Math.round(Number(bp.early2))] : null,
        late: bp ? [Math.round(Number(bp.late1)), Math.round(Number(bp.late2))] : null,
      },
      weight: {
        patients: weight?.patients ?? 0,
        early: round1(weight?.early1),
        late: round1(weight?.late1),
      },
      glucoseTimeInRangePercent: round1(a.tir),
    },
    weeks: weekly.map((w) => ({ week: w.week, alerts: w.alerts, staffMinutes: round1(w.seconds / 60) ?? 0 })),
  };
}

/** The dashboard as CSV (one figure per row; the weekly series after), for spreadsheets. */
export function dashboardCsv(d: Dashboard, q: DashboardQuery): string {
  const rows: (string | number | null)[][] = [
    ['measure', 'value'],
    ['period_from', q.from.toISOString()],
    ['period_to', q.to.toISOString()],
    ['protocol', q.protocol ?? 'all'],
    ['patients', d.patients],
    ...Object.entries(d.patientsByKind).map(([k, n]) => [`patients_${k}`, n]),
    ['adherence_percent', d.adherencePercent],
    ['alerts_per_100_patient_weeks', d.alertsPer100PatientWeeks],
    ['median_minutes_to_acknowledge_red', d.medianMinutesToAcknowledgeRed],
    ['staff_minutes_per_100_patients_per_week', d.staffMinutesPer100PatientsPerWeek],
    ['home_bp_patients', d.outcomes.homeBp.patients],
    ['home_bp_weeks_0_1', d.outcomes.homeBp.early?.join('/') ?? null],
    ['home_bp_weeks_20_21', d.outcomes.homeBp.late?.join('/') ?? null],
    ['weight_patients', d.outcomes.weight.patients],
    ['weight_weeks_0_1_kg', d.outcomes.weight.early],
    ['weight_weeks_20_21_kg', d.outcomes.weight.late],
    ['glucose_time_in_range_percent', d.outcomes.glucoseTimeInRangePercent],
    [],
    ['week', 'alerts', 'staff_minutes'],
    ...d.weeks.map((w) => [w.week, w.alerts, w.staffMinutes]),
  ];
  return toCsv(rows);
}
