// Day-by-day measurements of one synthetic patient: physiology (baseline + day-to-day variation + episode),
// measurement habits (schedules, missed days, breaks, duplicates, late or evening readings, typing errors) and
// uploads. Every number is documented with its source in docs/simulation.md.

import { findMeasurement, possibleRange } from '../catalogue';
import type { QuestionnaireAnswers, RuleMeasurement } from '../rules/types';
import { iso, localMs, weekday } from './clock';
import type { Episode, HabitCounts, SimPatient, Submission } from './model';
import type { Rng } from './random';

export const CODES = {
  bp: '85354-9',
  systolic: '8480-6',
  diastolic: '8462-4',
  pulse: '8867-4',
  weight: '29463-7',
  glucose: '15074-8',
  spo2: '59408-5',
  pef: '19935-6',
  urineProtein: '20454-5',
} as const;

/** Share of typed values with a typing error (assumption; see docs). */
export const TYPING_ERROR_RATE = 0.01;
/** Share of accepted typing errors the patient notices and re-enters correctly a few minutes later. */
export const TYPING_ERROR_CORRECTED = 0.5;
/** Share of uploads that arrive twice (SMS resent, app retry): identical values and time. */
export const DUPLICATE_UPLOAD_RATE = 0.01;

export function emptyCounts(): HabitCounts {
  return {
    readings: 0,
    duplicates: 0,
    typingErrors: 0,
    typingErrorsRejected: 0,
    missedDays: 0,
    scheduledDays: 0,
  };
}

const defs = new Map<string, ReturnType<typeof findMeasurement>>();
function defOf(code: string): ReturnType<typeof findMeasurement> {
  if (!defs.has(code)) defs.set(code, findMeasurement(code));
  return defs.get(code);
}

function decimalsOf(code: string): number {
  return defOf(code)?.decimals ?? 1;
}

function roundTo(v: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}

/** AR(1) day effect: today's = phi × yesterday's + innovation (persisting hydration, BP level, …). */
class Ar1 {
  value = 0;
  constructor(
    private readonly phi: number,
    private readonly sd: number,
  ) {}
  step(rng: Rng): number {
    this.value = this.phi * this.value + rng.normal(0, this.sd);
    return this.value;
  }
}

/** Where an episode is on a day: 0 before onset, rising to 1 on the event day, then recovering to 0. */
function progress(e: Episode, day: number, recoveryDays: number): number {
  if (day < e.onsetDay) return 0;
  if (day <= e.eventDay) return (day - e.onsetDay + 1) / (e.eventDay - e.onsetDay + 1);
  const since = day - e.eventDay - e.stayDays;
  return since >= recoveryDays ? 0 : Math.max(0, 1 - since / recoveryDays);
}

/** Collects uploads, applies typing errors and duplicates, and counts habits. */
class Recorder {
  readonly submissions: Submission[] = [];
  constructor(
    private readonly patient: SimPatient,
    private readonly rng: Rng,
    readonly counts: HabitCounts,
    private readonly typingErrorRate: number,
  ) {}

  /** The value as typed (or sent by a device): a typed value may carry a decimal shift or swapped digits. */
  private typed(code: string, value: number): { value: number; corrected: boolean } {
    if (!this.patient.manualEntry || !this.rng.chance(this.typingErrorRate))
      return { value, corrected: false };
    const decimals = decimalsOf(code);
    const digits = Math.round(value * 10 ** decimals).toString();
    let wrong: number;
    if (this.rng.chance(0.5) || digits.length < 2) {
      wrong = roundTo(value / 10, decimals + 1); // "8.24" for 82.4: the decimal point one place early
      if (decimals === 0) wrong = Math.round(value * 10); // "1420" for 142
    } else {
      const i = this.rng.int(0, digits.length - 2); // neighbouring digits swapped: 82.4 → 84.2, 142 → 124
      const swapped = digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
      wrong = Number(swapped) / 10 ** decimals;
    }
    if (wrong === value) return { value, corrected: false };
    const range = possibleRange(code);
    if (range && (wrong < range.min || wrong > range.max)) {
      // Intake rejects it with a precise message; the patient types it again, correctly.
      this.counts.typingErrorsRejected++;
      return { value, corrected: false };
    }
    this.counts.typingErrors++;
    return { value: roundTo(wrong, decimals), corrected: this.rng.chance(TYPING_ERROR_CORRECTED) };
  }

