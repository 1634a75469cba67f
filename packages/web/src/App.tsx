import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { HistoryPage } from './patient/HistoryPage';
import { RecordChooserPage } from './patient/RecordChooserPage';
import { RecordPage } from './patient/RecordPage';
import { AnnouncerProvider } from './shared/Announcer';
import { AuthProvider } from './shared/AuthContext';
import { Layout } from './shared/Layout';
import { LoginPage } from './shared/LoginPage';
import { HomeRedirect, NotFoundPage, RequireRole } from './shared/RequireRole';
import { PatientListPage } from './staff/PatientListPage';
import { PatientPage } from './staff/PatientPage';
import { WorklistPage } from './staff/WorklistPage';

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <AnnouncerProvider>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<HomeRedirect />} />
              <Route path="login" element={<LoginPage />} />
              <Route path="patient" element={<RequireRole area="patient" />}>
                <Route index element={<RecordChooserPage />} />
                <Route path="record/:key" element={<RecordPage />} />
                <Route path="history" element={<HistoryPage />} />
              </Route>
              <Route path="staff" element={<RequireRole area="staff" />}>
                <Route index element={<WorklistPage />} />
                <Route path="patients" element={<PatientListPage />} />
                <Route path="patients/:id" element={<PatientPage />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </AnnouncerProvider>
      </AuthProvider>
    </BrowserRouter>
  );
}
