import './patientapp.css';
import '../offline/offline.css';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { OfflineStatus } from '../offline/OfflineStatus';
import { startOutbox } from '../offline/outbox';
import { useDeviceOwner } from '../offline/owner';
import { Loading } from '../shared/LoadState';
import { prefetchForOffline } from './offlineData';

/** Frame of every patient page: the connection and queue status above the page, starts sending queued
 *  values for the signed-in patient, and keeps a fresh offline copy of the plan and history. */
export function PatientShell() {
  const { t } = useTranslation();
  const ownerId = useDeviceOwner();

  useEffect(() => {
    startOutbox(ownerId);
    if (ownerId && navigator.onLine) void prefetchForOffline(ownerId);
    return () => startOutbox(null);
  }, [ownerId]);

  return (
    <>
      <OfflineStatus />
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
      <nav className="patient-more narrow" aria-label={t('settings.moreNav')}>
        <ul>
          <li>
            <Link to="/patient/plan">{t('plans.patient.link')}</Link>
          </li>
          <li>
            <Link to="/patient/questionnaires">{t('questionnaires.link')}</Link>
          </li>
          <li>
            <Link to="/patient/ble">{t('ble.link')}</Link>
          </li>
          <li>
            <Link to="/patient/import">{t('imports.link')}</Link>
          </li>
          <li>
            <Link to="/patient/settings">{t('settings.link')}</Link>
          </li>
        </ul>
      </nav>
    </>
  );
}
