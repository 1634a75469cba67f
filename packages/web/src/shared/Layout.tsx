import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { isAdminRole, isCareStaff, isStaff } from '../apiTypes';
import { ChatNavLink } from '../chat/ChatNavLink';
import { useLang } from '../i18n';
import { useAuth } from './AuthContext';
import { Loading } from './LoadState';

export function Layout() {
  const { t } = useTranslation();
  const { me, logout, setLanguage } = useAuth();
  const lang = useLang();
  const navigate = useNavigate();
  const location = useLocation();
  const first = useRef(true);

  // After client-side navigation, move focus to the new page's heading so screen reader and keyboard
  // users start at the content, as they would after a full page load.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const id = window.setTimeout(() => document.querySelector<HTMLElement>('main h1')?.focus(), 0);
    return () => window.clearTimeout(id);
  }, [location.pathname]);

  const other = lang === 'sv' ? 'en' : 'sv';
  const staff = isStaff(me);

  async function onLogout() {
    await logout().catch(() => undefined);
    navigate('/login');
  }

  return (
    <div className={staff ? 'app app--staff' : 'app app--patient'}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <span className="site-header__brand">{t('app.name')}</span>
          {me && (
            <nav aria-label={t('nav.label')} className="site-nav">
              <ul>
                {(me.role === 'patient' || me.role === 'proxy') && (
                  <>
                    <li>
                      <NavLink to="/patient" end>
                        {t('nav.record')}
                      </NavLink>
                    </li>
                    <li>
                      <NavLink to="/patient/history">{t('nav.history')}</NavLink>
                    </li>
                    {me.role === 'patient' ? (
                      <>
                        <ChatNavLink to="/patient/messages" />
                        <li>
                          <NavLink to="/patient/access-log">{t('access.nav.accessLog')}</NavLink>
                        </li>
                        <li>
                          <NavLink to="/patient/relatives">{t('access.nav.relatives')}</NavLink>
                        </li>
                      </>
                    ) : (
                      <li>
                        <NavLink to="/relative">{t('access.nav.choosePatient')}</NavLink>
                      </li>
                    )}
                  </>
                )}
                {isCareStaff(me) && (
                  <>
                    <li>
                      <NavLink to="/staff" end>
                        {t('nav.worklist')}
                      </NavLink>
                    </li>
                    <li>
                      <NavLink to="/staff/patients">{t('nav.patients')}</NavLink>
                    </li>
                    <li>
                      <NavLink to="/staff/protocols">{t('protocols.link')}</NavLink>
                    </li>
                    <li>
                      <NavLink to="/staff/find">{t('access.nav.lookup')}</NavLink>
                    </li>
                    <ChatNavLink to="/staff/messages" />
                  </>
                )}
                {staff && (
                  <li>
                    <NavLink to="/staff/dashboard">{t('dashboard.nav')}</NavLink>
                  </li>
                )}
                {isAdminRole(me) && (
                  <li>
                    <NavLink to="/staff/audit">{t('access.nav.audit')}</NavLink>
                  </li>
                )}
                {isAdminRole(me) && (
                  <li>
                    <NavLink to="/admin">{t('admin.nav.link')}</NavLink>
                  </li>
                )}
                <li>
                  <NavLink to="/account/security">{t('identity.nav')}</NavLink>
                </li>
              </ul>
            </nav>
          )}
          <div className="site-header__tools">
            <button
              type="button"
              className="button button--quiet"
              lang={other}
              onClick={() => setLanguage(other)}
            >
              {t(`language.switchTo.${other}`)}
            </button>
            {me && (
              <>
                <span className="site-header__user">{me.displayName}</span>
                <button type="button" className="button button--quiet" onClick={onLogout}>
                  {t('nav.logout')}
                </button>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="main">
        {/* Pages loaded on demand (staff area, some patient pages) show this while their code arrives. */}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