  /** One upload of measurements taken at `ms` (each [code, values]). */
  add(day: number, ms: number, items: [string, number[]][], responses: QuestionnaireAnswers[] = []): void {
    const measurements: RuleMeasurement[] = [];
    const corrections: RuleMeasurement[] = [];
    for (const [code, raw] of items) {
      const exact = raw.map((v, i) => roundTo(v, decimalsOf(valueCodeOf(code, i))));
      let needsCorrection = false;
      const values = exact.map((v, i) => {
        const t = this.typed(valueCodeOf(code, i), v);
        if (t.value !== v && t.corrected) needsCorrection = true;
        return t.value;
      });
      measurements.push(measurement(code, values, ms));
      if (needsCorrection) corrections.push(measurement(code, exact, ms + 3 * 60_000));
      this.counts.readings++;
    }
    this.push({ ms, day, measurements, responses });
    if (corrections.length > 0)
      this.push({ ms: ms + 3 * 60_000, day, measurements: corrections, responses: [] });
    if (this.rng.chance(DUPLICATE_UPLOAD_RATE)) {
      this.counts.duplicates++;
      this.push({ ms: ms + 60_000, day, measurements, responses });
    }
  }

  private push(s: Submission): void {
    this.submissions.push(s);
  }
}

function valueCodeOf(code: string, i: number): string {
  const def = defOf(code);
  return def?.components?.[i]?.loinc ?? def?.loinc ?? code;
}

function measurement(code: string, values: number[], ms: number): RuleMeasurement {
  const def = defOf(code);
  const unit = def?.unit ?? '';
  return {
    code,
    values,
    unit,
    originalValues: values,
    originalUnits: values.map(() => unit),
    effectiveAt: iso(ms),
  };
}

interface DayState {
  /** No measurements at all (break, hospital). */
  away: boolean;
}

function dayState(p: SimPatient, day: number): DayState {
  if (p.gap && day >= p.gap.from && day <= p.gap.to) return { away: true };
  for (const e of p.episodes)
    if (e.stayDays > 0 && day > e.eventDay && day <= e.eventDay + e.stayDays) return { away: true };
  return { away: false };
}

/** Morning session time: 06:30–08:30, sometimes late (after breakfast). */
function morning(rng: Rng): { minutes: number; late: boolean } {
  if (rng.chance(0.08)) return { minutes: rng.uniform(570, 660), late: true };
  return { minutes: rng.uniform(390, 510), late: false };
}

function episodesOf(p: SimPatient, kind: Episode['kind']): Episode[] {
  return p.episodes.filter((e) => e.kind === kind);
}

function episodeLevel(p: SimPatient, kind: Episode['kind'], day: number, recoveryDays: number): number {
  let level = 0;
  for (const e of episodesOf(p, kind)) level = Math.max(level, progress(e, day, recoveryDays));
  return level;
}

/** True on [onset, event] of an episode of that kind. */
function inPreEvent(p: SimPatient, kind: Episode['kind'], day: number): Episode | undefined {
  return episodesOf(p, kind).find((e) => day >= e.onsetDay && day <= e.eventDay);
}

// ---- blood pressure (hypertension, pregnancy) ----

