/**
 * Realistic, deterministic demo data for Hemma: one fictitious region, two care units, their staff and
 * `patients` patients with `days` days of home measurements up to `now`. Pure: no I/O, no clock, no
 * Math.random — the same options always give the same data.
 *
 * Story hooks (see /work/shared/DOMAIN.md, scenarios 1, 2, 4):
 * - patient1: hypertension at `north`, well controlled, so the README's live 182/112 stands out.
 * - One elderly woman with heart failure texts her weight by SMS; it rises ~2.6 kg over the last 3 days.
 *   Two other heart-failure patients had a rise earlier in the week that fell back after treatment.
 * - Two COPD patients are in an exacerbation (SpO2 drifting to 88–90, pulse and breathing rate up, PEF down,
 *   fever); one hypertension patient has a crisis (~180/110) in the last 2 days; one diabetic runs high.
 *
 * Personnummer: Skatteverket publishes official test personnummer as open data (CC0, ~44 000 numbers,
 * https://skatteverket.entryscape.net/rowstore/dataset/b4de7df7-63c0-4e7e-bb59-1f156a591763) as a list,
 * not a rule: copies we could inspect mostly use birth numbers 238/239 for 1987–2009 births and assorted
 * serials for older ones; no reserved range is documented. The list could not be fetched from here, so
 * these numbers are synthetic: a real date matching the age, a gender-correct birth number and a correct
 * Luhn digit. That does NOT prove no real person has them: before this data leaves a local demo database,
 * replace them with entries from Skatteverket's list (e.g. a fixed table keyed by patient).
 *
 * HSA-ids use the prefix SE2321000000: 232100-0000 fails the organisation-number Luhn check, so it cannot
 * be a real region's number.
 */
import { luhnCheckDigit } from '@hemma/core';

export type Condition = 'hypertension' | 'heart-failure' | 'diabetes' | 'copd';
export interface DemoUnit {
  key: string;
  name: string;
  hsaId: string;
}
export interface DemoStaff {
  username: string;
  role: 'nurse' | 'physician' | 'unit-admin';
  displayName: string;
  unitKey: string;
}
export interface DemoPatient {
  key: string;
  username: string;
  personnummer: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  gender: 'female' | 'male';
  unitKey: string;
  conditions: Condition[];
  enrolledAt: Date;
}
type Source = 'patient-app' | 'device' | 'sms' | 'staff';
export interface DemoObservation {
  patientKey: string;
  code: string;
  values: number[];
  unit: string;
  effectiveAt: Date;
  source: Source;
}
export interface DemoData {
  region: { name: string };
  units: DemoUnit[];
  staff: DemoStaff[];
  patients: DemoPatient[];
  observations: DemoObservation[];
}
export const DEMO_PASSWORD = 'hemma-demo';

type Rng = () => number;
/** mulberry32: a tiny 32-bit PRNG, plenty for demo data. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** Box–Muller normal deviate. */
const gauss = (rng: Rng, mean = 0, sd = 1) =>
  mean + sd * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
const uni = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng();
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Luhn check digit over the 9-digit YYMMDDNNN form, as Skatteverket specifies. */

// Europe/Stockholm: CET (+1), CEST (+2) from the last Sunday of March to the last Sunday of October, 01:00 UTC.
const lastSunday = (y: number, m: number) => {
  const end = new Date(Date.UTC(y, m + 1, 0));
  return Date.UTC(y, m, end.getUTCDate() - end.getUTCDay(), 1);
};
const tzOffset = (ms: number) => {
  const y = new Date(ms).getUTCFullYear();
  return ms >= lastSunday(y, 2) && ms < lastSunday(y, 9) ? 7_200_000 : 3_600_000;
};
/** UTC instant of local Stockholm clock time `hour` on the local day whose UTC-midnight is `dayMs`. */
const stockholm = (dayMs: number, hour: number) =>
  dayMs + hour * 3_600_000 - tzOffset(dayMs + hour * 3_600_000);
const DAY = 86_400_000;

