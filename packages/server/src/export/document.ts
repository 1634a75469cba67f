import {
  ALERT_OBSERVATION_EXTENSION,
  describeReasons,
  findMeasurement,
  type Lang,
  toFhirFlag,
  toFhirObservation,
} from '@hemma/core';
import type { AlertView } from '../alerts/repository';
import type { Medication } from '../medications/repository';
import type { StaffNote } from '../staff/notes';
import type { PeriodSummary } from '../staff/summary';
import type { RecordValue } from '../validation/repository';

// What goes to the medical record for a period, as a FHIR R4 document Bundle: the Composition first
// (FHIR requires it), then every resource its sections reference. The author is the signed-in user
// who made the export (Practitioner by account id, with role), the attester the same person.

export interface RecordPeriod {
  patient: { id: string; name: string; personnummer: string; birthDate: string };
  from: Date;
  to: Date;
  values: RecordValue[];
  alerts: AlertView[];
  notes: StaffNote[];
  medications: Medication[];
  summary: PeriodSummary;
}

export interface Signature {
  accountId: string;
  displayName: string;
  role: string;
}

const PERSONNUMMER = 'http://electronichealth.se/identifier/personnummer';
const LOINC = 'http://loinc.org';
const urn = (id: string) => `urn:uuid:${id}`;

