import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router-dom';
import { isAdminRole } from '../apiTypes';
import { useAuth } from '../shared/AuthContext';
import { Loading } from '../shared/LoadState';
import { homeFor } from '../shared/RequireRole';
import './admin.css';

/** The administration area: unit and system administrators only (the server checks again). */
export function AdminLayout() {
  const { t } = useTranslation();
  const { me, checking } = useAuth();
  const location = useLocation();
  if (checking) return <Loading />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (!isAdminRole(me)) return <Navigate to={homeFor(me)} replace />;
  const system = me.role === 'system-admin';
  return (
    <div className="wide">
      <nav aria-label={t('admin.nav.label')} className="admin-nav">
        <ul>
          <li>
            <NavLink to="/admin" end>
              {t('admin.nav.units')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/admin/staff">{t('admin.nav.staff')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/protocols">{t('protocols.link')}</NavLink>
          </li>
          {system && (
            <li>
              <NavLink to="/admin/clients">{t('admin.nav.clients')}</NavLink>
            </li>
          )}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
