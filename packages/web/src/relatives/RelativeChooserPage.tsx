import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router-dom';
import { useAuth } from '../shared/AuthContext';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';
import './relatives.css';
import { type Permissions, relativesApi } from './relativesApi';

export function permissionList(t: (key: string) => string, p: Permissions): string {
  return [
    p.canView && t('relatives.permission.view'),
    p.canRecord && t('relatives.permission.record'),
    p.canMessage && t('relatives.permission.message'),
  ]
    .filter(Boolean)
    .join(', ');
}

/** After login a relative picks the patient whose data they act on. */
export function RelativeChooserPage() {
  const { t } = useTranslation();
  const { me, checking } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState(false);
  const patients = useAsync((signal) => relativesApi.patients(signal), []);
  if (checking) return null;
  if (!me) return <Navigate to="/login" replace />;
  if (me.role !== 'proxy') return <Navigate to="/" replace />;

  async function choose(grantId: string) {
    setError(false);
    try {
      await relativesApi.actFor(grantId);
      navigate('/patient');
    } catch {
      setError(true);
    }
  }

  const list = patients.data?.patients ?? [];
  return (
    <div className="narrow">
      <PageTitle title={t('relatives.choose.title')}>{t('relatives.choose.title')}</PageTitle>
      <p>{t('relatives.choose.intro')}</p>
      <LoadState loading={patients.loading} error={patients.error} onRetry={patients.reload} />
      {error && (
        <p className="notice notice--error" role="alert">
          {t('relatives.choose.error')}
        </p>
      )}
      {patients.data && list.length === 0 && <p>{t('relatives.choose.none')}</p>}
      <ul className="relative-list">
        {list.map((p) => (
          <li key={p.grantId} className="card">
            <p className="relative-list__name">{p.name}</p>
            <p>{t('relatives.mayDo', { what: permissionList(t, p) })}</p>
            <button type="button" className="button button--primary" onClick={() => choose(p.grantId)}>
              {t('relatives.choose.actFor', { name: p.name })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
