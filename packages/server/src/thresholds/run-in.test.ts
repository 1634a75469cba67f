import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';
import { evaluateRunIns, runInCodes } from './run-in';
import type { RunInProposalView } from './run-in-decisions';

const SYS = '8480-6';
const DIA = '8462-4';
const HOUR = 3_600_000;
const PLAN_LIMITS = {
  [SYS]: { redLow: 90, yellowLow: 100, yellowHigh: 135, redHigh: 180 },
  [DIA]: { redLow: 50, yellowLow: 60, yellowHigh: 85, redHigh: 110 },
};
const DAY = 24 * HOUR;

describe('runInCodes', () => {
  it('takes the proposable value codes of the enrolment’s own protocols only', () => {
    const activity = (code: string, sources: string[]) =>
      ({ id: code, kind: 'measurement', code, sources }) as never;
    expect(
      runInCodes(
        [
          activity('85354-9', ['hypertension']),
          activity('29463-7', ['hypertension']),
          activity('8867-4', ['hf']),
        ],
        ['hypertension'],
      ),
    ).toEqual([DIA, SYS]);
    expect(runInCodes(null, ['hypertension'])).toEqual([]);
  });

  it('leaves out an activity that keeps its values out of the run-in (BP in pregnancy)', () => {
    const activity = (code: string, sources: string[], runIn?: boolean) =>
      ({ id: code, kind: 'measurement', code, sources, ...(runIn === undefined ? {} : { runIn }) }) as never;
    const plan = [activity('85354-9', ['hypertension-pregnancy'], false), activity('8867-4', ['hf'])];
    expect(runInCodes(plan, ['hypertension-pregnancy', 'hf'])).toEqual(['8867-4']);
  });
});

