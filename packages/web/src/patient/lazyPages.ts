// Patient pages used now and then, or heavy (the history charts), are loaded on demand, keeping the first
// download small on slow networks (the service worker still precaches them for offline use).
import { lazy } from 'react';

export const BlePage = lazy(() => import('../ble/BlePage').then((m) => ({ default: m.BlePage })));
export const ImportPage = lazy(() =>
  import('../imports/ImportPage').then((m) => ({ default: m.ImportPage })),
);
export const HistoryPage = lazy(() => import('./HistoryPage').then((m) => ({ default: m.HistoryPage })));
