import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';
import { checkMissedMeasurements } from './missed';

interface PlanBody {
  plan: {
    monitoringKind: string | null;
    activities: { id: string; code: string; sources: string[] }[];
    conflicts: { kind: string; code: string; field?: string; chosen: unknown; resolution: string }[];
    thresholds: Record<string, Record<string, number | null>>;
    contract: {
      goals: { text: string; status: string }[];
      agreements: unknown[];
      contacts: unknown[];
      nextFollowUp: string | null;
    };
    enrolments: {
      id: string;
      kind: string;
      status: string;
      responseTimeHours: number | null;
      protocols: { id: string; version: number }[];
      participants: { careUnitId: string; role: string }[];
    }[];
  };
}

describe.each(DATABASE_KINDS)('care plans (%s database)', (kind) => {
  let t: TestContext;
  let nurseA: Record<string, string>;
  let nurseB: Record<string, string>;
  let patientA: Record<string, string>;
  let patientB: Record<string, string>;
  let n = 0;

  beforeAll(async () => {
    t = await createTestContext(kind);
    nurseA = await login(t.app, 'nurse.a');
    nurseB = await login(t.app, 'nurse.b');
    patientA = await login(t.app, 'patient.a');
    patientB = await login(t.app, 'patient.b');
    // The fixture's enrolments carry no protocol; these tests start from a patient without one.
    await t.db.query(`UPDATE enrolment SET status = 'finished', ended_at = now()`);
  });
  afterAll(() => t.close());

  const call = (
    headers: Record<string, string>,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const measure = (
    headers: Record<string, string>,
    url: string,
    measurements: object[],
    effectiveAt?: string,
  ) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'idempotency-key': `k-${++n}` },
      payload: { measurements, ...(effectiveAt ? { effectiveAt } : {}) },
    });
  const alerts = async (patientId: string) =>
    (
      await t.db.query<{
        status: string;
        rule_kind: string | null;
        dedupe_key: string | null;
        occurrences: number;
        severity: string;
        resolution: string | null;
        informational: boolean;
      }>(
        'SELECT status, rule_kind, dedupe_key, occurrences, severity, resolution, informational FROM alert WHERE patient_id = $1 ORDER BY created_at, dedupe_key',
        [patientId],
      )
    ).rows;
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  // The weight rules take the first reading of each Europe/Stockholm calendar day, so weights sit on local
  // mornings (07:00 + minutes), `days` before yesterday: minutes before now would fall on the previous day
  // near local midnight, and today's morning may not have come yet. One reading of this process's clock (the
  // engine's now; the database's may differ) fixes the days for both weight tests, which share the patient.
  let weighedBefore: string | undefined;
  const morning = async (days: number, minutes = 0) => {
    weighedBefore ??= new Date().toISOString();
    const { rows } = await t.db.query<{ at: Date }>(
      `SELECT (date_trunc('day', $1::timestamptz AT TIME ZONE 'Europe/Stockholm')
                 - ($2::int + 1) * interval '1 day' + interval '7 hours' + $3::int * interval '1 minute')
                AT TIME ZONE 'Europe/Stockholm' AS at`,
      [weighedBefore, days, minutes],
    );
    return new Date(rows[0]!.at).toISOString();
  };
  const bp = (sys: number, dia: number) => ({
    code: 'bp',
    components: [
      { code: '8480-6', value: sys },
      { code: '8462-4', value: dia },
    ],
  });

  it('rejects an enrolment that cannot be made, precisely, and stores nothing', async () => {
    const url = `/api/staff/patients/${t.fixture.patientA}/enrolments`;
    const unknown = await call(nurseA, 'POST', url, {
      careUnitId: t.fixture.unitA,
      protocols: ['hypertension', 'nope'],
      kind: 'recommended',
    });
    expect(unknown.statusCode).toBe(400);
    expect(json<{ errors: { message: string }[] }>(unknown).errors.map((e) => e.message)).toEqual([
      'protocols[1]: nope is not an available protocol',
    ]);
    const noTarget = await call(nurseA, 'POST', url, {
      careUnitId: t.fixture.unitA,
      protocols: ['hypertension'],
      kind: 'prescribed',
    });
    expect(json<{ errors: { field: string }[] }>(noTarget).errors.map((e) => e.field)).toEqual([
      'responseTimeHours',
    ]);
    const otherUnit = await call(nurseA, 'POST', url, {
      careUnitId: t.fixture.unitB,
      protocols: ['hypertension'],
      kind: 'recommended',
    });
    expect(otherUnit.statusCode).toBe(403);
    const { rows } = await t.db.query(`SELECT 1 FROM enrolment WHERE patient_id = $1 AND status = 'active'`, [
      t.fixture.patientA,
    ]);
    expect(rows).toHaveLength(0);
  });

  it('enrols with two protocols into one plan: one BP schedule, tighter limits, conflicts shown', async () => {
    const res = await call(nurseA, 'POST', `/api/staff/patients/${t.fixture.patientA}/enrolments`, {
      careUnitId: t.fixture.unitA,
      protocols: ['hypertension', 'heart-failure'],
      kind: 'prescribed',
      responseTimeHours: 24,
    });
    expect(res.statusCode).toBe(201);
    const { plan } = json<PlanBody>(res);
    expect(plan.monitoringKind).toBe('prescribed');
    expect(plan.activities.filter((a) => a.code === '85354-9')).toHaveLength(1);
    expect(plan.activities.find((a) => a.code === '85354-9')!.sources).toEqual([
      'heart-failure',
      'hypertension',
    ]);
    // Library version 2: systolic yellow below 100 (hypertension) and 90 (heart failure) → 100.
    expect(plan.thresholds['8480-6']!.yellowLow).toBe(100);
    expect(plan.conflicts).toContainEqual(
      expect.objectContaining({
        kind: 'threshold',
        code: '8480-6',
        field: 'yellowLow',
        chosen: 100,
        resolution: 'tighter',
      }),
    );
    expect(plan.enrolments[0]).toMatchObject({
      kind: 'prescribed',
      responseTimeHours: 24,
      protocols: [
        { id: 'heart-failure', version: 1 },
        { id: 'hypertension', version: 1 },
      ],
    });
  });

  it('updates one open alert while a deviation persists, and resolves it when values return (all clear)', async () => {
    const url = `/api/staff/patients/${t.fixture.patientA}/measurements`;
    const hours40 = 40 * 60;
    expect((await measure(nurseA, url, [bp(186, 102)], ago(hours40 + 30))).statusCode).toBe(201);
    expect((await measure(nurseA, url, [bp(188, 104)], ago(hours40 + 20))).statusCode).toBe(201);
    let open = (await alerts(t.fixture.patientA)).filter((a) => a.status === 'open');
    // Systolic above red 180: an alert at once, seen twice. Diastolic above yellow 99: the heart-failure
    // protocol (version 3) confirms yellow BP by a second reading within 36 hours, so it joins on the second.
    // One BP reading is one item: both components' findings are one alert keyed by the panel.
    expect(open.map((a) => [a.dedupe_key, a.severity, a.occurrences])).toEqual([
      ['heart-failure.bp-bounds:85354-9:high', 'red', 2],
    ]);
    // All clear needs the same persistence: one reading back in range is not enough…
    expect((await measure(nurseA, url, [bp(124, 78)], ago(10))).statusCode).toBe(201);
    expect((await alerts(t.fixture.patientA)).filter((a) => a.status === 'open')).toHaveLength(1);
    // …two are, with no reading beyond the limits in the 36 hours before.
    expect((await measure(nurseA, url, [bp(122, 76)], ago(5))).statusCode).toBe(201);
    const all = await alerts(t.fixture.patientA);
    open = all.filter((a) => a.status === 'open');
    expect(open).toHaveLength(0);
    expect(all.map((a) => a.resolution)).toEqual(['all-clear']);
  });

  it('judges weight change over 3 days from the history, with the plan advice for the patient', async () => {
    const url = '/api/patient/measurements';
    for (const [days, kg] of [
      [3, 80.0],
      [2, 80.2],
      [1, 80.6],
    ] as const)
      await measure(patientA, url, [{ code: 'weight', value: kg }], await morning(days));
    const res = await measure(patientA, url, [{ code: 'weight', value: 82.8 }], await morning(0));
    expect(res.statusCode).toBe(201);
    const { results } = json<{ results: { evaluation: { severity: string; advice?: { sv: string } } }[] }>(
      res,
    );
    expect(results[0]!.evaluation.severity).toBe('green');
    expect(results[0]!.evaluation.advice?.sv).toMatch(
      /^Din vikt har ökat\. Ta den extra dosen vätskedrivande/,
    );
    await measure(patientA, url, [{ code: 'weight', value: 82.9 }], await morning(0, 3));
    // "2 kg in 3 days" is the patient's rule of thumb: advice for the patient, no item for staff.
    const weight = (await alerts(t.fixture.patientA)).filter((a) => a.rule_kind === 'changeOverWindow');
    expect(weight).toHaveLength(0);
  });

  it('alerts staff once when the morning weight rises above the personal baseline on two days', async () => {
    const url = '/api/patient/measurements';
    // Two weeks of stable weights (80 ± 0.3 kg), then two mornings 2.5 kg above them. The previous test's
    // weights stay on the same days, in the same order: its readings of day 3 and day 0 remain those days'
    // first, and 82.5 comes before its 80.6 on day 1.
    for (let d = 16; d >= 3; d--) {
      const kg = 80 + ((d % 3) - 1) * 0.3;
      await measure(patientA, url, [{ code: 'weight', value: kg }], await morning(d, 1));
    }
    await measure(patientA, url, [{ code: 'weight', value: 82.5 }], await morning(1, -10));
    await measure(patientA, url, [{ code: 'weight', value: 82.6 }], await morning(0, 1));
    await measure(patientA, url, [{ code: 'weight', value: 82.7 }], await morning(0, 4));
    const weight = (await alerts(t.fixture.patientA)).filter((a) => a.rule_kind === 'baselineDeviation');
    expect(weight).toHaveLength(1);
    expect(weight[0]).toMatchObject({
      status: 'open',
      severity: 'yellow',
      dedupe_key: 'heart-failure.weight-baseline:29463-7:high',
    });
  });

  it('shows personal self-care advice when a personal threshold is crossed', async () => {
    const advice = { yellowHigh: { sv: 'Ring din sjuksköterska Anna.', en: 'Call your nurse Anna.' } };
    const put = await call(nurseA, 'PUT', `/api/staff/patients/${t.fixture.patientA}/thresholds/8867-4`, {
      thresholds: { redLow: 40, yellowLow: 45, yellowHigh: 90, redHigh: 130 },
      reason: 'Beta blocker dose changed',
      advice,
    });
    expect(put.statusCode).toBe(200);
    expect(json(put)).toMatchObject({ source: 'personal', advice });
    const res = await measure(patientA, '/api/patient/measurements', [{ code: 'heart-rate', value: 95 }]);
    const { results } = json<{ results: { evaluation: { severity: string; advice: unknown } }[] }>(res);
    expect(results[0]!.evaluation).toMatchObject({ severity: 'yellow', advice: advice.yellowHigh });
    const bad = await call(nurseA, 'PUT', `/api/staff/patients/${t.fixture.patientA}/thresholds/8867-4`, {
      thresholds: { yellowHigh: 90 },
      reason: 'Missing English',
      advice: { yellowHigh: { sv: 'Ring', en: '' } },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('keeps the patient contract, visible to the patient', async () => {
    const contract = {
      goals: [{ text: 'Blodtryck under 135/85', status: 'active', targetDate: '2027-03-01' }],
      agreements: [
        { text: 'Mäter morgon och kväll', responsible: 'patient' },
        { text: 'Ringer vid röda värden inom 24 h', responsible: 'care' },
      ],
      contacts: [{ name: 'Sköterska A', role: 'Fast vårdkontakt', phone: '010-123 45 67' }],
      nextFollowUp: '2027-01-15',
    };
    const put = await call(
      nurseA,
      'PUT',
      `/api/staff/patients/${t.fixture.patientA}/plan/contract`,
      contract,
    );
    expect(put.statusCode).toBe(200);
    const mine = await call(patientA, 'GET', '/api/patient/plan');
    expect(mine.statusCode).toBe(200);
    const { plan } = json<PlanBody>(mine);
    expect(plan.contract).toMatchObject({ nextFollowUp: '2027-01-15', contacts: contract.contacts });
    expect(plan.contract.goals[0]).toMatchObject({ text: 'Blodtryck under 135/85', status: 'active' });
    expect(plan).not.toHaveProperty('rules');
    const bad = await call(nurseA, 'PUT', `/api/staff/patients/${t.fixture.patientA}/plan/contract`, {
      ...contract,
      goals: [{ text: 'x', status: 'maybe' }],
    });
    expect(bad.statusCode).toBe(400);
  });

  it("answers the patient's due-today list and adherence", async () => {
    // A plan started two days ago has every one of today's occasions (none falls before its start).
    await t.db.query(
      `UPDATE care_plan SET starts_at = now() - interval '2 days',
         activities = (SELECT jsonb_agg(a - 'startsAt') FROM jsonb_array_elements(activities) a) WHERE patient_id = $1`,
      [t.fixture.patientA],
    );
    const res = await call(patientA, 'GET', '/api/patient/today');
    expect(res.statusCode).toBe(200);
    const body = json<{
      date: string;
      timeZone: string;
      items: { activityId: string; status: string; dueLocal: string; readings: number }[];
      adherence: { overall: { percent: number } };
    }>(res);
    expect(body.timeZone).toBe('Europe/Stockholm');
    expect(body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const item of body.items) {
      expect(['done', 'due', 'missed', 'upcoming']).toContain(item.status);
      expect(item.dueLocal).toMatch(/^\d{2}:\d{2}$/);
    }
    // Heart failure: weight, BP (ESH week: 07:00 and 20:00, duplicate), pulse, symptoms; one BP schedule for both.
    expect(body.items.filter((i) => i.activityId === 'bp').map((i) => [i.dueLocal, i.readings])).toEqual([
      ['07:00', 2],
      ['20:00', 2],
    ]);
    expect(new Set(body.items.map((i) => i.activityId))).toEqual(
      new Set(['bp', 'weight', 'pulse', 'symptoms']),
    );
    expect(body.adherence.overall.percent).toBeGreaterThanOrEqual(0);
    const audited = await t.db.query(
      `SELECT 1 FROM audit_event WHERE patient_id = $1 AND action LIKE '%/api/patient/today'`,
      [t.fixture.patientA],
    );
    expect(audited.rows.length).toBeGreaterThan(0);
  });

  it('adds a participating unit from another organisation, which then has a care relationship', async () => {
    expect((await call(nurseB, 'GET', `/api/staff/patients/${t.fixture.patientA}/plan`)).statusCode).toBe(
      404,
    );
    const plan = json<PlanBody>(
      await call(nurseA, 'GET', `/api/staff/patients/${t.fixture.patientA}/plan`),
    ).plan;
    const enrolmentId = plan.enrolments.find((e) => e.status === 'active')!.id;
    const res = await call(
      nurseA,
      'POST',
      `/api/staff/patients/${t.fixture.patientA}/enrolments/${enrolmentId}/participants`,
      { careUnitId: t.fixture.unitB, role: 'home-care' },
    );
    expect(res.statusCode).toBe(201);
    expect(json<PlanBody>(res).plan.enrolments.find((e) => e.id === enrolmentId)!.participants).toEqual([
      expect.objectContaining({ careUnitId: t.fixture.unitB, role: 'home-care' }),
    ]);
    expect((await call(nurseB, 'GET', `/api/staff/patients/${t.fixture.patientA}/plan`)).statusCode).toBe(
      200,
    );
  });

  it('self-initiated monitoring raises no staff alerts; recommended raises informational ones', async () => {
    const url = `/api/staff/patients/${t.fixture.patientB}/enrolments`;
    const self = await call(nurseB, 'POST', url, {
      careUnitId: t.fixture.unitB,
      protocols: ['hypertension'],
      kind: 'self-initiated',
    });
    expect(self.statusCode).toBe(201);
    await measure(patientB, '/api/patient/measurements', [bp(190, 100)]);
    expect(await alerts(t.fixture.patientB)).toHaveLength(0);
    const { enrolmentId } = json<{ enrolmentId: string }>(self);
    const share = await call(patientB, 'PUT', `/api/patient/plan/sharing/${enrolmentId}`, { share: true });
    expect(share.statusCode).toBe(200);
    const changed = await call(
      nurseB,
      'PATCH',
      `/api/staff/patients/${t.fixture.patientB}/enrolments/${enrolmentId}`,
      { kind: 'recommended' },
    );
    expect(changed.statusCode).toBe(200);
    expect(json<PlanBody>(changed).plan.monitoringKind).toBe('recommended');
    await measure(patientB, '/api/patient/measurements', [bp(191, 99)]);
    const raised = await alerts(t.fixture.patientB);
    expect(raised.length).toBeGreaterThan(0);
    expect(raised.every((a) => a.informational)).toBe(true);
    const toPrescribed = await call(
      nurseB,
      'PATCH',
      `/api/staff/patients/${t.fixture.patientB}/enrolments/${enrolmentId}`,
      { kind: 'prescribed' },
    );
    expect(toPrescribed.statusCode).toBe(400);
  });

  it('reports missed measurements as one staff item per activity, updated by later runs, and a reminder', async () => {
    // Patient B's hypertension plan started two days ago and only one BP reading (now) was taken.
    await t.db.query(
      `UPDATE enrolment SET started_at = now() - interval '2 days' WHERE patient_id = $1 AND status = 'active'`,
      [t.fixture.patientB],
    );
    await call(
      nurseB,
      'PATCH',
      `/api/staff/patients/${t.fixture.patientB}/enrolments/${(await t.db.query<{ id: string }>(`SELECT id FROM enrolment WHERE patient_id = $1 AND status = 'active'`, [t.fixture.patientB])).rows[0]!.id}`,
      { kind: 'recommended' },
    );
    await t.db.query(
      `DELETE FROM observation o WHERE patient_id = $1 AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.observation_id = o.id)`,
      [t.fixture.patientB],
    );
    await t.db.query(
      `UPDATE observation SET effective_at = now() - interval '3 days' WHERE patient_id = $1`,
      [t.fixture.patientB],
    );
    const missedOfB = async () =>
      (await alerts(t.fixture.patientB)).filter((a) => a.rule_kind === 'missedMeasurement');
    const first = await checkMissedMeasurements(t.db, new Date());
    expect(first.reminders).toContainEqual({ patientId: t.fixture.patientB, activityIds: ['bp'] });
    expect(await missedOfB()).toEqual([
      expect.objectContaining({ status: 'open', occurrences: 1, informational: true }),
    ]);
    const second = await checkMissedMeasurements(t.db, new Date());
    expect(second.created).toEqual([]);
    expect(await missedOfB()).toEqual([
      expect.objectContaining({ status: 'open', occurrences: 2, dedupe_key: 'missed.bp:8480-6:missed' }),
    ]);
  });

  it('runs an activity\'s own missed check: "no reading for two days" counts a reading up to 48 h before', async () => {
    // Patient B's plan gets a daily weight whose only missed check is due at 12:00 UTC, met by any reading in the
    // 48 h before (no item per missed morning). The job runs half an hour after the next such noon.
    const due = new Date();
    due.setUTCHours(12, 0, 0, 0);
    if (due.getTime() <= Date.now()) due.setUTCDate(due.getUTCDate() + 1);
    const now = new Date(due.getTime() + 30 * 60_000);
    const weight = {
      id: 'weight',
      kind: 'measurement',
      code: '29463-7',
      title: { sv: 'Vikt', en: 'Weight' },
      instructions: { sv: 'Väg dig på morgonen.', en: 'Weigh yourself in the morning.' },
      schedule: [{ rrule: 'FREQ=DAILY;BYHOUR=7' }],
      sources: ['heart-failure'],
      missedCheck: { schedule: [{ rrule: 'FREQ=DAILY;BYHOUR=12' }], earlyMinutes: 2880, graceMinutes: 0 },
    };
    await t.db.query(
      `UPDATE care_plan SET time_zone = 'UTC', starts_at = $2, activities = $3::jsonb WHERE patient_id = $1`,
      [t.fixture.patientB, new Date(due.getTime() - 5 * 86_400_000), JSON.stringify([weight])],
    );
    const weightItems = async () =>
      (await alerts(t.fixture.patientB)).filter((a) => a.dedupe_key?.startsWith('missed.weight'));
    const none = await checkMissedMeasurements(t.db, now);
    expect(none.reminders).toContainEqual({ patientId: t.fixture.patientB, activityIds: ['weight'] });
    expect(await weightItems()).toEqual([expect.objectContaining({ status: 'open', informational: true })]);
    // 47 h 45 min before the check: older than the two days the job reads for daily checks, yet it counts.
    const taken = new Date(due.getTime() - (47 * 60 + 45) * 60_000).toISOString();
    expect(
      (await measure(patientB, '/api/patient/measurements', [{ code: 'weight', value: 81 }], taken))
        .statusCode,
    ).toBe(201);
    const met = await checkMissedMeasurements(t.db, now);
    expect(met.reminders.filter((r) => r.patientId === t.fixture.patientB)).toEqual([]);
    expect(await weightItems()).toEqual([
      expect.objectContaining({ status: 'acknowledged', resolution: 'all-clear' }),
    ]);
  });
});