function bloodPressure(p: SimPatient, rng: Rng, days: number, rec: Recorder): void {
  const b = p.baseline;
  const sysDay = new Ar1(0.5, 6); // day-to-day home SBP SD ≈ 7 mmHg (Juhanoja 2017)
  const diaDay = new Ar1(0.5, 4);
  const pregnancy = p.protocol === 'pregnancyHypertension';
  for (let day = 0; day < days; day++) {
    const s = sysDay.step(rng);
    const d = diaDay.step(rng);
    if (dayState(p, day).away) continue;
    const crisis = inPreEvent(p, 'hypertensiveCrisis', day);
    const level = episodeLevel(p, 'hypertensiveCrisis', day, 3);
    const peakSys = crisis?.magnitude ?? 200;
    const sysAdd = level * Math.max(0, peakSys - b.systolic!);
    const diaAdd = level * Math.max(0, 112 + (peakSys - 185) * 0.5 - b.diastolic!);
    // ESH: duplicate morning and evening readings for 7 days, then 1–2 duplicate readings a week.
    // Pregnancy: morning and evening every day (the library protocol).
    const sessions: ('morning' | 'evening')[] =
      pregnancy || day < 7 ? ['morning', 'evening'] : weekday(day) === 1 ? ['morning'] : [];
    if (sessions.length > 0) rec.counts.scheduledDays++;
    let measured = false;
    for (const session of sessions) {
      if (!rng.chance(p.adherence)) continue;
      const at = session === 'morning' ? morning(rng).minutes : rng.uniform(1200, 1290);
      const shift = session === 'morning' ? 3 : -3; // morning home BP a little higher than evening
      takeBp(p, rng, rec, day, at, b.systolic! + s + sysAdd + shift, b.diastolic! + d + diaAdd + shift / 2);
      measured = true;
    }
    if (sessions.length > 0 && !measured) rec.counts.missedDays++;
    // Symptoms (headache, visual disturbance) make a patient measure off schedule during a crisis.
    if (!measured && crisis && day >= crisis.eventDay - 1 && rng.chance(0.6))
      takeBp(p, rng, rec, day, rng.uniform(600, 1200), b.systolic! + s + sysAdd, b.diastolic! + d + diaAdd);
    else if (!measured && rng.chance(0.03))
      takeBp(p, rng, rec, day, rng.uniform(600, 1200), b.systolic! + s, b.diastolic! + d);
    if (pregnancy && (weekday(day) === 1 || weekday(day) === 4) && rng.chance(p.adherence)) {
      const protein = crisis
        ? rng.pick([
            [1, 0.4],
            [2, 0.4],
            [3, 0.2],
          ] as const)
        : rng.pick([
            [0, 0.85],
            [0.5, 0.12],
            [1, 0.03],
          ] as const);
      rec.add(day, localMs(day, rng.uniform(400, 500)), [[CODES.urineProtein, [protein]]]);
    }
    // Fasting glucose three mornings a week; normal pregnancy ≈ 4.5 mmol/L (NICE NG3 target < 5.3).
    if (pregnancy && [1, 3, 5].includes(weekday(day)) && rng.chance(p.adherence))
      rec.add(day, localMs(day, rng.uniform(390, 450)), [
        [CODES.glucose, [4.5 * Math.exp(rng.normal(0, 0.1))]],
      ]);
  }
}

/** A duplicate reading one minute apart (ESH); the second is usually a little lower. */
function takeBp(
  p: SimPatient,
  rng: Rng,
  rec: Recorder,
  day: number,
  minutes: number,
  sys: number,
  dia: number,
): void {
  for (let i = 0; i < 2; i++) {
    const ms = localMs(day, minutes + i);
    const systolic = sys + rng.normal(0, 4) - 2 * i;
    const diastolic = dia + rng.normal(0, 3) - i;
    const pulse = p.baseline.pulse! + rng.normal(0, 5);
    rec.add(day, ms, [
      [CODES.bp, [systolic, diastolic]],
      [CODES.pulse, [pulse]],
    ]);
  }
}

// ---- heart failure: daily morning weight, BP and pulse ----

