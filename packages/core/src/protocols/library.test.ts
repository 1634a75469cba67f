import { describe, expect, it } from 'vitest';
import { runRules } from '../rules';
import { context, measurement, sthlm } from '../rules/testing';
import type { QuestionnaireAnswers, RuleMeasurement } from '../rules/types';
import { effectiveThresholds } from '../thresholds';
import { LIBRARY_VERSIONS, libraryProtocol, libraryVersion, PROTOCOL_LIBRARY } from './library';
import { mergeProtocols } from './merge';
import { missedMeasurementRules } from './plan';
import { validateProtocol } from './validate';

const BP = '85354-9';
const GLUCOSE = '15074-8';
const NOW = sthlm('2026-03-02 09:00');

/** What the protocol's staff-facing rules raise for one upload: "severity side" per finding, sorted. */
function staffFindings(
  protocolId: string,
  upload: {
    measurements?: RuleMeasurement[];
    responses?: QuestionnaireAnswers[];
    before?: RuleMeasurement[];
  },
): string[] {
  const protocol = libraryProtocol(protocolId)!;
  const plan = mergeProtocols([{ protocol, version: libraryVersion(protocolId) }]);
  const rules = plan.rules.filter((r) => r.audience !== 'patient');
  const history: Record<string, { time: string; value: number }[]> = {};
  for (const m of [...(upload.before ?? []), ...(upload.measurements ?? [])])
    m.values.forEach((value, i) => {
      const code = m.code === BP ? ['8480-6', '8462-4'][i]! : m.code;
      history[code] = [...(history[code] ?? []), { time: m.effectiveAt, value }];
    });
  const findings = runRules(
    rules,
    context({
      now: NOW,
      history,
      measurements: upload.measurements ?? [],
      responses: upload.responses ?? [],
      thresholdsFor: (code) => plan.thresholds[code] ?? effectiveThresholds(code),
    }),
  );
  // One string per reason: a BP reading beyond its limits is one finding with a reason per component.
  return findings
    .flatMap((f) =>
      [f.reason, ...(f.related ?? [])].map((r) => {
        const bound = r as { code?: string; severity?: string };
        return `${bound.code ?? f.code} ${bound.severity ?? f.severity} ${f.dedupeKey.split(':').at(-1)}`;
      }),
    )
    .sort();
}

const at = (code: string, values: number[]) => ({ measurements: [measurement(code, values, NOW)] });
/** BP now, after an earlier reading `hoursBefore` hours ago (stored: history only). */
const bpAfter = (values: number[], earlier: number[], hoursBefore: number) => ({
  measurements: [measurement(BP, values, NOW)],
  before: [measurement(BP, earlier, new Date(Date.parse(NOW) - hoursBefore * 3_600_000).toISOString())],
});

