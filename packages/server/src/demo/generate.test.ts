import { describe, expect, it } from 'vitest';
import { type DemoData, type DemoObservation, generateDemo } from './generate.ts';

const NOW = new Date('2026-03-16T09:15:00Z');
const DAY = 86_400_000;
const demo = generateDemo({ now: NOW });

/** Code → [unit, min, max, decimals] (decimals -1: multiple of 10). Ranges are what a body can show. */
const SPEC: Record<string, [string, number, number, number]> = {
  '85354-9': ['mm[Hg]', 30, 260, 0],
  '8867-4': ['/min', 30, 220, 0],
  '29463-7': ['kg', 30, 250, 1],
  '15074-8': ['mmol/L', 1, 35, 1],
  '59408-5': ['%', 70, 100, 0],
  '8310-5': ['Cel', 34, 42, 1],
  '19935-6': ['L/min', 50, 900, -1],
  '9279-1': ['/min', 6, 50, 0],
};

/** Default unit limits from the brief: 0 green, 1 yellow, 2 red. */
function severity(o: DemoObservation): number {
  let s = 0;
  const above = (v = 0, y: number, r: number) => {
    s = Math.max(s, v > r ? 2 : v > y ? 1 : 0);
  };
  const below = (v = 0, y: number, r: number) => {
    s = Math.max(s, v < r ? 2 : v < y ? 1 : 0);
  };
  const [a, b] = o.values;
  if (o.code === '85354-9') {
    above(a, 135, 180);
    above(b, 85, 110);
  }
  if (o.code === '59408-5') below(a, 93, 90);
  if (o.code === '15074-8') {
    below(a, 4, 3);
    above(a, 10, 13.9);
  }
  if (o.code === '8867-4') {
    below(a, 50, 40);
    above(a, 100, 120);
  }
  return s;
}

/** Patients with at least one yellow/red value in the last 3 days: the nurse's worklist. */
function worklist(data: DemoData, now: Date) {
  const open = new Map<string, number>();
  for (const o of data.observations) {
    const s = severity(o);
    if (s > 0 && o.effectiveAt.getTime() > now.getTime() - 3 * DAY)
      open.set(o.patientKey, Math.max(s, open.get(o.patientKey) ?? 0));
  }
  return open;
}

function luhnValid(ten: string): boolean {
  let sum = 0;
  for (let i = 0; i < ten.length; i++) {
    const d = Number(ten[i]) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(d / 10) + (d % 10);
  }
  return sum % 10 === 0;
}

const weights = (data: DemoData, key: string) =>
  data.observations.filter((o) => o.patientKey === key && o.code === '29463-7');