const UNITS: DemoUnit[] = [
  { key: 'north', name: 'Vårdcentralen Norrby', hsaId: 'SE2321000000-1001' },
  { key: 'south', name: 'Hjärtmottagningen Söderby', hsaId: 'SE2321000000-1002' },
];
const STAFF_NAMES: Record<string, [string, string, string]> = {
  north: ['Sara Lindholm', 'Johan Ekberg', 'Malin Strand'],
  south: ['Emma Nordin', 'Peter Sandell', 'Helena Dahl'],
};
const FEMALE = (
  'Anna Eva Maria Karin Kristina Lena Birgitta Ingrid Margareta Elisabeth Marianne Gunilla ' +
  'Ulla Kerstin Inger Barbro Agneta Monica Britt Sonja Astrid Siv Elsa Gun'
).split(' ');
const MALE = (
  'Lars Anders Per Karl Jan Bengt Sven Nils Lennart Olof Bo Göran Leif Kjell Rolf Stig Hans ' +
  'Erik Gunnar Åke Ulf Bertil Tommy Mats'
).split(' ');
const FAMILY = (
  'Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson ' +
  'Pettersson Jonsson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Lindström ' +
  'Olofsson Lindqvist Lindgren Berg Axelsson Bergström Lundberg Lundqvist Mattsson Berglund ' +
  'Fredriksson Sandberg Henriksson Forsberg Sjöberg Wallin Engström Eklund Danielsson ' +
  'Håkansson Lundin Björk Bergman Holm Samuelsson Fransson Wikström Isaksson Nyström ' +
  'Holmberg Arvidsson Löfgren Söderberg Nyberg Blomqvist Nordström Mårtensson'
).split(' ');

const HT: Condition = 'hypertension';
const HF: Condition = 'heart-failure';
const DM: Condition = 'diabetes';
const COPD: Condition = 'copd';
/** 12-patient mix, repeated and shuffled: a quarter each hypertension, heart failure, diabetes and COPD,
 * a third of the heart-failure and diabetes patients also with hypertension. */
// biome-ignore format: a compact table reads better
const MIX: Condition[][] = [[HT], [HF, HT], [DM], [COPD], [HT], [HF], [DM, HT], [COPD], [HT], [HF], [DM], [COPD]];
const UCUM: Record<string, string> = {
  '85354-9': 'mm[Hg]', // blood pressure panel [systolic, diastolic]
  '8867-4': '/min', // pulse
  '29463-7': 'kg', // body weight
  '15074-8': 'mmol/L', // glucose
  '59408-5': '%', // SpO2 (pulse oximetry)
  '8310-5': 'Cel', // body temperature
  '19935-6': 'L/min', // peak expiratory flow
  '9279-1': '/min', // respiratory rate
};

type EventKind = 'hf-acute' | 'hf-earlier' | 'copd-exacerbation' | 'bp-crisis' | 'dm-high';
/** Deteriorations, handed in order to the first patients of each group; the number is the onset in days ago. */
// biome-ignore format: a compact table reads better
const STORY: Record<'hf' | 'copd' | 'dm' | 'ht', [EventKind, number][]> = {
  hf: [['hf-acute', 2], ['hf-earlier', 7], ['hf-earlier', 6]],
  copd: [['copd-exacerbation', 4], ['copd-exacerbation', 3]],
  dm: [['dm-high', 2]],
  ht: [['bp-crisis', 1]],
};
interface Plan {
  p: DemoPatient;
  adherence: number;
  source: Source;
  device: boolean;
  sys: [number, number]; // systolic at start and end of the window (treatment lowers it)
  dia: [number, number];
  pulse: number;
  weight: number;
  glucose: number;
  perDay: number;
  spo2: number;
  pef: number;
  phase: number;
  event?: { kind: EventKind; onset: number }; // onset: days before today
}

