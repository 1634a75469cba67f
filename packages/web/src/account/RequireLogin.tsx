import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../shared/AuthContext';

/** Pages of one's own account: any logged-in person, whatever the role. */
export function RequireLogin() {
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
  return <Outlet />;
}
