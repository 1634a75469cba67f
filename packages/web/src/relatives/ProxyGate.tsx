import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet } from 'react-router-dom';
import { LoadState } from '../shared/LoadState';
import { useAsync } from '../shared/useAsync';
import './relatives.css';
import { relativesApi } from './relativesApi';

/** For a relative in the patient pages: until they have chosen a patient, send them to choose;
 *  afterwards show on every page whose data they act on. */
export function ProxyGate() {
  const { t } = useTranslation();
  const state = useAsync((signal) => relativesApi.actingFor(signal), []);
  if (!state.data) return <LoadState loading={state.loading} error={state.error} onRetry={state.reload} />;
  const acting = state.data.actingFor;
  if (!acting) return <Navigate to="/relative" replace />;
  return (
    <>
      <section className="proxy-banner" aria-label={t('relatives.banner.label')}>
        <p>
          <strong>{t('relatives.banner.actingFor', { name: acting.patientName })}</strong>{' '}
          {t('relatives.banner.recorded')}
        </p>
        <Link to="/relative">{t('relatives.banner.switch')}</Link>
      </section>
      <Outlet />
    </>
  );
}
