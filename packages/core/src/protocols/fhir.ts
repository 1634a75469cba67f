// The FHIR R4 form of a protocol: a PlanDefinition with one contained ActivityDefinition per activity.
// Texts are Swedish (language "sv") with English in the standard translation extension. Hemma-specific parts
// with no FHIR element (RRULE timings, limits, advice, rule configs) are extensions under EXT.

import { findMeasurement } from '../catalogue';
import { LOINC } from '../fhir';
import type { RuleConfig } from '../rules/types';
import type { AdviceSet, Localized, Result, Thresholds, ValidationIssue } from '../types';
import type { MissedCheck, Protocol, ProtocolActivity, ScheduleEntry } from './types';
import { validateProtocol } from './validate';

export const TRANSLATION_EXT = 'http://hl7.org/fhir/StructureDefinition/translation';
export const EXT = 'http://hemma.se/fhir/StructureDefinition/';
export const PLAN_DEFINITION_BASE = 'http://hemma.se/fhir/PlanDefinition/';

type Json = Record<string, unknown>;
interface Extension {
  url: string;
  extension?: Extension[];
  valueString?: string;
  valueCode?: string;
  valueInteger?: number;
  valueBoolean?: boolean;
  valueCanonical?: string;
}

function translated(text: Localized): { value: string; ext: Json } {
  return {
    value: text.sv,
    ext: {
      extension: [
        {
          url: TRANSLATION_EXT,
          extension: [
            { url: 'lang', valueCode: 'en' },
            { url: 'content', valueString: text.en },
          ],
        },
      ],
    },
  };
}

function readLocalized(value: unknown, ext: unknown): Localized | undefined {
  if (typeof value !== 'string') return undefined;
  const exts = ((ext as Json | undefined)?.extension ?? []) as Extension[];
  const en = exts
    .filter((e) => e.url === TRANSLATION_EXT)
    .find((e) => e.extension?.some((x) => x.url === 'lang' && x.valueCode === 'en'))
    ?.extension?.find((x) => x.url === 'content')?.valueString;
  return { sv: value, en: en ?? '' };
}

function jsonExt(name: string, value: unknown): Extension {
  return { url: `${EXT}${name}`, valueString: JSON.stringify(value) };
}

function readJsonExt<T>(exts: Extension[] | undefined, name: string): T | undefined {
  const raw = exts?.find((e) => e.url === `${EXT}${name}`)?.valueString;
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

function scheduleExt(entry: ScheduleEntry): Extension {
  const ext: Extension[] = [{ url: 'rrule', valueString: entry.rrule }];
  if (entry.startDay !== undefined) ext.push({ url: 'startDay', valueInteger: entry.startDay });
  if (entry.days !== undefined) ext.push({ url: 'days', valueInteger: entry.days });
  if (entry.readings !== undefined) ext.push({ url: 'readings', valueInteger: entry.readings });
  return { url: `${EXT}schedule`, extension: ext };
}

function readSchedule(e: Extension): ScheduleEntry {
  const get = (u: string) => e.extension?.find((x) => x.url === u);
  const entry: ScheduleEntry = { rrule: get('rrule')?.valueString ?? '' };
  for (const k of ['startDay', 'days', 'readings'] as const) {
    const v = get(k)?.valueInteger;
    if (v !== undefined) entry[k] = v;
  }
  return entry;
}

/** A missed check as nested extensions: its timings (as the activity's own) and its two windows. */
function missedCheckExt(c: MissedCheck): Extension {
  return {
    url: `${EXT}missed-check`,
    extension: [
      ...c.schedule.map(scheduleExt),
      { url: 'earlyMinutes', valueInteger: c.earlyMinutes },
      { url: 'graceMinutes', valueInteger: c.graceMinutes },
    ],
  };
}

/** Missing parts stay missing, so validateProtocol names them. */
function readMissedCheck(e: Extension): MissedCheck {
  const get = (u: string) => e.extension?.find((x) => x.url === u)?.valueInteger;
  return {
    schedule: (e.extension ?? []).filter((x) => x.url === `${EXT}schedule`).map(readSchedule),
    earlyMinutes: get('earlyMinutes') as number,
    graceMinutes: get('graceMinutes') as number,
  };
}

function activityDefinition(a: ProtocolActivity): Json {
  const title = translated(a.title);
  const description = translated(a.instructions);
  const extension: Extension[] = a.schedule.map(scheduleExt);
  if (a.thresholds) extension.push(jsonExt('thresholds', a.thresholds));
  if (a.advice) extension.push(jsonExt('advice', a.advice));
  if (a.missedGraceMinutes !== undefined)
    extension.push({ url: `${EXT}missed-grace-minutes`, valueInteger: a.missedGraceMinutes });
  if (a.missedCheck) extension.push(missedCheckExt(a.missedCheck));
  if (a.runIn !== undefined) extension.push({ url: `${EXT}run-in`, valueBoolean: a.runIn });
  const def = a.kind === 'measurement' ? findMeasurement(a.code) : undefined;
  return {
    resourceType: 'ActivityDefinition',
    id: a.id,
    extension,
    status: 'active',
    title: title.value,
    _title: title.ext,
    description: description.value,
    _description: description.ext,
    ...(a.kind === 'measurement'
      ? {
          kind: 'ServiceRequest',
          code: { coding: [{ system: LOINC, code: def?.loinc ?? a.code }] },
        }
      : {
          kind: 'Task',
          code: { coding: [{ system: `${EXT}activity-kind`, code: 'questionnaire' }] },
          library: [a.code],
        }),
  };
}

/** The FHIR PlanDefinition (with contained ActivityDefinitions) of a protocol. */
export function planDefinitionOf(p: Protocol, version?: number): Json {
  const title = translated(p.title);
  const description = translated(p.description);
  return {
    resourceType: 'PlanDefinition',
    id: p.id,
    url: `${PLAN_DEFINITION_BASE}${p.id}`,
    ...(version !== undefined ? { version: String(version) } : {}),
    language: 'sv',
    name: p.id.replace(/-/g, '_'),
    title: title.value,
    _title: title.ext,
    type: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/plan-definition-type', code: 'clinical-protocol' },
      ],
    },
    status: 'active',
    description: description.value,
    _description: description.ext,
    extension: [jsonExt('rules', p.rules)],
    contained: p.activities.map(activityDefinition),
    action: p.activities.map((a) => ({ title: a.title.sv, definitionCanonical: `#${a.id}` })),
  };
}

