import { describe, expect, it } from 'vitest';
import { createPatient, EARLIEST_ONSET_DAY, hospitalDays } from './cohort';
import { CODES, emptyCounts, generatePatientData } from './data';
import type { Episode, SimPatient, Submission } from './model';
import { Rng } from './random';

function patient(over: Partial<SimPatient>): SimPatient {
  return {
    index: 0,
    id: 'sim-test',
    protocol: 'heartFailure',
    monitoring: 'prescribed',
    manualEntry: false,
    adherence: 1,
    gap: null,
    episodes: [],
    baseline: {},
    ...over,
  };
}

/** First value of a value code per day (the morning reading). */
function daily(subs: Submission[], code: string, index = 0): Map<number, number> {
  const out = new Map<number, number>();
  for (const s of subs)
    for (const m of s.measurements)
      if (m.code === code && !out.has(s.day) && m.values[index] !== undefined)
        out.set(s.day, m.values[index]!);
  return out;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the cohort', () => {
  it('is the same patient for the same seed and index, whatever else is generated', () => {
    const a = createPatient(42, 7, 182);
    createPatient(42, 8, 182);
    const b = createPatient(42, 7, 182);
    expect(b.patient).toEqual(a.patient);
    expect(generatePatientData(b.patient, b.rng, 182)).toEqual(generatePatientData(a.patient, a.rng, 182));
  });

  it('places episodes after the run-in, inside the run and without overlap', () => {
    let count = 0;
    for (let i = 0; i < 400; i++) {
      const { patient: p } = createPatient(9, i, 182);
      let free = 0;
      for (const e of p.episodes) {
        count++;
        expect(e.onsetDay).toBeGreaterThanOrEqual(Math.max(EARLIEST_ONSET_DAY, free));
        expect(e.eventDay).toBeGreaterThan(e.onsetDay);
        expect(e.eventDay).toBeLessThan(182);
        free = e.eventDay + e.stayDays + 1;
      }
    }
    expect(count).toBeGreaterThan(20);
  });
});

describe('episode injection', () => {
  it('heart failure: the morning weight rises by about the episode size, then the patient is away in hospital', () => {
    const episode: Episode = {
      kind: 'heartFailureDecompensation',
      onsetDay: 30,
      eventDay: 40,
      magnitude: 4,
      stayDays: 5,
    };
    const p = patient({
      episodes: [episode],
      baseline: { weight: 80, systolic: 120, diastolic: 70, pulse: 70 },
    });
    const subs = generatePatientData(p, new Rng(1), 70);
    const w = daily(subs, CODES.weight);
    const before = mean([...w].filter(([d]) => d >= 16 && d < 30).map(([, v]) => v));
    expect(w.get(40)! - before).toBeGreaterThan(2.5);
    expect(w.get(40)! - before).toBeLessThan(5.5);
    // The gain builds up: the first days of the episode are still close to the baseline.
    expect(w.get(31)! - before).toBeLessThan(1.5);
    for (const d of hospitalDays(p)) expect(subs.some((s) => s.day === d)).toBe(false);
    expect([...hospitalDays(p)]).toEqual([41, 42, 43, 44, 45]);
  });

  it('heart failure without an episode: day-to-day weight SD about 0.3–0.6 kg', () => {
    const p = patient({ baseline: { weight: 80, systolic: 120, diastolic: 70, pulse: 70 } });
    const w = [...daily(generatePatientData(p, new Rng(2), 182), CODES.weight).values()];
    const diffs = w.slice(1).map((v, i) => v - w[i]!);
    const sd = Math.sqrt(mean(diffs.map((d) => d * d)) / 2);
    expect(sd).toBeGreaterThan(0.3);
    expect(sd).toBeLessThan(0.6);
  });

  it('hypertensive crisis: systolic near the episode peak on the event day', () => {
    const episode: Episode = {
      kind: 'hypertensiveCrisis',
      onsetDay: 20,
      eventDay: 23,
      magnitude: 200,
      stayDays: 0,
    };
    const p = patient({
      protocol: 'pregnancyHypertension',
      episodes: [episode],
      baseline: { systolic: 130, diastolic: 84, pulse: 80 },
    });
    const sys = daily(generatePatientData(p, new Rng(3), 40), CODES.bp, 0);
    expect(sys.get(23)!).toBeGreaterThan(180);
    expect(sys.get(18)!).toBeLessThan(165);
  });

  it('hypoglycaemia: a CGM trace with a severe low on the event day', () => {
    const episode: Episode = {
      kind: 'hypoglycaemia',
      onsetDay: 20,
      eventDay: 22,
      magnitude: 2.3,
      stayDays: 0,
    };
    const p = patient({
      protocol: 'diabetes1',
      monitoring: 'recommended',
      episodes: [episode],
      baseline: { glucoseMedian: 8, glucoseLogSd: 0.3 },
    });
    const subs = generatePatientData(p, new Rng(4), 30);
    const low = (day: number) =>
      Math.min(...subs.filter((s) => s.day === day).flatMap((s) => s.measurements.map((m) => m.values[0]!)));
    expect(low(22)).toBeLessThan(2.8);
    expect(subs.filter((s) => s.day === 10).flatMap((s) => s.measurements)).toHaveLength(96);
  });

  it('COPD exacerbation: SpO2 falls and the CAT score rises towards the event', () => {
    const episode: Episode = {
      kind: 'copdExacerbation',
      onsetDay: 30,
      eventDay: 37,
      magnitude: 1,
      stayDays: 0,
    };
    const p = patient({
      protocol: 'copd',
      episodes: [episode],
      baseline: { spo2: 94, pulse: 80, pef: 250, cat: 15 },
    });
    const subs = generatePatientData(p, new Rng(5), 50);
    const spo2 = daily(subs, CODES.spo2);
    const before = mean([...spo2].filter(([d]) => d < 30).map(([, v]) => v));
    const late = mean([...spo2].filter(([d]) => d >= 35 && d <= 37).map(([, v]) => v));
    expect(before - late).toBeGreaterThan(1.5);
    const cat = subs
      .flatMap((s) => s.responses)
      .map((r) => ({
        day: Math.floor(
          (Date.parse(r.time) - Date.parse(subs[0]!.measurements[0]!.effectiveAt)) / 86_400_000,
        ),
        total: r.items.reduce((a, b) => a + b, 0),
      }));
    const calm = mean(cat.filter((c) => c.day < 28).map((c) => c.total));
    expect(Math.max(...cat.filter((c) => c.day >= 34 && c.day <= 37).map((c) => c.total))).toBeGreaterThan(
      calm + 3,
    );
  });

  it('counts habits: typing errors only for manual entry, missed days with partial adherence', () => {
    const base = { weight: 80, systolic: 120, diastolic: 70, pulse: 70 };
    const device = emptyCounts();
    generatePatientData(patient({ baseline: base }), new Rng(6), 182, device);
    expect(device.typingErrors + device.typingErrorsRejected).toBe(0);
    expect(device.missedDays).toBe(0);
    const manual = emptyCounts();
    generatePatientData(
      patient({ baseline: base, manualEntry: true, adherence: 0.7 }),
      new Rng(6),
      182,
      manual,
    );
    expect(manual.typingErrors + manual.typingErrorsRejected).toBeGreaterThan(0);
    expect(manual.missedDays / manual.scheduledDays).toBeGreaterThan(0.2);
    expect(manual.missedDays / manual.scheduledDays).toBeLessThan(0.4);
  });
});