describe('generateDemo', () => {
  it('is deterministic for a seed and varies between seeds', () => {
    expect(generateDemo({ now: NOW })).toEqual(demo);
    expect(generateDemo({ now: NOW, seed: 2 }).observations).not.toEqual(demo.observations);
  });

  it('has the region, units, staff and patients of the demo story', () => {
    expect(demo.region.name).toBe('Region Exempel');
    expect(demo.units.map((u) => [u.key, u.name])).toEqual([
      ['north', 'Vårdcentralen Norrby'],
      ['south', 'Hjärtmottagningen Söderby'],
    ]);
    expect(demo.staff.map((s) => s.username).sort()).toEqual(
      [
        'admin.north',
        'admin.south',
        'nurse.north',
        'nurse.south',
        'physician.north',
        'physician.south',
      ].sort(),
    );
    for (const s of demo.staff) {
      expect(s.username).toBe(`${s.role === 'unit-admin' ? 'admin' : s.role}.${s.unitKey}`);
    }
    expect(demo.patients.map((p) => p.username)).toEqual(
      Array.from({ length: 60 }, (_, i) => `patient${i + 1}`),
    );
    expect(new Set(demo.patients.map((p) => `${p.givenName} ${p.familyName}`)).size).toBe(60);
    const p1 = demo.patients[0];
    expect(p1?.conditions).toEqual(['hypertension']);
    expect(p1?.unitKey).toBe('north');
    for (const c of ['hypertension', 'heart-failure', 'diabetes', 'copd']) {
      expect(demo.patients.filter((p) => p.conditions.includes(c as never)).length).toBeGreaterThanOrEqual(
        10,
      );
    }
    expect(demo.patients.filter((p) => p.conditions.length === 2).length).toBeGreaterThan(4);
    expect(new Set(demo.patients.map((p) => p.unitKey))).toEqual(new Set(['north', 'south']));
    expect(demo.observations.length).toBeGreaterThan(15_000);
    expect(demo.observations.length).toBeLessThan(30_000);
    expect(generateDemo({ now: NOW, patients: 5, days: 10 }).patients).toHaveLength(5);
  });

  it('gives every patient a valid, unique personnummer matching birth date, age and gender', () => {
    expect(new Set(demo.patients.map((p) => p.personnummer)).size).toBe(demo.patients.length);
    let elderly = 0;
    for (const p of demo.patients) {
      expect(p.personnummer).toMatch(/^(19|20)\d{10}$/);
      expect(luhnValid(p.personnummer.slice(2))).toBe(true);
      const [y, m, d] = [p.personnummer.slice(0, 4), p.personnummer.slice(4, 6), p.personnummer.slice(6, 8)];
      const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
      expect(date.toISOString().slice(0, 10)).toBe(`${y}-${m}-${d}`);
      expect(p.birthDate).toBe(`${y}-${m}-${d}`);
      expect(Number(p.personnummer[10]) % 2 === 1).toBe(p.gender === 'male');
      const age = (NOW.getTime() - date.getTime()) / (365.25 * DAY);
      expect(age).toBeGreaterThanOrEqual(40);
      expect(age).toBeLessThan(93);
      if (age >= 75) elderly++;
    }
    expect(elderly).toBeGreaterThan(15);
  });

  it('emits only known codes, canonical units, rounded and physiologically possible values', () => {
    for (const o of demo.observations) {
      const spec = SPEC[o.code];
      expect(spec, o.code).toBeDefined();
      const [unit, min, max, decimals] = spec ?? ['', 0, 0, 0];
      expect(o.unit).toBe(unit);
      expect(o.values).toHaveLength(o.code === '85354-9' ? 2 : 1);
      for (const v of o.values) {
        expect(v).toBeGreaterThanOrEqual(min);
        expect(v).toBeLessThanOrEqual(max);
        if (decimals === -1) expect(v % 10).toBe(0);
        else expect(Math.abs(v * 10 ** decimals - Math.round(v * 10 ** decimals))).toBeLessThan(1e-9);
      }
      if (o.code === '85354-9') expect(o.values[0]).toBeGreaterThan(o.values[1] ?? 0);
    }
    const sources = new Set(demo.observations.map((o) => o.source));
    expect(sources).toEqual(new Set(['patient-app', 'device', 'sms', 'staff']));
  });

  it('keeps observations within the window, after enrolment and never after now', () => {
    const enrolled = new Map(demo.patients.map((p) => [p.key, p.enrolledAt.getTime()]));
    for (const o of demo.observations) {
      expect(o.effectiveAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(o.effectiveAt.getTime()).toBeGreaterThan(NOW.getTime() - 91 * DAY);
      expect(o.effectiveAt.getTime()).toBeGreaterThanOrEqual(enrolled.get(o.patientKey) ?? Number.NaN);
    }
  });

  it('measures blood pressure around 07:30 and 20:00 Stockholm time, also across DST', () => {
    for (const now of [NOW, new Date('2026-07-01T12:00:00Z')]) {
      const hour = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Stockholm',
        hour: 'numeric',
        hourCycle: 'h23',
      });
      const bp = generateDemo({ now }).observations.filter(
        (o) => o.code === '85354-9' && o.source !== 'staff',
      );
      const typical = bp.filter((o) => [6, 7, 8, 19, 20, 21].includes(Number(hour.format(o.effectiveAt))));
      expect(typical.length / bp.length).toBeGreaterThan(0.95);
    }
  });

  it('has exactly one heart-failure weight rise of 2+ kg in the last 3 days, and earlier ones that fell back', () => {
    const hf = demo.patients.filter((p) => p.conditions.includes('heart-failure'));
    const recentRise = hf.filter((p) => {
      const w = weights(demo, p.key);
      const before =
        w.filter((o) => o.effectiveAt.getTime() < NOW.getTime() - 3 * DAY).at(-1)?.values[0] ?? 999;
      const recent = w.filter((o) => o.effectiveAt.getTime() >= NOW.getTime() - 3 * DAY);
      return recent.some((o) => (o.values[0] ?? 0) - before >= 2);
    });
    expect(recentRise).toHaveLength(1);
    const story = recentRise[0];
    expect(story?.gender).toBe('female');
    expect(weights(demo, story?.key ?? '').at(-1)?.source).toBe('sms');
    const earlier = hf.filter((p) => {
      const w = weights(demo, p.key)
        .filter((o) => o.effectiveAt.getTime() > NOW.getTime() - 9 * DAY)
        .map((o) => o.values[0] ?? 0);
      return p !== story && Math.max(...w) - Math.min(...w) >= 2;
    });
    expect(earlier.length).toBeGreaterThanOrEqual(1);
  });

  it('produces a worklist of 10–25 patients with recent yellow/red values, mostly calm history', () => {
    for (const [now, seed] of [
      [NOW, undefined],
      [new Date('2026-07-01T05:30:00Z'), 7],
      [new Date('2026-10-25T21:00:00Z'), 99],
    ] as const) {
      const data = generateDemo({ now, seed });
      const open = worklist(data, now);
      expect(open.size).toBeGreaterThanOrEqual(10);
      expect(open.size).toBeLessThanOrEqual(25);
      expect([...open.values()]).toContain(2);
      const history = data.observations.filter((o) => o.effectiveAt.getTime() <= now.getTime() - 3 * DAY);
      expect(history.filter((o) => severity(o) === 2).length / history.length).toBeLessThan(0.005);
    }
    const copdLow = demo.observations.filter(
      (o) =>
        o.code === '59408-5' &&
        o.effectiveAt.getTime() > NOW.getTime() - 2 * DAY &&
        (o.values[0] ?? 100) <= 90,
    );
    expect(new Set(copdLow.map((o) => o.patientKey)).size).toBeGreaterThanOrEqual(2);
  });
});