function heartFailure(p: SimPatient, rng: Rng, days: number, rec: Recorder): void {
  const b = p.baseline;
  let dry = b.weight!;
  const hydration = new Ar1(0.6, 0.25); // day-to-day weight SD ≈ 0.3–0.5 kg with the scale noise
  const sysDay = new Ar1(0.5, 6);
  const diaDay = new Ar1(0.5, 4);
  const pulseDay = new Ar1(0.5, 3);
  let drift = 0;
  let discharged = -1;
  for (let day = 0; day < days; day++) {
    drift += rng.normal(0, 0.05); // slow change of body mass, ≈ ±0.7 kg over half a year
    let h = hydration.step(rng);
    // A salty meal, a hot day, a missed diuretic dose: a short swing of 0.5–1.2 kg that settles in days.
    if (rng.chance(0.04)) {
      hydration.value += rng.uniform(0.5, 1.2);
      h = hydration.value;
    }
    const s = sysDay.step(rng);
    const d = diaDay.step(rng);
    const pl = pulseDay.step(rng);
    for (const e of episodesOf(p, 'heartFailureDecompensation')) {
      // After discharge the patient is back at (or a little below) the old dry weight.
      if (day === e.eventDay + e.stayDays + 1 && discharged !== day) {
        dry -= rng.uniform(0, 1.5);
        discharged = day;
      }
    }
    if (dayState(p, day).away) continue;
    let gain = 0;
    let pulseAdd = 0;
    const e = inPreEvent(p, 'heartFailureDecompensation', day);
    if (e) {
      // Gain accelerates towards admission (Chaudhry 2007): fraction of the total ∝ elapsed^1.5.
      const f = ((day - e.onsetDay + 1) / (e.eventDay - e.onsetDay + 1)) ** 1.5;
      gain = e.magnitude * f;
      pulseAdd = 8 * f;
    }
    rec.counts.scheduledDays++;
    if (!rng.chance(p.adherence)) {
      rec.counts.missedDays++;
      continue;
    }
    const m = morning(rng);
    const weight = dry + drift + h + gain + (m.late ? 0.5 : 0) + rng.normal(0, 0.2);
    const ms = localMs(day, m.minutes);
    rec.add(day, ms, [
      [CODES.weight, [weight]],
      [CODES.bp, [b.systolic! + s + rng.normal(0, 4), b.diastolic! + d + rng.normal(0, 3)]],
      [CODES.pulse, [b.pulse! + pl + pulseAdd + rng.normal(0, 3)]],
    ]);
    if (rng.chance(0.1)) rec.add(day, ms + 60_000, [[CODES.weight, [weight + rng.normal(0, 0.1)]]]);
    if (rng.chance(0.05))
      rec.add(day, localMs(day, rng.uniform(1140, 1320)), [
        [CODES.weight, [weight + 0.8 + rng.normal(0, 0.3)]],
      ]);
  }
}

// ---- glucose ----

const CGM_MIN = 2.2;
const CGM_MAX = 22.2;

function diabetes1(p: SimPatient, rng: Rng, days: number, rec: Recorder): void {
  const b = p.baseline;
  const phi = 0.97; // 15-minute steps: excursions last hours
  const innov = b.glucoseLogSd! * Math.sqrt(1 - phi * phi);
  let x = rng.normal(0, b.glucoseLogSd!);
  for (let day = 0; day < days; day++) {
    const away = dayState(p, day).away || !rng.chance(Math.max(p.adherence, 0.85)); // sensor not worn
    const pre = inPreEvent(p, 'hypoglycaemia', day);
    // Before severe hypoglycaemia lows become more frequent (Cox 2007): the level sinks by up to 30 %.
    const sink = pre ? 1 - 0.3 * ((day - pre.onsetDay + 1) / (pre.eventDay - pre.onsetDay + 1)) : 1;
    const severeAt = pre && day === pre.eventDay ? rng.int(8, 20) : -1; // 02:00–05:00, in 15-min steps
    const severeLength = rng.int(4, 8);
    if (!away) rec.counts.scheduledDays++;
    else rec.counts.missedDays++;
    let batch: number[] = [];
    for (let step = 0; step < 96; step++) {
      x = phi * x + rng.normal(0, innov);
      const circadian = 0.08 * Math.sin(((step - 20) / 96) * 2 * Math.PI); // dawn rise, night low
      let g = b.glucoseMedian! * sink * Math.exp(x + circadian);
      if (severeAt >= 0 && step >= severeAt && step < severeAt + severeLength)
        g = pre!.magnitude + rng.normal(0, 0.15);
      batch.push(Math.min(CGM_MAX, Math.max(CGM_MIN, g)));
      // The phone uploads once an hour; a lost hour (sensor signal, phone away) now and then.
      if (step % 4 === 3) {
        if (!away && !rng.chance(0.02)) {
          const first = step - 3;
          const items = batch.map((v) => [CODES.glucose, [v]] as [string, number[]]);
          addCgmBatch(rec, day, first, items);
        }
        batch = [];
      }
    }
  }
}