describe('the protocol library, versions 2 and 3 (docs/simulation.md, "Library changes")', () => {
  it('every shipped protocol is valid and has a version', () => {
    for (const p of PROTOCOL_LIBRARY) {
      expect(validateProtocol(p)).toEqual([]);
      expect(LIBRARY_VERSIONS[p.id]).toBeGreaterThanOrEqual(1);
    }
    expect(Object.keys(LIBRARY_VERSIONS).sort()).toEqual(PROTOCOL_LIBRARY.map((p) => p.id).sort());
  });

  // [protocol, case, upload, staff findings]
  it.each<[string, string, ReturnType<typeof at>, string[]]>([
    // Heart failure: ESC 2021, hypotension is systolic < 90; asymptomatic low BP needs no change. Version 3:
    // yellow confirmed by a second reading beyond the limit within 36 hours (the next morning's); red at once.
    ['heart-failure', 'systolic 92 on target doses', at(BP, [92, 55]), []],
    ['heart-failure', 'systolic 88 once: not yet', at(BP, [88, 55]), []],
    [
      'heart-failure',
      'systolic 88 after 89 yesterday: yellow',
      bpAfter([88, 55], [89, 55], 24),
      ['8480-6 yellow low'],
    ],
    ['heart-failure', 'systolic 88 after 89 two days ago', bpAfter([88, 55], [89, 55], 48), []],
    ['heart-failure', 'systolic 79: red', at(BP, [79, 50]), ['8480-6 red low']],
    ['heart-failure', 'diastolic 45 alone: no item', bpAfter([105, 45], [105, 45], 24), []],
    ['heart-failure', 'BP 150/95: no item', bpAfter([150, 95], [150, 95], 24), []],
    [
      'heart-failure',
      'BP 160/80 twice: yellow (grade 2)',
      bpAfter([160, 80], [161, 80], 24),
      ['8480-6 yellow high'],
    ],
    [
      'heart-failure',
      'BP 150/100 twice: yellow (grade 2)',
      bpAfter([150, 100], [150, 101], 24),
      ['8462-4 yellow high'],
    ],
    ['heart-failure', 'BP 181/90: red, unchanged', at(BP, [181, 90]), ['8480-6 red high']],
    // Hypertension: grade 2 (ESH 2023) for yellow, red unchanged. Version 3: both readings of a duplicate.
    ['hypertension', 'BP 150/95', bpAfter([150, 95], [150, 95], 0.02), []],
    ['hypertension', 'BP 160/95 once: not yet', at(BP, [160, 95]), []],
    ['hypertension', 'BP 160/95, duplicate 158/95', bpAfter([160, 95], [158, 95], 0.02), []],
    [
      'hypertension',
      'BP 160/95, duplicate 162/95: yellow',
      bpAfter([160, 95], [162, 95], 0.02),
      ['8480-6 yellow high'],
    ],
    [
      'hypertension',
      'BP 150/100, duplicate 150/101: yellow',
      bpAfter([150, 100], [150, 101], 0.02),
      ['8462-4 yellow high'],
    ],
    ['hypertension', 'BP 181/90: red', at(BP, [181, 90]), ['8480-6 red high']],
    // Type 1: staff hear of level 2 hypoglycaemia only.
    ['diabetes-type-1', 'level 1 low (3.5)', at(GLUCOSE, [3.5]), []],
    ['diabetes-type-1', 'level 2 low (2.8): red', at(GLUCOSE, [2.8]), ['15074-8 red low']],
    ['diabetes-type-1', 'high (16 mmol/L)', at(GLUCOSE, [16]), []],
    ['diabetes-type-1', 'very high (22 mmol/L)', at(GLUCOSE, [22]), []],
    // Type 2: level 2 hyperglycaemia (> 13.9) yellow; one item per excursion (no duplicate rule).
    ['diabetes-type-2', 'fasting 12', at(GLUCOSE, [12]), []],
    ['diabetes-type-2', 'fasting 14.5: yellow, once', at(GLUCOSE, [14.5]), ['15074-8 yellow high']],
    ['diabetes-type-2', 'fasting 3.5: yellow, once', at(GLUCOSE, [3.5]), ['15074-8 yellow low']],
    ['diabetes-type-2', 'fasting 16: red, once', at(GLUCOSE, [16]), ['15074-8 red high']],
    // Type 2 BP: grade 2 (ESH 2023) for yellow, red unchanged; version 3: both readings of the duplicate.
    ['diabetes-type-2', 'BP 150/95', at(BP, [150, 95]), []],
    ['diabetes-type-2', 'BP 162/95 once: not yet', at(BP, [162, 95]), []],
    [
      'diabetes-type-2',
      'BP 162/95 in duplicate: yellow',
      bpAfter([162, 95], [161, 94], 0.02),
      ['8480-6 yellow high'],
    ],
    ['diabetes-type-2', 'BP 185/112: red', at(BP, [185, 112]), ['8462-4 red high', '8480-6 red high']],
    // Pregnancy: fasting limits (NICE NG3 ≥ 5.6; Hernandez 2011), BP per NICE NG133 unchanged.
    ['hypertension-pregnancy', 'fasting 3.5 (normal in pregnancy)', at(GLUCOSE, [3.5]), []],
    ['hypertension-pregnancy', 'fasting 2.8: red', at(GLUCOSE, [2.8]), ['15074-8 red low']],
    ['hypertension-pregnancy', 'fasting 5.5', at(GLUCOSE, [5.5]), []],
    ['hypertension-pregnancy', 'fasting 5.6: yellow', at(GLUCOSE, [5.6]), ['15074-8 yellow high']],
    // Pregnancy BP, version 3: yellow on two occasions at least 4 hours apart (ACOG 2020; ISSHP 2018).
    ['hypertension-pregnancy', 'BP 141/85 once: not yet', at(BP, [141, 85]), []],
    ['hypertension-pregnancy', 'BP 141/85, duplicate 142/85', bpAfter([141, 85], [142, 85], 0.02), []],
    [
      'hypertension-pregnancy',
      'BP 141/85 after 140/85 this morning: yellow',
      bpAfter([141, 85], [140, 85], 12),
      ['8480-6 yellow high'],
    ],
    ['hypertension-pregnancy', 'BP 141/85 after 140/85 3 hours ago', bpAfter([141, 85], [140, 85], 3), []],
    [
      'hypertension-pregnancy',
      'BP 141/85 after 140/85 yesterday 25 hours ago',
      bpAfter([141, 85], [140, 85], 25),
      [],
    ],
    ['hypertension-pregnancy', 'BP 160/85: red', at(BP, [160, 85]), ['8480-6 red high']],
    ['hypertension-pregnancy', 'BP 135/110: red', at(BP, [135, 110]), ['8462-4 red high']],
  ])('%s: %s', (protocolId, _case, upload, expected) => {
    expect(staffFindings(protocolId, upload)).toEqual(expected);
  });

  it('type 1: the patient still gets advice for level 1 lows and highs (patient-only glucose rule)', () => {
    const rules = libraryProtocol('diabetes-type-1')!.rules;
    expect(rules.find((r) => r.kind === 'glucose')).toMatchObject({ audience: 'patient' });
    expect(rules.filter((r) => r.audience !== 'patient').map((r) => r.id)).toEqual(['glucose-level-2']);
  });

  it('COPD: a stable high CAT score is no item; a rise of 4 since the previous response is', () => {
    const cat = (time: string, total: number): QuestionnaireAnswers => ({
      questionnaire: 'cat',
      time: sthlm(time),
      items: [total - 7 * Math.floor(total / 8), ...Array(7).fill(Math.floor(total / 8))],
    });
    const stable = [cat('2026-02-23 09:00', 25), cat('2026-03-02 09:00', 26)];
    expect(staffFindings('copd', { responses: stable })).toEqual([]);
    const rise = [cat('2026-02-23 09:00', 22), cat('2026-03-02 09:00', 26)];
    expect(staffFindings('copd', { responses: rise })).toEqual(['cat yellow change']);
  });

  it('missed measurements: every occasion for hypertension, "no reading for two days" for the daily ones', () => {
    const missedFor = (id: string) => {
      const p = libraryProtocol(id)!;
      return missedMeasurementRules(
        p.activities.map((a) => ({ ...a, sources: [id] })),
        { start: sthlm('2026-01-05 00:00'), timeZone: 'Europe/Stockholm', now: sthlm('2026-03-04 16:00') },
        72,
      ).map((r) => r.id);
    };
    expect(missedFor('hypertension')).toEqual(['missed.bp']);
    expect(missedFor('heart-failure')).toEqual(['missed.weight']);
    expect(missedFor('copd')).toEqual(['missed.spo2']);
    expect(missedFor('hypertension-pregnancy')).toEqual(['missed.bp']);
  });
});
