import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useAnnounce } from '../shared/Announcer';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';
import { permissionList } from './RelativeChooserPage';
import './relatives.css';
import { relativesApi } from './relativesApi';

/** The patient gives a relative access (by the relative's username) and takes it back. */
export function RelativesPage() {
  const { t } = useTranslation();
  const id = useId();
  const announce = useAnnounce();
  const grants = useAsync((signal) => relativesApi.list(signal), []);
  const [username, setUsername] = useState('');
  const [perm, setPerm] = useState({ canView: true, canRecord: false, canMessage: false });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!username.trim()) return setError(t('relatives.grant.errors.username'));
    if (!perm.canView && !perm.canRecord && !perm.canMessage)
      return setError(t('relatives.grant.errors.none'));
    setBusy(true);
    try {
      const created = await relativesApi.grant({ username: username.trim(), ...perm });
      setUsername('');
      announce(t('relatives.grant.done', { name: created.name }));
      grants.reload();
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setError(
        t(
          status === 404
            ? 'relatives.grant.errors.unknown'
            : status === 409
              ? 'relatives.grant.errors.exists'
              : 'relatives.grant.errors.failed',
        ),
      );
    } finally {
      setBusy(false);
    }
  }

  async function revoke(grantId: string, name: string) {
    await relativesApi.revoke(grantId);
    announce(t('relatives.revoked', { name }));
    grants.reload();
  }

  const list = grants.data?.relatives ?? [];
  return (
    <div className="narrow">
      <PageTitle title={t('relatives.title')}>{t('relatives.title')}</PageTitle>
      <p>{t('relatives.intro')}</p>
      <h2>{t('relatives.current')}</h2>
      <LoadState loading={grants.loading && !grants.data} error={grants.error} onRetry={grants.reload} />
      {grants.data && list.length === 0 && <p>{t('relatives.noneYet')}</p>}
      <ul className="relative-list">
        {list.map((g) => (
          <li key={g.id} className="card">
            <p className="relative-list__name">
              {g.name} ({g.username})
            </p>
            <p>{t('relatives.mayDo', { what: permissionList(t, g) })}</p>
            <button type="button" className="button" onClick={() => revoke(g.id, g.name)}>
              {t('relatives.revoke', { name: g.name })}
            </button>
          </li>
        ))}
      </ul>
      <h2>{t('relatives.grant.title')}</h2>
      <form onSubmit={onSubmit} noValidate className="card">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-u`}>
            {t('relatives.grant.username')}
          </label>
          <p className="field__hint" id={`${id}-uh`}>
            {t('relatives.grant.usernameHint')}
          </p>
          <input
            id={`${id}-u`}
            className="input"
            aria-describedby={`${id}-uh`}
            autoComplete="off"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <fieldset className="relative-perms">
          <legend>{t('relatives.grant.may')}</legend>
          {(['canView', 'canRecord', 'canMessage'] as const).map((key) => (
            <label key={key} className="relative-perms__option">
              <input
                type="checkbox"
                checked={perm[key]}
                onChange={(e) => setPerm({ ...perm, [key]: e.target.checked })}
              />{' '}
              {t(
                `relatives.permission.${key === 'canView' ? 'view' : key === 'canRecord' ? 'record' : 'message'}`,
              )}
            </label>
          ))}
        </fieldset>
        {error && (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('relatives.grant.submit')}
        </button>
      </form>
    </div>
  );
}