/** A CGM upload: readings 15 minutes apart, sent together at the end of the hour. */
function addCgmBatch(rec: Recorder, day: number, firstStep: number, items: [string, number[]][]): void {
  const measurements: RuleMeasurement[] = items.map(([code, values], i) =>
    measurement(code, [roundTo(values[0]!, 1)], localMs(day, (firstStep + i) * 15)),
  );
  rec.counts.readings += measurements.length;
  rec.submissions.push({
    ms: localMs(day, (firstStep + items.length) * 15),
    day,
    measurements,
    responses: [],
  });
}

function diabetes2(p: SimPatient, rng: Rng, days: number, rec: Recorder): void {
  const b = p.baseline;
  const level = new Ar1(0.7, b.glucoseLogSd! * 0.5);
  for (let day = 0; day < days; day++) {
    const l = level.step(rng);
    if (dayState(p, day).away) continue;
    const pre = inPreEvent(p, 'hypoglycaemia', day);
    const sink = pre ? 0.6 : 1;
    const wd = weekday(day);
    const fasting = wd === 1 || wd === 3 || wd === 5; // the library protocol: Mon, Wed, Fri
    let measured = false;
    if (fasting) {
      rec.counts.scheduledDays++;
      if (rng.chance(p.adherence)) {
        const g = b.glucoseMedian! * sink * Math.exp(l + rng.normal(0, b.glucoseLogSd!));
        rec.add(day, localMs(day, morning(rng).minutes), [[CODES.glucose, [g]]]);
        measured = true;
      } else rec.counts.missedDays++;
    }
    // Monday: weight and a duplicate BP reading as well.
    if (wd === 1 && rng.chance(p.adherence)) {
      const at = morning(rng).minutes;
      rec.add(day, localMs(day, at), [[CODES.weight, [b.weight! + rng.normal(0, 0.6)]]]);
      takeBp(p, rng, rec, day, at + 5, b.systolic! + rng.normal(0, 6), b.diastolic! + rng.normal(0, 4));
    }
    // Symptoms of a low (shaking, sweating) prompt a check; on the event day the severe low itself.
    if (pre && day === pre.eventDay && rng.chance(0.7))
      rec.add(day, localMs(day, rng.uniform(600, 1300)), [
        [CODES.glucose, [pre.magnitude + rng.normal(0, 0.2)]],
      ]);
    else if (pre && !measured && rng.chance(0.3))
      rec.add(day, localMs(day, rng.uniform(600, 1300)), [[CODES.glucose, [rng.uniform(3.0, 4.2)]]]);
  }
}

// ---- COPD: oximeter (SpO2, pulse), peak flow, weekly symptom score ----

/** The COPD Assessment Test's id; structure and scoring only (the wording is licensed). */
export const CAT_ID = 'cat';

function catItems(total: number, rng: Rng): number[] {
  const items = Array.from({ length: 8 }, () => 0);
  let left = Math.max(0, Math.min(40, Math.round(total)));
  while (left > 0) {
    const i = rng.int(0, 7);
    if (items[i]! < 5) {
      items[i]!++;
      left--;
    }
  }
  return items;
}

