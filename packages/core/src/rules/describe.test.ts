import { describe, expect, it } from 'vitest';
import { describeRuleReason } from './describe';
import type { RuleReason } from './types';

describe('describeRuleReason', () => {
  it.each<[RuleReason, string, string]>([
    [
      {
        type: 'change',
        code: '29463-7',
        unit: 'kg',
        delta: 2.4,
        limit: 2,
        windowDays: 3,
        days: 3,
        from: { time: '', value: 71.2 },
        to: { time: '', value: 73.6 },
      },
      'Vikt +2,4 kg på 3 dagar',
      'Body weight +2.4 kg in 3 days',
    ],
    [
      {
        type: 'change',
        code: '29463-7',
        unit: 'kg',
        delta: -1.6,
        limit: -1.5,
        windowDays: 2,
        days: 1,
        from: { time: '', value: 80 },
        to: { time: '', value: 78.4 },
      },
      'Vikt −1,6 kg på 1 dag',
      'Body weight −1.6 kg in 1 day',
    ],
    [
      {
        type: 'bound',
        time: '',
        code: '8480-6',
        value: 182,
        unit: 'mm[Hg]',
        severity: 'red',
        direction: 'high',
        limit: 180,
      },
      'Systoliskt blodtryck 182 mmHg, över 180',
      'Systolic blood pressure 182 mmHg, above 180',
    ],
    [
      {
        type: 'baseline',
        code: '29463-7',
        unit: 'kg',
        value: 84.1,
        time: '',
        mean: 81.83,
        sd: 0.5,
        k: 2.5,
        deviation: 2.27,
        direction: 'high',
        baselineDays: 14,
      },
      'Vikt 84,1 kg, 2,3 kg över personligt medelvärde 81,8 kg (14 dagar)',
      'Body weight 84.1 kg, 2.3 kg above personal average 81.8 kg (14 days)',
    ],
    [
      {
        type: 'news2',
        total: 7,
        risk: 'high',
        redScore: false,
        subscores: {
          respiratoryRate: 2,
          spo2: 2,
          oxygen: 0,
          systolic: 1,
          pulse: 2,
          consciousness: 0,
          temperature: 0,
        },
        time: '',
      },
      'NEWS2 7 (hög risk)',
      'NEWS2 7 (high risk)',
    ],
    [
      {
        type: 'questionnaire',
        questionnaire: 'gad-7',
        check: 'item',
        item: 2,
        answer: 3,
        limit: 2,
        total: 9,
        time: '',
      },
      'GAD-7 fråga 2: svar 3 (över 2)',
      'GAD-7 item 2: answer 3 (above 2)',
    ],
  ])('%j', (reason, sv, en) => {
    expect(describeRuleReason(reason, 'sv')).toBe(sv);
    expect(describeRuleReason(reason, 'en')).toBe(en);
  });
});