/** Reads a PlanDefinition written by planDefinitionOf (or by hand in the same shape) and validates it. */
export function protocolFromPlanDefinition(json: unknown): Result<Protocol> {
  const pd = json as Json | null;
  if (!pd || typeof pd !== 'object' || pd.resourceType !== 'PlanDefinition')
    return {
      ok: false,
      issues: [
        {
          field: 'resourceType',
          kind: 'invalid',
          given: String(pd?.resourceType),
          message: 'resourceType: must be PlanDefinition',
        },
      ],
    };
  const issues: ValidationIssue[] = [];
  const contained = new Map(
    ((pd.contained ?? []) as Json[])
      .filter((c) => c?.resourceType === 'ActivityDefinition')
      .map((c) => [`#${String(c.id)}`, c]),
  );
  const activities: ProtocolActivity[] = [];
  ((pd.action ?? []) as Json[]).forEach((action, i) => {
    const ad = contained.get(String(action?.definitionCanonical));
    if (!ad) {
      issues.push({
        field: `action[${i}].definitionCanonical`,
        kind: 'invalid',
        given: String(action?.definitionCanonical),
        message: `action[${i}].definitionCanonical: must point to a contained ActivityDefinition (#id)`,
      });
      return;
    }
    const exts = (ad.extension ?? []) as Extension[];
    const coding = ((ad.code as Json | undefined)?.coding as Json[] | undefined)?.[0];
    const isQuestionnaire = coding?.code === 'questionnaire';
    const grace = exts.find((e) => e.url === `${EXT}missed-grace-minutes`)?.valueInteger;
    const check = exts.find((e) => e.url === `${EXT}missed-check`);
    const runIn = exts.find((e) => e.url === `${EXT}run-in`)?.valueBoolean;
    const thresholds = readJsonExt<Record<string, Thresholds>>(exts, 'thresholds');
    const advice = readJsonExt<Record<string, AdviceSet>>(exts, 'advice');
    activities.push({
      id: String(ad.id),
      kind: isQuestionnaire ? 'questionnaire' : 'measurement',
      code: isQuestionnaire
        ? String((ad.library as string[] | undefined)?.[0] ?? '')
        : String(coding?.code ?? ''),
      title: readLocalized(ad.title, ad._title) ?? { sv: '', en: '' },
      instructions: readLocalized(ad.description, ad._description) ?? { sv: '', en: '' },
      schedule: exts.filter((e) => e.url === `${EXT}schedule`).map(readSchedule),
      ...(thresholds ? { thresholds } : {}),
      ...(advice ? { advice } : {}),
      ...(grace !== undefined ? { missedGraceMinutes: grace } : {}),
      ...(check ? { missedCheck: readMissedCheck(check) } : {}),
      ...(runIn !== undefined ? { runIn } : {}),
    });
  });
  if (issues.length > 0) return { ok: false, issues };
  const protocol: Protocol = {
    id: String(pd.id),
    title: readLocalized(pd.title, pd._title) ?? { sv: '', en: '' },
    description: readLocalized(pd.description, pd._description) ?? { sv: '', en: '' },
    activities,
    rules: readJsonExt<RuleConfig[]>(pd.extension as Extension[] | undefined, 'rules') ?? [],
  };
  const problems = validateProtocol(protocol);
  return problems.length > 0 ? { ok: false, issues: problems } : { ok: true, value: protocol };
}
