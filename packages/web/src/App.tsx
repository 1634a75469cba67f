import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { RequireLogin } from './account/RequireLogin';
import {
  AdminLayout,
  EnrolPage,
  LoginPage,
  LoginRefusedPage,
  NewThreadPage,
  NotificationSettingsPage,
  PatientAccessLogPage,
  RelativeChooserPage,
  RelativesPage,
  SecurityPage,
  ThreadListPage,
  ThreadPage,
} from './lazyPages';
import {
  BlePage,
  HistoryPage,
  ImportPage,
  PatientPlanPage,
  RecordPage,
  SettingsPage,
} from './patient/lazyPages';
import { PatientShell } from './patient/PatientShell';
import { RecordChooserPage } from './patient/RecordChooserPage';
import { QuestionnaireListPage, QuestionnairePage } from './questionnaires/lazyPages';
import { AnnouncerProvider } from './shared/Announcer';
import { AuthProvider } from './shared/AuthContext';
import { Layout } from './shared/Layout';
import { HomeRedirect, NotFoundPage, RequireRole } from './shared/RequireRole';
import {
  AuditPage,
  ClientsPage,
  DashboardPage,
  EmergencyAccessPage,
  PatientListPage,
  PatientPage,
  ProtocolEditorPage,
  ProtocolListPage,
  StaffPage,
  TemplatesPage,
  UnitsPage,
  WorklistPage,
} from './staff/lazyPages';

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <AnnouncerProvider>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<HomeRedirect />} />
              <Route path="login" element={<LoginPage />} />
              <Route path="relative" element={<RelativeChooserPage />} />
              <Route path="login/enrol" element={<EnrolPage />} />
              <Route path="login/refused" element={<LoginRefusedPage />} />
              <Route path="account" element={<RequireLogin />}>
                <Route path="security" element={<SecurityPage />} />
              </Route>
              <Route path="admin" element={<AdminLayout />}>
                <Route index element={<UnitsPage />} />
                <Route path="staff" element={<StaffPage />} />
                <Route path="clients" element={<ClientsPage />} />
                <Route path="protocols" element={<ProtocolListPage />} />
                <Route path="protocols/:id" element={<ProtocolEditorPage />} />
              </Route>
              <Route path="patient" element={<RequireRole area="patient" />}>
                <Route element={<PatientShell />}>
                  <Route index element={<RecordChooserPage />} />
                  <Route path="record/:key" element={<RecordPage />} />
                  <Route path="history" element={<HistoryPage />} />
                  <Route path="settings" element={<SettingsPage />} />
                  <Route path="plan" element={<PatientPlanPage />} />
                  <Route path="ble" element={<BlePage />} />
                  <Route path="import" element={<ImportPage />} />
                  <Route path="questionnaires" element={<QuestionnaireListPage />} />
                  <Route path="questionnaires/:id" element={<QuestionnairePage />} />
                </Route>
                <Route path="messages" element={<ThreadListPage side="patient" />} />
                <Route path="messages/:id" element={<ThreadPage side="patient" />} />
                <Route path="notifications" element={<NotificationSettingsPage />} />
                <Route path="access-log" element={<PatientAccessLogPage />} />
                <Route path="relatives" element={<RelativesPage />} />
              </Route>
              <Route path="staff" element={<RequireRole area="staff" />}>
                <Route index element={<WorklistPage />} />
                <Route path="patients" element={<PatientListPage />} />
                <Route path="patients/:id" element={<PatientPage />} />
                <Route path="protocols" element={<ProtocolListPage />} />
                <Route path="protocols/:id" element={<ProtocolEditorPage />} />
                <Route path="find" element={<EmergencyAccessPage />} />
                <Route path="audit" element={<AuditPage />} />
                <Route path="dashboard" element={<DashboardPage />} />
                <Route path="messages" element={<ThreadListPage side="staff" />} />
                <Route path="messages/templates" element={<TemplatesPage />} />
                <Route path="messages/new" element={<NewThreadPage />} />
                <Route path="messages/:id" element={<ThreadPage side="staff" />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </AnnouncerProvider>
      </AuthProvider>
    </BrowserRouter>
  );
}
