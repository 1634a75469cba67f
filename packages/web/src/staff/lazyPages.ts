// The staff and administration area, loaded on demand: patients never download it, which keeps the
// patient app's first download within its budget (issue 7 part 9, bench/web-budget.ts). The pages are
// unchanged; only how App.tsx loads them.
import { lazy } from '../shared/lazyPage';

export const WorklistPage = lazy(() => import('./WorklistPage').then((m) => ({ default: m.WorklistPage })));
export const PatientListPage = lazy(() =>
  import('./PatientListPage').then((m) => ({ default: m.PatientListPage })),
);
export const PatientPage = lazy(() => import('./PatientPage').then((m) => ({ default: m.PatientPage })));
export const EmergencyAccessPage = lazy(() =>
  import('./EmergencyAccessPage').then((m) => ({ default: m.EmergencyAccessPage })),
);
export const UnitsPage = lazy(() => import('../admin/UnitsPage').then((m) => ({ default: m.UnitsPage })));
export const StaffPage = lazy(() => import('../admin/StaffPage').then((m) => ({ default: m.StaffPage })));
export const ClientsPage = lazy(() =>
  import('../admin/ClientsPage').then((m) => ({ default: m.ClientsPage })),
);
export const AuditPage = lazy(() => import('../audit/AuditPage').then((m) => ({ default: m.AuditPage })));
export const ProtocolListPage = lazy(() =>
  import('../protocols/ProtocolListPage').then((m) => ({ default: m.ProtocolListPage })),
);
export const ProtocolEditorPage = lazy(() =>
  import('../protocols/ProtocolEditorPage').then((m) => ({ default: m.ProtocolEditorPage })),
);
export const TemplatesPage = lazy(() =>
  import('../chat/TemplatesPage').then((m) => ({ default: m.TemplatesPage })),
);
export const DashboardPage = lazy(() =>
  import('../dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })),
);