function makePlans(rng: Rng, n: number, todayMs: number, windowStart: number): Plan[] {
  const mix = Array.from({ length: n }, (_, i) => MIX[i % MIX.length] as Condition[]);
  for (let i = n - 1; i > 1; i--) {
    const j = 1 + Math.floor(rng() * i);
    [mix[i], mix[j]] = [mix[j] as Condition[], mix[i] as Condition[]];
  }
  const seen = { hf: 0, copd: 0, ht: 0, dm: 0 };
  const names = new Set<string>();
  const pnrs = new Set<string>();
  return mix.map((conditions, i) => {
    const has = (c: Condition) => conditions.includes(c);
    const group = has(HF) ? 'hf' : has(COPD) ? 'copd' : has(DM) ? 'dm' : i > 0 ? 'ht' : undefined;
    const story = group && STORY[group][seen[group]++];
    const event = story ? { kind: story[0], onset: story[1] } : undefined;
    const acute = event?.kind === 'hf-acute';
    let age = has(HF) ? 92 - 30 * rng() ** 1.3 : has(COPD) ? 55 + 33 * rng() : 92 - 52 * rng() ** 1.6;
    if (i === 0) age = 58;
    if (acute) age = 78;
    const gender = acute || (i !== 0 && rng() < 0.5) ? 'female' : 'male';
    let givenName = '';
    let familyName = '';
    do {
      givenName = pick(rng, gender === 'female' ? FEMALE : MALE);
      familyName = pick(rng, FAMILY);
    } while (names.has(`${givenName} ${familyName}`));
    names.add(`${givenName} ${familyName}`);
    const today = new Date(todayMs);
    const [y, m, d] = [today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()];
    const birth = new Date(Date.UTC(y - Math.floor(age), m, d - 1 - Math.floor(rng() * 364)));
    const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
    let personnummer = '';
    do {
      const serial = `${10 + Math.floor(rng() * 90)}${2 * Math.floor(rng() * 5) + (gender === 'male' ? 1 : 0)}`;
      personnummer = `${ymd}${serial}${luhnCheckDigit(ymd.slice(2) + serial)}`;
    } while (pnrs.has(personnummer));
    pnrs.add(personnummer);
    const lateJoiner = i > 0 && !event && rng() < 0.15;
    const enrolledMs = lateJoiner ? todayMs - uni(rng, 10, 60) * DAY : windowStart - uni(rng, 7, 400) * DAY;
    const enrolledAt = new Date(Math.round(enrolledMs / 60_000) * 60_000);
    const unitKey = rng() < (i === 0 || has(COPD) ? 0 : has(HF) ? 0.8 : 0.5) ? 'south' : 'north';
    const elderlySms = has(HF) && age >= 75 && (acute || rng() < 0.85);
    const controlled = i === 0 || rng() < 0.82;
    const sys0 = has(HT) ? gauss(rng, 148, 7) : gauss(rng, 118, 6);
    const [lo, hi] = controlled ? [117, 127] : [133, 141];
    const sysEnd = !has(HT) ? sys0 : event?.kind === 'bp-crisis' ? 142 : uni(rng, lo, hi);
    const dia0 = has(HT) ? gauss(rng, 92, 4) : gauss(rng, 72, 4);
    const diaEnd = !has(HT) ? dia0 : controlled ? uni(rng, 71, 77) : uni(rng, 82, 87);
    const k = String(i + 1);
    return {
      p: {
        key: `p${k}`,
        username: `patient${k}`,
        personnummer,
        givenName,
        familyName,
        gender,
        unitKey,
        conditions,
        enrolledAt,
        birthDate: birth.toISOString().slice(0, 10),
      },
      adherence: i === 0 || event ? uni(rng, 0.88, 0.98) : uni(rng, 0.6, 0.98),
      source: elderlySms ? 'sms' : rng() < 0.25 ? 'device' : 'patient-app',
      device: rng() < 0.5,
      sys: [sys0, sysEnd],
      dia: [dia0, diaEnd],
      pulse: i === 0 ? 70 : has(HF) ? gauss(rng, 66, 5) : has(COPD) ? gauss(rng, 80, 5) : gauss(rng, 72, 6),
      weight: uni(rng, 60, 100),
      glucose: uni(rng, 6, 7.4),
      perDay: 2 + Math.floor(rng() * 3),
      spo2: 92.6 + 3.4 * Math.sqrt(rng()),
      pef: 10 * Math.round(uni(rng, 180, 380) / 10),
      phase: Math.floor(rng() * 28),
      event,
    };
  });
}

