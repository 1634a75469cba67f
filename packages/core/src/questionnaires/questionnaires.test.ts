import { describe, expect, it } from 'vitest';
import { findMeasurement } from '../catalogue';
import { evaluate } from '../evaluate';
import { runRules } from '../rules';
import { effectiveThresholds } from '../thresholds';
import {
  findQuestionnaire,
  flattenItems,
  importLicensedQuestionnaire,
  itemText,
  optionText,
  ordinalOf,
  QUESTIONNAIRES,
  type QuestionnaireDef,
  ruleAnswers,
  scoreResponse,
  validateResponse,
} from '.';
import { buildResponse, byScores } from './respond';

const def = (id: string): QuestionnaireDef => findQuestionnaire(id)!;

function scored(id: string, values: Record<string, string | number | boolean>) {
  const d = def(id);
  const v = validateResponse(d, buildResponse(d, values));
  if (!v.ok) throw new Error(v.issues.map((i) => i.message).join('; '));
  return scoreResponse(d, v.answers);
}

function issuesOf(id: string, response: unknown) {
  const v = validateResponse(def(id), response);
  return v.ok ? [] : v.issues;
}

describe('shipped questionnaires', () => {
  it('has the eight instruments the care plans reference by canonical URL', () => {
    expect(QUESTIONNAIRES.map((d) => d.questionnaire.url)).toEqual(
      ['phq-9', 'gad-7', 'mmrc', 'pain-nrs', 'hf-symptoms', 'symptom-diary', 'cat', 'act'].map(
        (id) => `http://hemma.se/fhir/Questionnaire/${id}`,
      ),
    );
    expect(findQuestionnaire('http://hemma.se/fhir/Questionnaire/phq-9|1')?.id).toBe('phq-9');
    expect(findQuestionnaire('Questionnaire/gad-7')?.id).toBe('gad-7');
    expect(findQuestionnaire('nope')).toBeUndefined();
  });

  for (const d of QUESTIONNAIRES) {
    it(`${d.id}: unique linkIds, sv and en texts, options with codes and scored items with scores`, () => {
      const items = flattenItems(d.questionnaire.item);
      expect(new Set(items.map((i) => i.linkId)).size).toBe(items.length);
      for (const i of items) {
        expect(itemText(i, 'sv')).toBeTruthy();
        expect(itemText(i, 'en')).toBeTruthy();
        const codes = (i.answerOption ?? []).map((o) => o.valueCoding.code);
        expect(new Set(codes).size).toBe(codes.length);
        for (const o of i.answerOption ?? []) expect(optionText(o.valueCoding, 'en')).toBeTruthy();
      }
      if (d.scoring.kind !== 'none')
        for (const linkId of d.scoring.items) {
          const q = items.find((i) => i.linkId === linkId)!;
          expect(['choice', 'integer']).toContain(q.type);
          if (q.type === 'choice')
            for (const o of q.answerOption!) expect(ordinalOf(o.valueCoding)).toBeTypeOf('number');
        }
    });
  }

  it('the licensed instruments ship placeholder wording only', () => {
    for (const id of ['cat', 'act']) {
      const texts = flattenItems(def(id).questionnaire.item).map((i) => itemText(i, 'en'));
      for (const t of texts) expect(t).toMatch(/^(CAT|ACT) item \d$/);
    }
    expect(flattenItems(def('cat').questionnaire.item)).toHaveLength(8);
    expect(flattenItems(def('act').questionnaire.item)).toHaveLength(5);
  });
});

