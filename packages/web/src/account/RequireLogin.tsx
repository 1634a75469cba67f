import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../shared/AuthContext';
import { Loading } from '../shared/LoadState';

/** Pages of one's own account: any logged-in person, whatever the role. */
export function RequireLogin() {
  const { me, checking } = useAuth();
  const location = useLocation();
  if (checking) return <Loading />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <Outlet />;
}
