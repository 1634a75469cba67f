import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { isStaff, type Me } from '../apiTypes';
import { useAuth } from './AuthContext';
import { PageTitle } from './PageTitle';

export const homeFor = (me: Me): string => (me.role === 'patient' ? '/patient' : '/staff');

/** Guards a part of the app: not logged in → login page; wrong role → own start page. */
export function RequireRole({ area }: { area: 'patient' | 'staff' }) {
  const { me, checking } = useAuth();
  const { t } = useTranslation();
  const location = useLocation();
  if (checking) {
    return (
      <p className="loading" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  const allowed = area === 'patient' ? me.role === 'patient' : isStaff(me);
  if (!allowed) return <Navigate to={homeFor(me)} replace />;
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