function narrative(text: string) {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${escaped}</div>` };
}

export function summaryLines(p: RecordPeriod, lang: Lang): string[] {
  const s = p.summary;
  const sv = lang === 'sv';
  const lines: string[] = [];
  if (s.homeBp?.meanSystolic != null) {
    lines.push(
      `${sv ? 'Hemblodtryck medel' : 'Home BP mean'} ${s.homeBp.meanSystolic}/${s.homeBp.meanDiastolic} mmHg (${s.homeBp.readingsUsed} ${sv ? 'mätningar' : 'readings'}, ${s.homeBp.classification})`,
    );
  }
  if (s.glucose) {
    lines.push(
      `${sv ? 'Glukos medel' : 'Glucose mean'} ${s.glucose.mean.toFixed(1)} mmol/L, TIR ${s.glucose.tir.toFixed(0)} %`,
    );
  }
  if (s.weightChange7d) {
    lines.push(`${sv ? 'Viktförändring 7 dygn' : 'Weight change 7 days'} ${s.weightChange7d.change} kg`);
  }
  lines.push(
    `${sv ? 'Följsamhet' : 'Adherence'} ${s.adherencePercent} % (${s.days} ${sv ? 'dagar' : 'days'})`,
  );
  return lines;
}

export function valueText(v: RecordValue, lang: Lang): string {
  const def = findMeasurement(v.code);
  const name = def ? def.name[lang] : v.code;
  return `${name} ${v.values.join('/')} ${def?.unitDisplay ?? v.unit}`;
}

export function buildRecordDocument(
  p: RecordPeriod,
  signer: Signature,
  ids: { bundle: string; composition: string },
  now: Date,
): object {
  const patientRef = urn(p.patient.id);
  const authorRef = urn(signer.accountId);
  const values = p.values.filter((v) => !v.supersededBy && v.status !== 'entered-in-error');
  const patient = {
    resourceType: 'Patient',
    id: p.patient.id,
    identifier: [{ system: PERSONNUMMER, value: p.patient.personnummer }],
    name: [{ text: p.patient.name }],
    birthDate: p.patient.birthDate,
  };
  const practitioner = {
    resourceType: 'Practitioner',
    id: signer.accountId,
    name: [{ text: signer.displayName }],
    extension: [{ url: 'http://hemma.se/fhir/StructureDefinition/role', valueCode: signer.role }],
  };
  type Resource = { resourceType: string; id: string } & Record<string, unknown>;
  const observations: Resource[] = values.map((v) => ({
    ...toFhirObservation({
      id: v.id,
      patientId: p.patient.id,
      code: v.code,
      values: v.values,
      unit: v.unit,
      effectiveAt: v.effectiveAt,
      receivedAt: v.effectiveAt,
      status: v.status,
      source: v.source as 'staff',
    }),
    resourceType: 'Observation',
    id: v.id,
    subject: { reference: patientRef },
  }));
  // A document resolves every reference inside the bundle: the alert's value becomes its urn:uuid when it
  // is exported, and the link is left out otherwise (missed measurements have none; corrected values).
  const exported = new Set(values.map((v) => v.id));
  const flags: Resource[] = p.alerts.map((a) => {
    const flag = toFhirFlag(a) as { extension: { url: string }[] };
    return {
      ...flag,
      resourceType: 'Flag',
      id: a.id,
      extension: flag.extension.flatMap((e) =>
        e.url !== ALERT_OBSERVATION_EXTENSION
          ? [e]
          : a.observationId && exported.has(a.observationId)
            ? [{ url: e.url, valueReference: { reference: urn(a.observationId) } }]
            : [],
      ),
      subject: { reference: patientRef },
    };
  });
  const medications = p.medications.map((m) => ({
    resourceType: 'MedicationStatement',
    id: m.id,
    status: m.stoppedOn ? 'completed' : 'active',
    medicationCodeableConcept: { text: m.drug },
    subject: { reference: patientRef },
    effectivePeriod: { start: m.startedOn, ...(m.stoppedOn ? { end: m.stoppedOn } : {}) },
    dosage: [{ text: m.dose }],
    ...(m.reason ? { reasonCode: [{ text: m.reason }] } : {}),
  }));
  const notes = p.notes.map((n) => ({
    resourceType: 'Communication',
    id: n.id,
    status: 'completed',
    subject: { reference: patientRef },
    sent: n.createdAt,
    payload: [{ contentString: n.body }],
    note: [{ text: `${n.author} (${n.authorRole})` }],
  }));
  const section = (
    title: string,
    code: string,
    resources: { resourceType: string; id: string }[],
    text: string,
  ) => ({
    title,
    code: { coding: [{ system: LOINC, code }] },
    text: narrative(text || '—'),
    ...(resources.length
      ? { entry: resources.map((r) => ({ reference: urn(r.id) })) }
      : {
          emptyReason: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason', code: 'nilknown' }],
          },
        }),
  });
  const composition = {
    resourceType: 'Composition',
    id: ids.composition,
    status: 'final',
    // 11502-2 would be a lab report; 34133-9 "Summary of episode note" fits a monitoring period.
    type: { coding: [{ system: LOINC, code: '34133-9', display: 'Summary of episode note' }] },
    subject: { reference: patientRef },
    date: now.toISOString(),
    author: [{ reference: authorRef, display: signer.displayName }],
    title: 'Egenmonitorering — sammanfattning för journalen',
    attester: [{ mode: 'professional', time: now.toISOString(), party: { reference: authorRef } }],
    event: [{ period: { start: p.from.toISOString(), end: p.to.toISOString() } }],
    section: [
      section('Sammanfattning', '11348-0', [], summaryLines(p, 'sv').join('. ')),
      section('Mätvärden', '8716-3', observations, `${observations.length} validerade värden`),
      section('Larm', '75310-3', flags, p.alerts.map((a) => describeReasons(a.reasons, 'sv')).join('; ')),
      section(
        'Läkemedel',
        '10160-0',
        medications,
        p.medications.map((m) => `${m.drug} ${m.dose}`).join('; '),
      ),
      section('Anteckningar', '48767-8', notes, p.notes.map((n) => n.body).join(' | ')),
    ],
  };
  const resources: Resource[] = [
    composition,
    patient,
    practitioner,
    ...observations,
    ...flags,
    ...medications,
    ...notes,
  ];
  return {
    resourceType: 'Bundle',
    id: ids.bundle,
    identifier: { system: 'urn:ietf:rfc:3986', value: urn(ids.bundle) },
    type: 'document',
    timestamp: now.toISOString(),
    entry: resources.map((r) => ({ fullUrl: urn(r.id), resource: r })),
  };
}
