import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { isAdminRole, isStaff, type Me } from '../apiTypes';
import { ProxyGate } from '../relatives/ProxyGate';
import { useAuth } from './AuthContext';
import { Loading } from './LoadState';
import { PageTitle } from './PageTitle';

export const homeFor = (me: Me): string =>
  me.role === 'patient'
    ? '/patient'
    : me.role === 'proxy'
      ? '/relative'
      : isAdminRole(me)
        ? '/staff/audit'
        : '/staff';

/** Guards a part of the app: not logged in → login page; wrong role → own start page. */
export function RequireRole({ area }: { area: 'patient' | 'staff' }) {
  const { me, checking } = useAuth();
  const location = useLocation();
  if (checking) return <Loading />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  const allowed = area === 'patient' ? me.role === 'patient' || me.role === 'proxy' : isStaff(me);
  if (!allowed) return <Navigate to={homeFor(me)} replace />;
  // Administrators reach no clinical data: of the staff area they use the log review only.
  if (
    area === 'staff' &&
    isAdminRole(me) &&
    !location.pathname.startsWith('/staff/audit') &&
    // The follow-up dashboard shows aggregates only, and unit admins set the escalation ladder there.
    !location.pathname.startsWith('/staff/dashboard')
  ) {
    return <Navigate to="/staff/audit" replace />;
  }
  // A relative sees the patient pages for the patient they chose, under a banner saying so.
  if (me.role === 'proxy') return <ProxyGate />;
  return <Outlet />;
}

export function HomeRedirect() {
  const { me, checking } = useAuth();
  if (checking) return null;
  return <Navigate to={me ? homeFor(me) : '/login'} replace />;
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <PageTitle title={t('common.pageNotFound')}>{t('common.pageNotFound')}</PageTitle>
      <p>
        <a href="/">{t('common.toStart')}</a>
      </p>
    </div>
  );
}