function copd(p: SimPatient, rng: Rng, days: number, rec: Recorder): void {
  const b = p.baseline;
  const spo2Day = new Ar1(0.5, 0.8);
  const pulseDay = new Ar1(0.5, 3);
  const pefDay = new Ar1(0.5, 0.04);
  for (let day = 0; day < days; day++) {
    const so = spo2Day.step(rng);
    const pu = pulseDay.step(rng);
    const pe = pefDay.step(rng);
    if (dayState(p, day).away) continue;
    const ex = inPreEvent(p, 'copdExacerbation', day);
    const lvl = episodeLevel(p, 'copdExacerbation', day, 10);
    const sev =
      ex?.magnitude ?? episodesOf(p, 'copdExacerbation').find((e) => day > e.eventDay)?.magnitude ?? 0;
    const k = lvl * sev;
    // Around onset SpO2 falls by a few points, pulse rises, PEF falls a little and symptoms rise (see docs).
    const spo2 = Math.min(100, b.spo2! + so - 3 * k + rng.normal(0, 0.7));
    const pulse = b.pulse! + pu + 12 * k + rng.normal(0, 3);
    const pef = b.pef! * (1 + pe - 0.15 * k + rng.normal(0, 0.05));
    rec.counts.scheduledDays++;
    // Daily (the library protocol); with an exacerbation building, some measure although they would have skipped.
    if (!rng.chance(p.adherence) && !(ex !== undefined && rng.chance(0.5))) {
      rec.counts.missedDays++;
      continue;
    }
    const ms = localMs(day, rng.uniform(480, 600));
    rec.add(day, ms, [
      [CODES.spo2, [spo2]],
      [CODES.pulse, [pulse]],
      [CODES.pef, [pef]],
    ]);
    const weekly = weekday(day) === 1;
    const prompted = ex !== undefined && day >= ex.eventDay - 2 && rng.chance(0.25);
    if (weekly || prompted) {
      const total = b.cat! + rng.normal(0, 2) + 8 * k;
      const items = catItems(total, rng);
      rec.add(day, ms + 120_000, [], [{ questionnaire: CAT_ID, time: iso(ms + 120_000), items }]);
    }
  }
}

// ---- asthma: morning and evening peak flow ----

function asthma(p: SimPatient, rng: Rng, days: number, rec: Recorder): void {
  const b = p.baseline;
  const control = new Ar1(0.6, 0.03);
  for (let day = 0; day < days; day++) {
    const c = control.step(rng);
    if (dayState(p, day).away) continue;
    rec.counts.scheduledDays++;
    let measured = false;
    for (const [minutes, diurnal] of [
      [morning(rng).minutes, -0.03],
      [rng.uniform(1200, 1290), 0.02],
    ] as const) {
      if (!rng.chance(p.adherence * 0.9)) continue;
      // Best of three blows; variability below 10 % in controlled asthma (GINA).
      const pef = b.pefBest! * (b.control! + c + diurnal + rng.normal(0, 0.035));
      rec.add(day, localMs(day, minutes), [[CODES.pef, [pef]]]);
      measured = true;
    }
    if (!measured) rec.counts.missedDays++;
  }
}

/** All uploads of one patient over `days` days, in time order. */
export function generatePatientData(
  p: SimPatient,
  rng: Rng,
  days: number,
  counts: HabitCounts = emptyCounts(),
  typingErrorRate = TYPING_ERROR_RATE,
): Submission[] {
  const rec = new Recorder(p, rng, counts, typingErrorRate);
  switch (p.protocol) {
    case 'hypertension':
    case 'pregnancyHypertension':
      bloodPressure(p, rng, days, rec);
      break;
    case 'heartFailure':
      heartFailure(p, rng, days, rec);
      break;
    case 'diabetes1':
      diabetes1(p, rng, days, rec);
      break;
    case 'diabetes2':
      diabetes2(p, rng, days, rec);
      break;
    case 'copd':
      copd(p, rng, days, rec);
      break;
    case 'asthma':
      asthma(p, rng, days, rec);
      break;
  }
  return rec.submissions.sort((a, b) => a.ms - b.ms);
}
