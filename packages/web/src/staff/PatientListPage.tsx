import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { conditionList, formatPersonnummer } from '../shared/people';
import { SeverityBadge } from '../shared/SeverityBadge';
import { useAsync } from '../shared/useAsync';

/** Waits for a pause in typing so each keystroke does not become a request. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

export function PatientListPage() {
  const { t } = useTranslation();
  const id = useId();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 250);
  const patients = useAsync((signal) => api.staff.patients(query, signal), [query]);
  const list = patients.data?.patients ?? [];

  return (
    <div className="wide">
      <PageTitle title={t('patients.title')}>{t('patients.title')}</PageTitle>
      <search className="toolbar">
        <div className="field field--grow">
          <label className="field__label" htmlFor={`${id}-q`}>
            {t('patients.search')}
          </label>
          <p className="field__hint" id={`${id}-q-hint`}>
            {t('patients.searchHint')}
          </p>
          <input
            id={`${id}-q`}
            type="search"
            className="input"
            aria-describedby={`${id}-q-hint`}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            autoComplete="off"
          />
        </div>
      </search>
      <LoadState
        loading={patients.loading && !patients.data}
        error={patients.error}
        onRetry={patients.reload}
      />
      {patients.data && (
        <>
          <p role="status" className="worklist__count">
            {t('patients.count', { count: list.length })}
          </p>
          {list.length > 0 && (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">{t('patients.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('patients.name')}</th>
                    <th scope="col">{t('patients.personnummer')}</th>
                    <th scope="col">{t('patients.conditions')}</th>
                    <th scope="col">{t('patients.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((p) => (
                    <tr key={p.id}>
                      <td>
                        <Link to={`/staff/patients/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                      </td>
                      <td className="nowrap">{formatPersonnummer(p.personnummer)}</td>
                      <td>{conditionList(t, p.conditions)}</td>
                      <td>
                        <SeverityBadge severity={p.worstSeverity} audience="staff" />{' '}
                        {p.openAlerts > 0 && (
                          <span className="muted">{t('patients.openAlerts', { count: p.openAlerts })}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
