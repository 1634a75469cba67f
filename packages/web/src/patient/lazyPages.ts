// Patient pages used now and then, or heavy (the history charts), are loaded on demand, keeping the first
// download small on slow networks (the service worker still precaches them for offline use).
import { lazy } from '../shared/lazyPage';

export const BlePage = lazy(() => import('../ble/BlePage').then((m) => ({ default: m.BlePage })));
export const ImportPage = lazy(() =>
  import('../imports/ImportPage').then((m) => ({ default: m.ImportPage })),
);
export const HistoryPage = lazy(() => import('./HistoryPage').then((m) => ({ default: m.HistoryPage })));
// The steps after the start page: small, fetched when the patient goes there.
export const RecordPage = lazy(() => import('./RecordPage').then((m) => ({ default: m.RecordPage })));
export const SettingsPage = lazy(() => import('./SettingsPage').then((m) => ({ default: m.SettingsPage })));
export const PatientPlanPage = lazy(() =>
  import('../plans/PatientPlanPage').then((m) => ({ default: m.PatientPlanPage })),
);
