// Pages outside the first view — account, messages, notifications, access log, relatives, the
// administration frame — loaded on demand, so a patient opening the app downloads only its start page
// (issue 7 part 9, bench/web-budget.ts). The service worker still precaches them for offline use.
import { lazy as reactLazy } from 'react';
import { lazy } from './shared/lazyPage';

// The login page with its second step and passkey code: a logged-in patient never needs it. Its texts are
// among the first view's (i18n/firstView.ts), so it waits for no others; the boot module starts its
// download as soon as the session check finds nobody logged in (main.tsx), beside the app's code.
export const LoginPage = reactLazy(() =>
  import('./shared/LoginPage').then((m) => ({ default: m.LoginPage })),
);

export const EnrolPage = lazy(() => import('./account/EnrolPage').then((m) => ({ default: m.EnrolPage })));
export const LoginRefusedPage = lazy(() =>
  import('./account/LoginRefusedPage').then((m) => ({ default: m.LoginRefusedPage })),
);
export const SecurityPage = lazy(() =>
  import('./account/SecurityPage').then((m) => ({ default: m.SecurityPage })),
);
export const AdminLayout = lazy(() =>
  import('./admin/AdminLayout').then((m) => ({ default: m.AdminLayout })),
);
export const PatientAccessLogPage = lazy(() =>
  import('./audit/PatientAccessLogPage').then((m) => ({ default: m.PatientAccessLogPage })),
);
export const NewThreadPage = lazy(() =>
  import('./chat/NewThreadPage').then((m) => ({ default: m.NewThreadPage })),
);
export const ThreadListPage = lazy(() =>
  import('./chat/ThreadListPage').then((m) => ({ default: m.ThreadListPage })),
);
export const ThreadPage = lazy(() => import('./chat/ThreadPage').then((m) => ({ default: m.ThreadPage })));
export const NotificationSettingsPage = lazy(() =>
  import('./notifications/NotificationSettingsPage').then((m) => ({ default: m.NotificationSettingsPage })),
);
export const RelativeChooserPage = lazy(() =>
  import('./relatives/RelativeChooserPage').then((m) => ({ default: m.RelativeChooserPage })),
);
export const RelativesPage = lazy(() =>
  import('./relatives/RelativesPage').then((m) => ({ default: m.RelativesPage })),
);