describe('scoring (published cut-offs)', () => {
  it.each([
    // [instrument, item scores, total, band, flags] — bands: Kroenke 2001, Spitzer 2006, GOLD/Bestall 1999.
    ['phq-9', [0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 'minimal', []],
    ['phq-9', [1, 1, 1, 1, 0, 0, 0, 0, 0], 4, 'minimal', []],
    ['phq-9', [1, 2, 1, 2, 1, 1, 0, 1, 1], 10, 'moderate', ['suicidality']],
    ['phq-9', [3, 3, 3, 3, 3, 3, 2, 0, 0], 20, 'severe', []],
    ['phq-9', [0, 0, 0, 0, 0, 0, 0, 0, 1], 1, 'minimal', ['suicidality']],
    ['gad-7', [1, 1, 1, 1, 1, 0, 0], 5, 'mild', []],
    ['gad-7', [3, 3, 3, 3, 3, 3, 3], 21, 'severe', []],
    ['cat', [2, 2, 2, 2, 2, 2, 2, 2], 16, 'medium', []],
    ['act', [5, 5, 4, 4, 2], 20, 'well-controlled', []],
    ['act', [3, 3, 3, 3, 3], 15, 'very-poorly-controlled', []],
  ] as const)('%s %j → %i %s', (id, scores, total, band, flags) => {
    const prefix = { 'phq-9': 'phq9', 'gad-7': 'gad7', cat: 'cat', act: 'act' }[id];
    const s = scored(id, byScores(prefix, [...scores]));
    expect(s).toMatchObject({ total, band, flags: [...flags], itemScores: [...scores] });
  });

  it('PHQ-9 stores the total (44261-6) and item 9 (44260-8) as score observations', () => {
    const s = scored('phq-9', byScores('phq9', [0, 0, 1, 0, 0, 0, 0, 0, 2]));
    expect(s.observations.map((o) => [o.code.code, o.value])).toEqual([
      ['44261-6', 3],
      ['44260-8', 2],
    ]);
  });

  it('mMRC is the chosen grade', () => {
    expect(scored('mmrc', { 'mmrc-grade': 'mmrc-3' })).toMatchObject({ total: 3, band: 'grade-3' });
  });

  it('pain NRS is the number given (LOINC 72514-3); the note is not scored', () => {
    const s = scored('pain-nrs', { 'pain-now': 7, 'pain-note': 'värre på kvällen' });
    expect(s.total).toBe(7);
    expect(s.observations[0]!.code.code).toBe('72514-3');
  });

  it('heart-failure symptoms add up the three ratings; the yes/no signs are stored, not scored', () => {
    const s = scored('hf-symptoms', {
      'hf-swelling': 'much-worse',
      'hf-fatigue': 'bit-worse',
      'hf-breathless': 'usual',
      'hf-orthopnoea': true,
      'hf-tight-clothes': false,
    });
    expect(s).toMatchObject({ total: 3, itemScores: [2, 1, 0] });
  });

  it('the symptom diary is not scored', () => {
    expect(scored('symptom-diary', { 'diary-wellbeing': 6, 'diary-new-symptoms': false })).toMatchObject({
      total: null,
      observations: [],
    });
  });

  it('score measurements are in the catalogue with survey category and published limits', () => {
    expect(findMeasurement('44261-6')).toMatchObject({ category: 'survey', possible: { min: 0, max: 27 } });
    expect(findMeasurement('cat-total')?.system).toBe('http://hemma.se/fhir/CodeSystem/score');
    const phq = (v: number) =>
      evaluate(
        { code: '44261-6', values: [v], unit: '{score}', originalValues: [v], originalUnits: ['{score}'] },
        (c) => effectiveThresholds(c),
      ).severity;
    expect([phq(9), phq(10), phq(19), phq(20)]).toEqual(['green', 'yellow', 'yellow', 'red']);
    const act = (v: number) =>
      evaluate(
        { code: 'act-total', values: [v], unit: '{score}', originalValues: [v], originalUnits: ['{score}'] },
        (c) => effectiveThresholds(c),
      ).severity;
    expect([act(20), act(19), act(16), act(15)]).toEqual(['green', 'yellow', 'yellow', 'red']);
  });

  it('PHQ-9 item 9 above 0 is red through the questionnaire rule even with a minimal total', () => {
    const d = def('phq-9');
    const s = scored('phq-9', byScores('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 1]));
    const time = '2026-03-01T08:00:00Z';
    const findings = runRules([{ id: 'phq9', kind: 'questionnaire', questionnaire: 'phq-9', itemCount: 9 }], {
      patientTimeZone: 'Europe/Stockholm',
      now: time,
      history: {},
      thresholdsFor: () => ({}),
      responses: [ruleAnswers(d, time, s)],
    });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'red',
        reason: expect.objectContaining({ check: 'item', item: 9, answer: 1 }),
      }),
    ]);
  });
});

