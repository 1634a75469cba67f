import type { Lang } from '@hemma/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isAdminRole } from '../apiTypes';
import { plansApi } from '../plans/plansApi';
import { useAuth } from '../shared/AuthContext';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';
import './protocols.css';

/** The protocol library: care staff read it, administrators open a protocol to edit it. */
export function ProtocolListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { me } = useAuth();
  const list = useAsync((signal) => plansApi.protocols(signal), []);
  return (
    <div className="wide">
      <PageTitle title={t('protocols.title')}>{t('protocols.title')}</PageTitle>
      <p>{t('protocols.intro')}</p>
      {isAdminRole(me) && (
        <p>
          <Link className="button" to="new">
            {t('protocols.new')}
          </Link>
        </p>
      )}
      <LoadState loading={list.loading} error={list.error} onRetry={list.reload} />
      {list.data && (
        <ul className="protocol-list">
          {list.data.protocols.map((p) => (
            <li key={p.id} className="card">
              <h2>
                <Link to={p.id}>{p.title[lang]}</Link>
              </h2>
              <p>{p.description[lang]}</p>
              <p className="muted">
                {t('protocols.versionInfo', { version: p.currentVersion, count: p.activityCount })}
                {p.builtin ? ` · ${t('protocols.builtin')}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
