import { describe, expect, it } from 'vitest';
import { describeRuleReason } from './describe';
import { questionnaireRule as rule } from './questionnaire';
import { context, sthlm } from './testing';
import type { QuestionnaireAnswers, QuestionnaireConfig } from './types';

const config: QuestionnaireConfig = {
  id: 'phq9',
  kind: 'questionnaire',
  questionnaire: 'phq-9',
  itemCount: 9,
  bands: [
    { min: 15, severity: 'yellow' },
    { min: 20, severity: 'red' },
  ],
  change: { delta: 5 },
};
const response = (date: string, items: number[]): QuestionnaireAnswers => ({
  questionnaire: 'phq-9',
  time: sthlm(`${date} 10:00`),
  items,
});
const run = (responses: QuestionnaireAnswers[], c = config) =>
  rule.evaluate(c, context({ now: sthlm('2025-03-20 12:00'), responses }));

describe('questionnaire', () => {
  it('PHQ-9 item 9 > 0 is red even with a minimal total, and never auto-resolves', () => {
    const findings = run([response('2025-03-20', [0, 0, 0, 1, 0, 0, 0, 0, 1])]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'red', dedupeKey: 'phq9:item:9', autoResolve: false });
    expect(describeRuleReason(findings[0]!.reason, 'en')).toBe(
      'PHQ-9 item 9: answer 1 (thoughts of self-harm or of being better off dead)',
    );
    // Even a plan that configures item 9 as yellow, or no bands at all, gets red.
    const weak: QuestionnaireConfig = {
      id: 'p',
      kind: 'questionnaire',
      questionnaire: 'phq-9',
      itemFlags: [{ item: 9, above: 0, severity: 'yellow' }],
    };
    expect(run([response('2025-03-20', [0, 0, 0, 0, 0, 0, 0, 0, 2])], weak)[0]?.severity).toBe('red');
  });

  it.each<[string, number[][], [string, string][]]>([
    ['total 14: nothing', [[2, 2, 2, 2, 2, 2, 1, 1, 0]], []],
    ['total 15: yellow band', [[2, 2, 2, 2, 2, 2, 2, 1, 0]], [['phq9:band', 'yellow']]],
    ['total 21: red band', [[3, 3, 3, 3, 3, 2, 2, 2, 0]], [['phq9:band', 'red']]],
    [
      'a rise of 5 since the previous response',
      [
        [1, 1, 1, 1, 1, 0, 0, 0, 0],
        [2, 2, 2, 1, 1, 1, 1, 0, 0],
      ],
      [['phq9:change', 'yellow']],
    ],
    [
      'a response of the wrong length is ignored',
      [
        [2, 2, 2, 2, 2, 2, 2, 1, 0],
        [3, 3, 3],
      ],
      [['phq9:band', 'yellow']],
    ],
  ])('%s', (_name, list, expected) => {
    const responses = list.map((items, i) => response(`2025-03-${10 + i}`, items));
    expect(run(responses).map((f) => [f.dedupeKey, f.severity])).toEqual(expected);
  });

  it('describes bands and changes in Swedish', () => {
    const f = run([
      response('2025-03-10', [1, 1, 1, 1, 1, 0, 0, 0, 0]),
      response('2025-03-11', [2, 2, 2, 2, 2, 2, 2, 1, 0]),
    ]);
    expect(f.map((x) => describeRuleReason(x.reason, 'sv'))).toEqual([
      'PHQ-9 summa 15 (gräns 15)',
      'PHQ-9 +10 poäng sedan förra svaret (5 → 15)',
    ]);
  });

  it('validate', () => {
    const issues = rule.validate({ ...config, itemFlags: [{ item: 10, above: 0 }], change: { delta: 0 } });
    expect(issues.map((i) => i.message)).toEqual([
      'change.delta: 0 must be greater than 0',
      'itemFlags[0].item: 10 must be at most 9',
    ]);
  });
});