describe('validation, item by item', () => {
  const phq = (scores: number[]) => buildResponse(def('phq-9'), byScores('phq9', scores));

  it('accepts a complete response', () => {
    expect(issuesOf('phq-9', phq([0, 1, 2, 3, 0, 1, 2, 3, 0]))).toEqual([]);
  });

  it('names every missing required answer by linkId', () => {
    const r = phq([0, 1, 2, 3, 0, 1, 2, 3, 0]);
    r.item = r.item!.filter((i) => i.linkId !== 'phq9-4' && i.linkId !== 'phq9-9');
    expect(issuesOf('phq-9', r).map((i) => [i.linkId, i.kind, i.message])).toEqual([
      ['phq9-4', 'required', 'phq9-4: an answer is required'],
      ['phq9-9', 'required', 'phq9-9: an answer is required'],
    ]);
  });

  it('rejects an answer that is not an option, out of range, of the wrong type, or for an unknown linkId', () => {
    const r = phq([0, 1, 2, 3, 0, 1, 2, 3, 0]);
    r.item![2]!.answer = [{ valueCoding: { system: 'http://loinc.org', code: 'LA9999-9' } }];
    r.item![3]!.answer = [{ valueInteger: 2 }];
    r.item!.push({ linkId: 'phq9-10', answer: [{ valueInteger: 1 }] });
    const issues = issuesOf('phq-9', r);
    expect(issues.map((i) => [i.linkId, i.field, i.kind])).toEqual([
      ['phq9-3', 'QuestionnaireResponse.item[2].answer[0].valueCoding', 'out-of-range'],
      ['phq9-4', 'QuestionnaireResponse.item[3].answer[0].valueCoding', 'invalid'],
      ['phq9-10', 'QuestionnaireResponse.item[9].linkId', 'unknown-code'],
    ]);
    expect(issues[0]!.message).toBe(
      'phq9-3: "LA9999-9" is not one of the answer options; allowed: LA6568-5 (Not at all), LA6569-3 (Several days), LA6570-1 (More than half the days), LA6571-9 (Nearly every day)',
    );
    expect(issues[1]!.message).toBe(
      'phq9-4: expected valueCoding (one of the answer options), got valueInteger',
    );
    expect(issues[2]!.message).toBe('phq9-10: unknown linkId (not a question of phq-9)');
  });

  it('checks integer ranges and whole numbers', () => {
    const r = buildResponse(def('pain-nrs'), { 'pain-now': 11 });
    expect(issuesOf('pain-nrs', r).map((i) => i.message)).toEqual(['pain-now: 11 is outside 0–10']);
    r.item![0]!.answer = [{ valueInteger: 2.5 }];
    expect(issuesOf('pain-nrs', r).map((i) => i.message)).toEqual(['pain-now: 2.5 is not a whole number']);
    r.item![0]!.answer = [{ valueString: 'sju' }];
    expect(issuesOf('pain-nrs', r).map((i) => i.message)).toEqual([
      'pain-now: expected valueInteger (a whole number), got valueString',
    ]);
  });

  it('checks groups, booleans, text length, repeats, duplicates and the response header', () => {
    const r = buildResponse(def('hf-symptoms'), {
      'hf-swelling': 'usual',
      'hf-fatigue': 'usual',
      'hf-breathless': 'usual',
      'hf-orthopnoea': false,
      'hf-tight-clothes': false,
      'hf-note': 'x'.repeat(1001),
    });
    const signs = r.item![1]!.item!;
    signs[0]!.answer = [{ valueString: 'nej' }];
    r.item![0]!.item![0]!.answer!.push({ valueCoding: { code: 'usual' } });
    r.item!.push({ linkId: 'hf-fatigue', answer: [{ valueCoding: { code: 'usual' } }] });
    r.status = 'in-progress';
    r.questionnaire = 'http://example.org/Questionnaire/x';
    expect(issuesOf('hf-symptoms', r).map((i) => i.message)).toEqual([
      'questionnaire must be http://hemma.se/fhir/Questionnaire/hf-symptoms',
      'status must be "completed" (only completed responses are accepted)',
      'hf-swelling: only one answer is allowed, got 2',
      'hf-orthopnoea: expected valueBoolean (true or false), got valueString',
      'hf-note: text is 1001 characters, at most 1000',
      'hf-fatigue: answered more than once',
    ]);
  });

  it('never echoes free text in a message', () => {
    const r = buildResponse(def('symptom-diary'), { 'diary-wellbeing': 5, 'diary-new-symptoms': true });
    r.item!.push({ linkId: 'diary-wellbeing-x', answer: [{ valueString: 'Anna Andersson 19121212-1212' }] });
    r.item!.push({ linkId: 'diary-symptoms', answer: [{ valueInteger: 3 }] });
    const text = JSON.stringify(issuesOf('symptom-diary', r));
    expect(text).not.toContain('Anna');
    expect(text).not.toContain('1212');
  });

  it('rejects a non-object body', () => {
    expect(issuesOf('mmrc', 'hello').map((i) => i.message)).toEqual([
      'the body must be a QuestionnaireResponse object',
    ]);
  });
});

describe('importing licensed wording', () => {
  const cat = def('cat');
  const withWording = () => {
    const q = structuredClone(cat.questionnaire) as unknown as Record<string, unknown> &
      typeof cat.questionnaire;
    q.title = 'CAT – region wording';
    flattenItems(q.item).forEach((i, n) => {
      i.text = `Regionens text ${n + 1}`;
      for (const o of i.answerOption ?? []) o.valueCoding.display = `svar ${o.valueCoding.code}`;
    });
    return q;
  };

  it('takes the wording and keeps Hemma structure and scores', () => {
    const r = importLicensedQuestionnaire(cat, withWording());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.url).toBe(cat.questionnaire.url);
    expect(r.value.item[0]!.text).toBe('Regionens text 1');
    expect(ordinalOf(r.value.item[0]!.answerOption![5]!.valueCoding)).toBe(5);
  });

  it('rejects a structure that does not match, precisely', () => {
    const q = withWording();
    q.item[1]!.linkId = 'cat-x';
    q.item[2]!.answerOption = q.item[2]!.answerOption!.slice(0, 5);
    q.item[3]!.text = 'CAT fråga 4';
    q.item.pop();
    const r = importLicensedQuestionnaire(cat, q);
    expect(r.ok ? [] : r.issues.map((i) => i.message)).toEqual([
      'expected 8 items (cat-1, cat-2, cat-3, cat-4, cat-5, cat-6, cat-7, cat-8), got 7',
      'item 2 must have linkId cat-2, got cat-x',
      'cat-3: expected 6 answer options',
      "cat-4: the item's (Swedish) text is required and must replace the placeholder",
    ]);
  });

  it('only licensed instruments are imported', () => {
    const r = importLicensedQuestionnaire(def('phq-9'), def('phq-9').questionnaire);
    expect(r.ok).toBe(false);
  });
});