function observe(plan: Plan, rng: Rng, days: number, todayMs: number, nowMs: number, out: DemoObservation[]) {
  const { p, event } = plan;
  const has = (c: Condition) => p.conditions.includes(c);
  const enrolled = p.enrolledAt.getTime();
  let weight = plan.weight;
  for (let t = days - 1; t >= 0; t--) {
    const dayMs = todayMs - t * DAY;
    const since = event ? event.onset - t : -1; // days since the event began; < 0 before it
    weight += gauss(rng, 0, 0.05) + (plan.weight - weight) * 0.1;
    if (!(event && since >= -3) && rng() > plan.adherence) continue; // missed day
    const at = (hour: number, jitter = 20) =>
      stockholm(dayMs, hour) + Math.round(gauss(rng, 0, jitter)) * 60_000;
    const emit = (time: number, code: string, values: number[], source = plan.source) => {
      if (time > nowMs || time < enrolled) return;
      out.push({
        patientKey: p.key,
        code,
        values,
        unit: UCUM[code] ?? '',
        effectiveAt: new Date(time),
        source,
      });
    };
    const int = (mean: number, sd: number) => Math.round(gauss(rng, mean, sd));
    const pef = (mean: number) => 10 * Math.round(gauss(rng, mean, 15) / 10);
    const progress = (days - 1 - t) / Math.max(1, days - 1);
    const treated = (1 - Math.exp(-3 * progress)) / (1 - Math.exp(-3));
    const bp = (time: number, extraSys: number, source = plan.source) => {
      const crisis = event?.kind === 'bp-crisis' && since >= 0 ? 1 : 0;
      const sys = plan.sys[0] + (plan.sys[1] - plan.sys[0]) * treated + extraSys + crisis * (38 + 4 * since);
      const dia = plan.dia[0] + (plan.dia[1] - plan.dia[0]) * treated + extraSys / 2 + crisis * 20;
      const pulse = plan.pulse + extraSys / 2 + 6 * crisis;
      emit(time, '85354-9', [int(sys, 5), int(dia, 3)], source);
      emit(time, '8867-4', [int(pulse, 4.5)], source);
    };
    if (has(HT)) {
      // ESH protocol: two readings a minute apart; Bluetooth cuffs send both, others usually just one.
      for (const hour of [7.5, 20]) {
        const extra = hour < 12 ? 3 : 0; // morning values run a little higher
        if (rng() < 0.12) continue;
        const time = at(hour);
        bp(time, extra);
        if (plan.source === 'device' || rng() < 0.15) bp(time + 90_000, extra - 2);
      }
      if ((t + plan.phase) % 28 === 0 && t > 0) bp(at(10.5, 60), 6, 'staff'); // nurse visit, white-coat effect
    }
    if (has(HF)) {
      let bump = 0;
      if (event?.kind === 'hf-acute' && since >= 0) bump = [1.0, 2.0, 2.6][since] ?? 2.6;
      if (event?.kind === 'hf-earlier' && since >= 0)
        bump = since <= 3 ? 0.85 * since : Math.max(0.3, 2.55 - 0.7 * (since - 3));
      const morning = at(plan.source === 'sms' ? 8 : 7, plan.source === 'sms' ? 40 : 20);
      emit(morning, '29463-7', [round1(weight + bump + gauss(rng, 0, 0.2))]);
      if (!has(HT)) bp(morning + 5 * 60_000, bump > 1.5 ? 8 : 0);
      if (!has(HT) && plan.source !== 'sms' && rng() < 0.5) bp(at(19.5, 30), -3);
    }
    if (has(DM)) {
      const hours = [7, 13.5, 19.5, 22]
        .filter((h) => plan.perDay === 4 || h !== 22)
        .filter((h) => plan.perDay > 2 || h !== 13.5);
      for (const hour of hours) {
        if (rng() < 0.1) continue;
        const r = rng();
        let g = gauss(rng, plan.glucose + (hour === 7 ? 0 : hour === 22 ? 1 : 1.5), hour === 7 ? 0.6 : 1);
        if (r < 0.01) g = uni(rng, 2.8, 3.9);
        else if (r < 0.018) g = uni(rng, 13.2, 16.5);
        if (event?.kind === 'dm-high' && since >= 0) g += 4 + 1.5 * since;
        emit(at(hour, 25), '15074-8', [round1(clamp(g, 2.2, 30))], plan.device ? 'device' : plan.source);
      }
    }
    if (has(COPD)) {
      const sev =
        event?.kind === 'copd-exacerbation' && since >= 0 ? Math.min(1, (since + 1) / (event.onset + 1)) : 0;
      const morning = at(8.5, 30);
      const oximeter = plan.device ? 'device' : plan.source;
      emit(morning, '59408-5', [clamp(int(plan.spo2 - sev * (plan.spo2 - 89), 0.7), 80, 99)], oximeter);
      emit(morning, '8867-4', [int(plan.pulse + 18 * sev, 4)], oximeter);
      emit(morning + 120_000, '9279-1', [int(17 + 7 * sev, 1.2)]);
      emit(morning + 240_000, '19935-6', [pef(plan.pef * (1 - 0.3 * sev))]);
      if (rng() < 0.7) emit(at(19.5, 40), '19935-6', [pef(plan.pef + 15)]);
      if (sev > 0) emit(morning + 360_000, '8310-5', [round1(gauss(rng, 37.5 + 0.9 * sev, 0.2))]);
    }
  }
}

export function generateDemo(opts: { now: Date; seed?: number; days?: number; patients?: number }): DemoData {
  const { now, seed = 20240601, days = 90, patients = 60 } = opts;
  const rng = mulberry32(seed);
  const nowMs = now.getTime();
  const local = new Date(nowMs + tzOffset(nowMs));
  const todayMs = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()); // local date, as UTC midnight
  const plans = makePlans(rng, patients, todayMs, todayMs - (days - 1) * DAY);
  const observations: DemoObservation[] = [];
  plans.forEach((plan, i) => {
    const patientRng = mulberry32(seed ^ Math.imul(i + 1, 0x9e3779b1)); // own stream: editing one patient leaves the rest
    observe(plan, patientRng, days, todayMs, nowMs, observations);
  });
  observations.sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
  const roles = ['nurse', 'physician', 'unit-admin'] as const;
  return {
    region: { name: 'Region Exempel' },
    units: UNITS.map((u) => ({ ...u })),
    staff: UNITS.flatMap((u) =>
      roles.map((role, r) => ({
        username: `${role === 'unit-admin' ? 'admin' : role}.${u.key}`,
        role,
        displayName: STAFF_NAMES[u.key]?.[r] ?? role,
        unitKey: u.key,
      })),
    ),
    patients: plans.map((plan) => plan.p),
    observations,
  };
}