describe.each(DATABASE_KINDS)('run-in proposals (%s database)', (kind) => {
  let t: TestContext;
  let nurseA: Record<string, string>;
  let nurseB: Record<string, string>;
  let patientA: Record<string, string>;
  let n = 0;

  beforeAll(async () => {
    t = await createTestContext(kind);
    nurseA = await login(t.app, 'nurse.a');
    nurseB = await login(t.app, 'nurse.b');
    patientA = await login(t.app, 'patient.a');
    // The fixture's enrolments carry no protocol; each test enrols the patients it needs.
    await t.db.query(`UPDATE enrolment SET status = 'finished', ended_at = now()`);
  });
  afterAll(() => t.close());

  const call = (headers: Record<string, string>, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function newPatient(): Promise<string> {
    const id = uuidv7();
    const serial = String(++n).padStart(4, '0');
    await t.db.query(
      `INSERT INTO patient (id, personnummer, given_name, family_name, birth_date, gender)
       VALUES ($1, $2, 'Run', 'In', '1950-01-01', 'male')`,
      [id, `19500101${serial}`],
    );
    return id;
  }

  /**
   * Enrols through the API, moves the start `daysAgo` days back to 09:00 Stockholm time and stores BP readings
   * every 12 hours of the run-in from the start (values cycle), plus one reading before and after the run-in.
   */
  async function enrolWithReadings(opts: {
    patientId: string;
    nurse: Record<string, string>;
    unitId: string;
    kind: 'prescribed' | 'recommended' | 'self-initiated';
    /** Default: hypertension. */
    protocols?: string[];
    daysAgo: number;
    readings: number;
    sys: number[];
    dia: number[];
  }): Promise<Date> {
    const res = await call(opts.nurse, 'POST', `/api/staff/patients/${opts.patientId}/enrolments`, {
      careUnitId: opts.unitId,
      protocols: opts.protocols ?? ['hypertension'],
      kind: opts.kind,
      ...(opts.kind === 'prescribed' ? { responseTimeHours: 24 } : {}),
    });
    expect(res.statusCode).toBe(201);
    const { rows } = await t.db.query<{ started_at: Date }>(
      `UPDATE enrolment SET started_at =
         (date_trunc('day', now() AT TIME ZONE 'Europe/Stockholm') - make_interval(days => $2) + interval '9 hours')
           AT TIME ZONE 'Europe/Stockholm'
       WHERE patient_id = $1 AND status = 'active' RETURNING started_at`,
      [opts.patientId, opts.daysAgo],
    );
    const start = new Date(rows[0]!.started_at).getTime();
    // The plan's BP limits are fixed here (the catalogue's home limits) so these figures do not follow the
    // tuning of the shipped hypertension protocol.
    await t.db.query(`UPDATE care_plan SET thresholds = thresholds || $2::jsonb WHERE patient_id = $1`, [
      opts.patientId,
      JSON.stringify(PLAN_LIMITS),
    ]);
    const times = [
      start - HOUR, // before the enrolment
      ...Array.from({ length: opts.readings }, (_, i) => start + i * 12 * HOUR),
      start + 14 * DAY + 2 * HOUR, // after the run-in
    ];
    for (const [i, time] of times.entries()) {
      const inside = i > 0 && i <= opts.readings;
      const sys = inside ? opts.sys[(i - 1) % opts.sys.length]! : 200;
      const dia = inside ? opts.dia[(i - 1) % opts.dia.length]! : 120;
      await t.db.query(
        `INSERT INTO observation (patient_id, id, code, effective_at, value, value2, unit, original_values, original_units, source)
         VALUES ($1, $2, '85354-9', $3, $4, $5, 'mm[Hg]', $6, '{mm[Hg],mm[Hg]}', 'patient-app')`,
        [opts.patientId, uuidv7(), new Date(time), sys, dia, [sys, dia]],
      );
    }
    return new Date(start);
  }

  const proposals = async (headers: Record<string, string>, patientId: string) =>
    call(headers, 'GET', `/api/staff/patients/${patientId}/run-in`);
  const pending = async (patientId: string) =>
    json<{ proposals: RunInProposalView[] }>(await proposals(nurseA, patientId)).proposals.filter(
      (p) => p.status === 'pending',
    );
  const worklist = async (headers: Record<string, string>) =>
    json<{ items: { kind: string; patientId: string; count: number; reasons: { reviewPlan: boolean }[] }[] }>(
      await call(headers, 'GET', '/api/staff/worklist?kind=proposal'),
    ).items;
  const measure = async (sys: number, dia: number) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/patient/measurements',
      headers: { ...patientA, 'idempotency-key': `run-in-${++n}` },
      payload: {
        measurements: [
          {
            code: 'bp',
            components: [
              { code: SYS, value: sys },
              { code: DIA, value: dia },
            ],
          },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    return json<{ results: { evaluation: { severity: string } }[] }>(res).results[0]!.evaluation.severity;
  };

  // Patient A: a treated hypertensive living at 141 systolic (plan's yellow above 135), diastolic well inside.
  const STABLE_141 = [140, 142, 138, 145, 139, 141, 143];
  const DIA_72 = [70, 72, 74, 71, 73, 72, 69];

  it('proposes limits once per enrolment and code, from the run-in’s readings only', async () => {
    await enrolWithReadings({
      patientId: t.fixture.patientA,
      nurse: nurseA,
      unitId: t.fixture.unitA,
      kind: 'prescribed',
      daysAgo: 16,
      readings: 28,
      sys: STABLE_141,
      dia: DIA_72,
    });
    const first = await evaluateRunIns(t.db, new Date(), { patientIds: [t.fixture.patientA] });
    expect(first).toMatchObject({ enrolmentsEvaluated: 1, unchanged: 1, insufficient: 0 });
    expect(first.proposed).toHaveLength(1);
    // Re-running (the next hourly tick) does nothing.
    const again = await evaluateRunIns(t.db, new Date());
    expect(again).toEqual({
      enrolmentsEvaluated: 0,
      tooLate: 0,
      proposed: [],
      unchanged: 0,
      insufficient: 0,
      failed: 0,
    });

    const list = json<{ proposals: RunInProposalView[] }>(
      await proposals(nurseA, t.fixture.patientA),
    ).proposals;
    expect(list.map((p) => [p.code, p.status])).toEqual([
      [SYS, 'pending'],
      [DIA, 'unchanged'],
    ]);
    // Median 141, MAD 2 → 3.0, floored at 4 mmHg; yellow above 141 + 2.5 × 4 = 151; red stays at 180.
    expect(list[0]).toMatchObject({
      id: first.proposed[0],
      current: { redLow: 90, yellowLow: 100, yellowHigh: 135, redHigh: 180 },
      proposed: { redLow: 90, yellowLow: 100, yellowHigh: 151, redHigh: 180 },
      usual: 141,
      spread: 4,
      readingsUsed: 28, // not the one before the start or the one after the run-in
      daysUsed: 14,
      usualBeyondRed: false,
    });
    const items = (await worklist(nurseA)).filter((i) => i.patientId === t.fixture.patientA);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'proposal', count: 1, reasons: [{ reviewPlan: false }] });
  });

  it('answers 404 without a care relationship and 403 to a patient, and audits staff access', async () => {
    expect((await proposals(nurseB, t.fixture.patientA)).statusCode).toBe(404);
    expect((await proposals(patientA, t.fixture.patientA)).statusCode).toBe(403);
    const [p] = await pending(t.fixture.patientA);
    const accept = await call(
      nurseB,
      'POST',
      `/api/staff/patients/${t.fixture.patientA}/run-in/${p!.id}/accept`,
      {},
    );
    expect(accept.statusCode).toBe(404);
    // Nor through another patient's address.
    const wrong = await call(
      nurseA,
      'POST',
      `/api/staff/patients/${t.fixture.patientB}/run-in/${p!.id}/reject`,
      {},
    );
    expect(wrong.statusCode).toBe(404);
    expect((await pending(t.fixture.patientA)).map((x) => x.id)).toEqual([p!.id]);
    const { rows } = await t.db.query<{ action: string; actor_account_id: string }>(
      `SELECT action, actor_account_id FROM audit_event WHERE patient_id = $1 AND action LIKE '%/run-in%'`,
      [t.fixture.patientA],
    );
    expect(rows.filter((r) => r.action === 'read /api/staff/patients/:id/run-in').length).toBeGreaterThan(0);
    expect(rows.every((r) => r.actor_account_id === t.fixture.nurseA)).toBe(true);
  });

  it('accepting writes personal thresholds with history: a value yellow before is green after', async () => {
    expect(await measure(141, 80)).toBe('yellow');
    const [p] = await pending(t.fixture.patientA);
    const bad = await call(
      nurseA,
      'POST',
      `/api/staff/patients/${t.fixture.patientA}/run-in/${p!.id}/accept`,
      {
        thresholds: { redHigh: 190 },
      },
    );
    expect(bad.statusCode).toBe(400);
    expect(json<{ errors: { field: string }[] }>(bad).errors.map((e) => e.field)).toEqual([
      'thresholds.redHigh',
    ]);
    const invalid = await call(
      nurseA,
      'POST',
      `/api/staff/patients/${t.fixture.patientA}/run-in/${p!.id}/accept`,
      {
        thresholds: { yellowHigh: 185 },
      },
    );
    expect(invalid.statusCode).toBe(400);

    const res = await call(
      nurseA,
      'POST',
      `/api/staff/patients/${t.fixture.patientA}/run-in/${p!.id}/accept`,
      {
        thresholds: { yellowHigh: 150 },
      },
    );
    expect(res.statusCode).toBe(200);
    expect(json<{ proposal: RunInProposalView }>(res).proposal).toMatchObject({
      status: 'accepted',
      accepted: { redLow: 90, yellowLow: 100, yellowHigh: 150, redHigh: 180 },
      decidedBy: 'Sköterska A',
    });
    const thresholds = json<{
      thresholds: { code: string; source: string; reason: string; changedBy: string }[];
    }>(await call(nurseA, 'GET', `/api/staff/patients/${t.fixture.patientA}/thresholds`)).thresholds.find(
      (e) => e.code === SYS,
    )!;
    expect(thresholds).toMatchObject({ source: 'personal', changedBy: 'Sköterska A' });
    expect(thresholds.reason).toMatch(
      /^Inkörning 14 dagar: median 141, spridning 4 \(28 värden, 14 dagar\); gula/,
    );
    const history = await t.db.query<{ thresholds: { yellowHigh: number }; changed_by: string }>(
      'SELECT thresholds, changed_by FROM threshold_change WHERE patient_id = $1 AND code = $2',
      [t.fixture.patientA, SYS],
    );
    expect(history.rows.map((r) => [r.thresholds.yellowHigh, r.changed_by])).toEqual([
      [150, t.fixture.nurseA],
    ]);
    expect(await measure(141, 80)).toBe('green');
    expect(await measure(152, 80)).toBe('yellow');
    // No pending proposal left: the worklist line has gone.
    expect((await worklist(nurseA)).filter((i) => i.patientId === t.fixture.patientA)).toEqual([]);
    const audit = await t.db.query(
      `SELECT 1 FROM audit_event WHERE patient_id = $1 AND action = 'update /api/staff/patients/:id/run-in/:proposalId/accept'`,
      [t.fixture.patientA],
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('lets exactly one of two concurrent decisions win; the other gets 409', async () => {
    const patientId = await newPatient();
    // Diastolic around 112: usual beyond the red limit 110, so the plan needs a clinician's review.
    await enrolWithReadings({
      patientId,
      nurse: nurseA,
      unitId: t.fixture.unitA,
      kind: 'recommended',
      daysAgo: 15,
      readings: 20,
      sys: STABLE_141,
      dia: [111, 112, 113, 112, 114, 110, 112],
    });
    const run = await evaluateRunIns(t.db, new Date(), { patientIds: [patientId] });
    expect(run.proposed).toHaveLength(2);
    const item = (await worklist(nurseA)).find((i) => i.patientId === patientId);
    expect(item).toMatchObject({ count: 2, reasons: [{ reviewPlan: true }] });
    const [sys, dia] = [
      (await pending(patientId)).find((p) => p.code === SYS)!,
      (await pending(patientId)).find((p) => p.code === DIA)!,
    ];
    expect(dia).toMatchObject({ usualBeyondRed: true, proposed: { yellowHigh: 110, redHigh: 110 } });

    const url = (id: string, what: string) => `/api/staff/patients/${patientId}/run-in/${id}/${what}`;
    const both = await Promise.all([
      call(nurseA, 'POST', url(sys.id, 'accept'), {}),
      call(nurseA, 'POST', url(sys.id, 'accept'), {}),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const lost = both.find((r) => r.statusCode === 409)!;
    expect(json<{ detail: string }>(lost).detail).toMatch(/^This run-in proposal was already accepted at /);
    const changes = await t.db.query('SELECT 1 FROM threshold_change WHERE patient_id = $1', [patientId]);
    expect(changes.rows).toHaveLength(1);

    const rejected = await call(nurseA, 'POST', url(dia.id, 'reject'), { reason: 'Läkaren ser över planen' });
    expect(rejected.statusCode).toBe(200);
    expect(json<{ proposal: RunInProposalView }>(rejected).proposal).toMatchObject({
      status: 'rejected',
      decisionReason: 'Läkaren ser över planen',
    });
    const late = await call(nurseA, 'POST', url(dia.id, 'accept'), {});
    expect(late.statusCode).toBe(409);
    expect(json<{ detail: string }>(late).detail).toMatch(/already rejected/);
    expect((await worklist(nurseA)).find((i) => i.patientId === patientId)).toBeUndefined();
  });

  it('never proposes BP limits for hypertension in pregnancy (the protocol opts BP out of the run-in)', async () => {
    const patientId = await newPatient();
    await enrolWithReadings({
      patientId,
      nurse: nurseA,
      unitId: t.fixture.unitA,
      kind: 'prescribed',
      protocols: ['hypertension-pregnancy'],
      daysAgo: 16,
      readings: 28,
      sys: STABLE_141, // the same readings give patient A a proposal under the hypertension protocol
      dia: DIA_72,
    });
    const run = await evaluateRunIns(t.db, new Date(), { patientIds: [patientId] });
    expect(run).toEqual({
      enrolmentsEvaluated: 1,
      tooLate: 0,
      proposed: [],
      unchanged: 0,
      insufficient: 0,
      failed: 0,
    });
    expect(json<{ proposals: RunInProposalView[] }>(await proposals(nurseA, patientId)).proposals).toEqual(
      [],
    );
    expect((await worklist(nurseA)).find((i) => i.patientId === patientId)).toBeUndefined();
  });

  it('records too few readings, skips self-initiated monitoring and stale run-ins', async () => {
    // Patient B at unit B: five readings over three days is not a run-in.
    await enrolWithReadings({
      patientId: t.fixture.patientB,
      nurse: nurseB,
      unitId: t.fixture.unitB,
      kind: 'recommended',
      daysAgo: 15,
      readings: 5,
      sys: STABLE_141,
      dia: DIA_72,
    });
    const selfInitiated = await newPatient();
    await enrolWithReadings({
      patientId: selfInitiated,
      nurse: nurseA,
      unitId: t.fixture.unitA,
      kind: 'self-initiated',
      daysAgo: 16,
      readings: 28,
      sys: STABLE_141,
      dia: DIA_72,
    });
    const stale = await newPatient();
    await enrolWithReadings({
      patientId: stale,
      nurse: nurseA,
      unitId: t.fixture.unitA,
      kind: 'prescribed',
      daysAgo: 60,
      readings: 28,
      sys: STABLE_141,
      dia: DIA_72,
    });
    // Not yet over: 13 days ago.
    const running = await newPatient();
    await enrolWithReadings({
      patientId: running,
      nurse: nurseA,
      unitId: t.fixture.unitA,
      kind: 'prescribed',
      daysAgo: 13,
      readings: 20,
      sys: STABLE_141,
      dia: DIA_72,
    });
    const run = await evaluateRunIns(t.db, new Date());
    expect(run).toEqual({
      enrolmentsEvaluated: 1,
      tooLate: 1,
      proposed: [],
      unchanged: 0,
      insufficient: 2,
      failed: 0,
    });
    const list = json<{ proposals: RunInProposalView[] }>(
      await proposals(nurseB, t.fixture.patientB),
    ).proposals;
    expect(list.map((p) => [p.code, p.status, p.readingsUsed, p.daysUsed, p.proposed])).toEqual([
      [DIA, 'insufficient', 5, 3, null],
      [SYS, 'insufficient', 5, 3, null],
    ]);
    expect(await worklist(nurseB)).toEqual([]);
    const claimed = await t.db.query<{ patient_id: string; outcome: string }>(
      'SELECT patient_id, outcome FROM run_in WHERE patient_id = ANY($1::uuid[])',
      [[selfInitiated, stale, running]],
    );
    expect(claimed.rows).toEqual([{ patient_id: stale, outcome: 'too-late' }]);
  });
});
