import {
  buildResponse,
  byScores,
  findQuestionnaire,
  flattenItems,
  type QuestionnaireResponse,
} from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import {
  createTestContext,
  DATABASE_KINDS,
  gatewayToken,
  json,
  login,
  type TestContext,
} from '../testing/test-context';

const phq9 = (scores: number[]) => buildResponse(findQuestionnaire('phq-9')!, byScores('phq9', scores));

describe.each(DATABASE_KINDS)('questionnaires (%s database)', (kind) => {
  let t: TestContext;
  let patient: Record<string, string>;
  let nurse: Record<string, string>;
  let key = 0;
  const post = (body: unknown, idempotencyKey = `k-${++key}`) =>
    t.app.inject({
      method: 'POST',
      url: '/api/patient/questionnaire-responses',
      headers: { ...patient, 'idempotency-key': idempotencyKey },
      payload: body as object,
    });
  const counts = async () => {
    const one = async (sql: string) => Number((await t.db.query(sql)).rows[0]!.n);
    return {
      responses: await one('SELECT count(*) AS n FROM questionnaire_response'),
      observations: await one('SELECT count(*) AS n FROM observation'),
      alerts: await one('SELECT count(*) AS n FROM alert'),
    };
  };

  beforeAll(async () => {
    t = await createTestContext(kind);
    patient = await login(t.app, 'patient.a');
    nurse = await login(t.app, 'nurse.a');
  });
  afterAll(() => t.close());

  it('lists the shipped questionnaires; licensed ones are not offered until their wording is imported', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/questionnaires', headers: patient });
    expect(res.statusCode).toBe(200);
    const list = json<{ questionnaires: { id: string; available: boolean; title: { en: string } }[] }>(
      res,
    ).questionnaires;
    expect(list.map((q) => [q.id, q.available])).toEqual([
      ['phq-9', true],
      ['gad-7', true],
      ['mmrc', true],
      ['pain-nrs', true],
      ['hf-symptoms', true],
      ['symptom-diary', true],
      ['cat', false],
      ['act', false],
    ]);
    const one = await t.app.inject({ method: 'GET', url: '/api/questionnaires/phq-9', headers: patient });
    expect(json(one)).toMatchObject({
      resourceType: 'Questionnaire',
      url: 'http://hemma.se/fhir/Questionnaire/phq-9',
    });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/questionnaires/nope', headers: patient })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/questionnaires' })).statusCode).toBe(401);
  });

  it('stores a response with its score Observations and answers a retry with the original', async () => {
    const before = await counts();
    const body = phq9([1, 1, 1, 1, 1, 1, 1, 1, 0]);
    const first = await post(body, 'same-key');
    expect(first.statusCode).toBe(201);
    const created = json<{
      response: { id: string; total: number; band: string; severity: string };
      score: object;
    }>(first);
    expect(created.score).toEqual({ total: 8, band: 'mild', flags: [] });
    expect(created.response).toMatchObject({
      questionnaire: 'phq-9',
      total: 8,
      severity: 'green',
      source: 'patient-app',
    });
    const retry = await post(body, 'same-key');
    expect(retry.statusCode).toBe(200);
    expect(json<{ response: { id: string } }>(retry).response.id).toBe(created.response.id);
    const after = await counts();
    expect(after).toEqual({
      ...before,
      responses: before.responses + 1,
      observations: before.observations + 2,
    });
    const obs = await t.db.query<{ code: string; value: number; idempotency_key: string }>(
      'SELECT code, value, idempotency_key FROM observation WHERE idempotency_key LIKE $1 ORDER BY code',
      [`qr:${created.response.id}:%`],
    );
    expect(obs.rows.map((r) => [r.code, r.value])).toEqual([
      ['44260-8', 0],
      ['44261-6', 8],
    ]);
    const audits = await t.db.query(
      `SELECT 1 FROM audit_event WHERE patient_id = $1 AND action LIKE 'create /api/patient/questionnaire-responses'`,
      [t.fixture.patientA],
    );
    expect(audits.rows).toHaveLength(1);
  });

  it('rejects a response item by item and stores nothing', async () => {
    const before = await counts();
    const body = phq9([0, 1, 2, 3, 0, 1, 2, 3, 0]);
    body.item = body.item!.filter((i) => i.linkId !== 'phq9-2');
    body.item[0]!.answer = [{ valueCoding: { code: 'LA0000-0' } }];
    body.item.push({ linkId: 'phq9-99', answer: [{ valueInteger: 1 }] });
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = json<{ errors: { linkId?: string; kind: string; field: string }[] }>(res);
    expect(problem.errors.map((e) => [e.linkId, e.kind])).toEqual([
      ['phq9-1', 'out-of-range'],
      ['phq9-99', 'unknown-code'],
      ['phq9-2', 'required'],
    ]);
    const pain = await post(buildResponse(findQuestionnaire('pain-nrs')!, { 'pain-now': 12 }));
    expect(json<{ errors: { message: string }[] }>(pain).errors.map((e) => e.message)).toEqual([
      'pain-now: 12 is outside 0–10',
    ]);
    const unknown = await post({ questionnaire: 'http://example.org/Questionnaire/x', status: 'completed' });
    expect(unknown.statusCode).toBe(400);
    expect(
      (await post({ ...phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]), authored: '2999-01-01T00:00:00Z' })).statusCode,
    ).toBe(400);
    const missingKey = await t.app.inject({
      method: 'POST',
      url: '/api/patient/questionnaire-responses',
      headers: patient,
      payload: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]),
    });
    expect(missingKey.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('PHQ-9 item 9 above 0 puts a red alert on the worklist even with a minimal total', async () => {
    const res = await post(phq9([0, 0, 0, 0, 0, 0, 0, 0, 1]));
    expect(res.statusCode).toBe(201);
    const { response, score } = json<{
      response: { id: string; severity: string };
      score: { total: number; band: string; flags: string[] };
    }>(res);
    expect(score).toEqual({ total: 1, band: 'minimal', flags: ['suicidality'] });
    expect(response.severity).toBe('red');
    const worklist = json<{
      items: {
        patientId: string;
        severity: string;
        reasons: { code: string; value: number; limit: number }[];
      }[];
    }>(await t.app.inject({ method: 'GET', url: '/api/staff/worklist', headers: nurse })).items;
    const mine = worklist.filter(
      (i) => i.patientId === t.fixture.patientA && i.reasons.some((r) => r.code === '44260-8'),
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ severity: 'red', reasons: [{ code: '44260-8', value: 1, limit: 0 }] });
  });

  it('a personal limit on item 9 cannot switch the red alert off', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/staff/patients/${t.fixture.patientA}/thresholds/44260-8`,
      headers: nurse,
      payload: { thresholds: { yellowHigh: 3, redHigh: 3 }, reason: 'test' },
    });
    expect(put.statusCode).toBe(200);
    const res = await post(phq9([0, 0, 0, 0, 0, 0, 0, 0, 2]));
    expect(json<{ response: { severity: string } }>(res).response.severity).toBe('red');
  });

  it('a total in the moderate band is a yellow alert by the published cut-off', async () => {
    const res = await post(phq9([2, 2, 2, 2, 2, 0, 0, 0, 0]));
    expect(json<{ response: { severity: string; total: number } }>(res).response).toMatchObject({
      total: 10,
      severity: 'yellow',
    });
  });

  it('staff read the answers and scores over time; other units and patients cannot', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/staff/patients/${t.fixture.patientA}/questionnaire-responses?questionnaire=phq-9`,
      headers: nurse,
    });
    expect(res.statusCode).toBe(200);
    const responses = json<{ responses: { total: number; items: { linkId: string }[] }[] }>(res).responses;
    expect(responses.length).toBeGreaterThanOrEqual(3);
    expect(responses[0]!.items.map((i) => i.linkId)).toContain('phq9-9');
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/staff/patients/${t.fixture.patientB}/questionnaire-responses`,
      headers: nurse,
    });
    expect(other.statusCode).toBe(404);
    const asPatient = await t.app.inject({
      method: 'GET',
      url: `/api/staff/patients/${t.fixture.patientA}/questionnaire-responses`,
      headers: patient,
    });
    expect(asPatient.statusCode).toBe(403);
    const own = await t.app.inject({
      method: 'GET',
      url: '/api/patient/questionnaire-responses',
      headers: patient,
    });
    expect(json<{ responses: unknown[] }>(own).responses.length).toBe(responses.length);
  });

  it('FHIR: Questionnaire read/search, QuestionnaireResponse create (idempotent by identifier), read and search', async () => {
    await t.db.query(
      `UPDATE api_client SET scopes = scopes || ARRAY['system/Questionnaire.read', 'system/QuestionnaireResponse.read', 'system/QuestionnaireResponse.write'] WHERE client_id = 'test-gateway'`,
    );
    const token = await gatewayToken(t.app);
    const metadata = json<{ rest: { resource: { type: string }[] }[] }>(
      await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' }),
    );
    expect(metadata.rest[0]!.resource.map((r) => r.type)).toEqual(
      expect.arrayContaining(['Questionnaire', 'QuestionnaireResponse']),
    );
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' };
    const search = await t.app.inject({
      method: 'GET',
      url: '/fhir/R4/Questionnaire?url=http://hemma.se/fhir/Questionnaire/gad-7',
      headers,
    });
    expect(json<{ entry: { resource: { id: string } }[] }>(search).entry.map((e) => e.resource.id)).toEqual([
      'gad-7',
    ]);
    expect(
      json(await t.app.inject({ method: 'GET', url: '/fhir/R4/Questionnaire/mmrc', headers })),
    ).toMatchObject({ id: 'mmrc' });

    const gad: QuestionnaireResponse = {
      ...buildResponse(findQuestionnaire('gad-7')!, byScores('gad7', [3, 3, 3, 3, 3, 0, 0])),
      subject: { reference: `Patient/${t.fixture.patientA}` },
      identifier: { system: 'urn:example', value: 'gad-1' },
    };
    const created = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/QuestionnaireResponse',
      headers,
      payload: gad,
    });
    expect(created.statusCode).toBe(201);
    const id = json<{ id: string }>(created).id;
    expect(created.headers.location).toContain(`/QuestionnaireResponse/${id}`);
    const again = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/QuestionnaireResponse',
      headers,
      payload: gad,
    });
    expect([again.statusCode, json<{ id: string }>(again).id]).toEqual([200, id]);
    expect(
      json(await t.app.inject({ method: 'GET', url: `/fhir/R4/QuestionnaireResponse/${id}`, headers })),
    ).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'http://hemma.se/fhir/Questionnaire/gad-7|1',
      subject: { reference: `Patient/${t.fixture.patientA}` },
    });
    const list = await t.app.inject({
      method: 'GET',
      url: `/fhir/R4/QuestionnaireResponse?patient=${t.fixture.patientA}&questionnaire=gad-7`,
      headers,
    });
    expect(json<{ entry: unknown[] }>(list).entry).toHaveLength(1);
    const score = await t.app.inject({
      method: 'GET',
      url: `/fhir/R4/Observation?patient=${t.fixture.patientA}&code=http://loinc.org|70274-6`,
      headers,
    });
    expect(
      json<{ entry: { resource: { valueQuantity: { value: number } } }[] }>(score).entry[0]!.resource
        .valueQuantity.value,
    ).toBe(15);

    const bad = {
      ...gad,
      identifier: { value: 'gad-2' },
      item: [{ linkId: 'gad7-1', answer: [{ valueBoolean: true }] }],
    };
    const rejected = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/QuestionnaireResponse',
      headers,
      payload: bad,
    });
    expect(rejected.statusCode).toBe(400);
    const outcome = json<{ resourceType: string; issue: { diagnostics: string; expression?: string[] }[] }>(
      rejected,
    );
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]).toMatchObject({
      diagnostics: 'gad7-1: expected valueCoding (one of the answer options), got valueBoolean',
      expression: ['QuestionnaireResponse.item[0].answer[0].valueCoding'],
    });
    const stranger = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/QuestionnaireResponse',
      headers,
      payload: { ...gad, identifier: { value: 'gad-3' }, subject: { reference: `Patient/${uuidv7()}` } },
    });
    expect(stranger.statusCode).toBe(422);
  });

  it('a system administrator imports licensed wording; the structure must match', async () => {
    await t.db.query(
      `INSERT INTO account (id, username, password_hash, role, display_name) VALUES ($1, 'sysadmin.q', $2, 'system-admin', 'Admin')`,
      [uuidv7(), await hashPassword('secret-password')],
    );
    const admin = await login(t.app, 'sysadmin.q');
    const cat = structuredClone(findQuestionnaire('cat')!.questionnaire);
    cat.title = 'CAT';
    flattenItems(cat.item).forEach((i, n) => {
      i.text = `Fråga ${n + 1} enligt licens`;
    });
    const put = (body: unknown, headers: Record<string, string> = admin) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/admin/questionnaires/cat/wording',
        headers,
        payload: body as object,
      });
    expect((await put({ ...cat, item: cat.item.slice(1) })).statusCode).toBe(400);
    expect((await put(cat, patient)).statusCode).toBe(403);
    expect((await put(cat)).statusCode).toBe(200);
    const list = json<{ questionnaires: { id: string; available: boolean }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/questionnaires', headers: patient }),
    ).questionnaires;
    expect(list.find((q) => q.id === 'cat')?.available).toBe(true);
    const q = json<{ item: { text: string }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/questionnaires/cat', headers: patient }),
    );
    expect(q.item[0]!.text).toBe('Fråga 1 enligt licens');
  });
});
