// The patient's own data as the app last saw it: network first, the device copy when offline. Keys name
// what was asked for so each view finds its own copy.
import { api } from '../api';
import { loadCached } from '../offline/cache';
import { plansApi } from '../plans/plansApi';
import { PATIENT_MEASUREMENTS } from '../shared/catalogue';
import { daysAgoIso } from '../shared/format';

export const HISTORY_DAYS = [30, 90];

export const loadThresholds = (ownerId: string | null, signal?: AbortSignal) =>
  loadCached(ownerId, 'thresholds', () => api.patient.thresholds(signal));

/** One copy per measurement and period, as the history page asks for them. */
export const loadHistory = (ownerId: string | null, code: string, days: number, signal?: AbortSignal) =>
  loadCached(ownerId, `observations:${code}:${days}`, () =>
    api.patient.observations({ code, from: daysAgoIso(days) }, signal),
  );

export const loadToday = (ownerId: string | null, signal?: AbortSignal) =>
  loadCached(ownerId, 'today', () => plansApi.today(signal));

export const loadMyPlan = (ownerId: string | null, signal?: AbortSignal) =>
  loadCached(ownerId, 'plan', () => plansApi.myPlan(signal));

/** After app start online: fetch what the offline app shows first (thresholds, today, plan, 30 days of the
 *  planned measurements). */
export async function prefetchForOffline(ownerId: string): Promise<void> {
  try {
    await loadThresholds(ownerId);
    const today = await loadToday(ownerId);
    await loadMyPlan(ownerId);
    // History of what the plan asks for (blood pressure when there is no plan); others as they are viewed.
    const planned = new Set(today.data.items.filter((i) => i.kind === 'measurement').map((i) => i.code));
    const codes = PATIENT_MEASUREMENTS.map((m) => m.loinc).filter((c) => planned.has(c));
    for (const code of codes.length > 0 ? codes : ['85354-9']) {
      await loadHistory(ownerId, code, HISTORY_DAYS[0] as number);
    }
  } catch {
    // Best effort: the pages load what they show themselves.
  }
}
