import { type FormEvent, useCallback, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../shared/Field';
import { FormButtons } from '../shared/FormButtons';
import { useAsync } from '../shared/useAsync';
import { AdminPageHead, AdminTable } from './AdminPage';
import { adminApi, type Client } from './adminApi';
import { UnitChecks } from './UnitChecks';
import { useSave } from './useSave';

/** Integration clients (device gateways, records systems): OAuth client credentials with SMART
 *  system scopes, optionally limited to units. A secret is shown once, when it is made. */
export function ClientsPage() {
  const { t } = useTranslation();
  const id = useId();
  const load = useCallback(async (signal: AbortSignal) => {
    const [clients, units] = await Promise.all([adminApi.clients(signal), adminApi.units(signal)]);
    return { clients: clients.clients, units: units.units };
  }, []);
  const state = useAsync(load, []);
  const { busy, error, errorRef, save } = useSave();
  const [editing, setEditing] = useState<Client | null>(null);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState('system/Observation.write\nsystem/Patient.read');
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [disabled, setDisabled] = useState(false);
  const [secret, setSecret] = useState<{ clientId: string; secret: string } | null>(null);
  const secretRef = useRef<HTMLDivElement>(null);

  function edit(client: Client | null) {
    setEditing(client);
    setName(client?.name ?? '');
    setScopes(client ? client.scopes.join('\n') : 'system/Observation.write\nsystem/Patient.read');
    setUnitIds(client?.unitIds ?? []);
    setDisabled(client?.disabled ?? false);
    if (client) window.setTimeout(() => document.getElementById(`${id}-name`)?.focus(), 0);
  }

  function showSecret(clientId: string, value: string) {
    setSecret({ clientId, secret: value });
    window.setTimeout(() => secretRef.current?.focus(), 0);
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body = {
      name,
      scopes: [...new Set(scopes.split(/[\s,]+/).filter(Boolean))],
      unitIds,
      ...(editing ? { disabled } : {}),
    };
    if (editing) {
      const saved = await save(() => adminApi.saveClient(editing.clientId, body), t('admin.clients.saved'));
      if (saved) {
        edit(null);
        state.reload();
      }
      return;
    }
    const created = await save(() => adminApi.addClient(body), t('admin.clients.created'));
    if (created) {
      edit(null);
      state.reload();
      showSecret(created.client.clientId, created.clientSecret);
    }
  }

  async function rotate(client: Client) {
    const result = await save(() => adminApi.newSecret(client.clientId), t('admin.clients.rotated'));
    if (result) showSecret(client.clientId, result.clientSecret);
  }

  const data = state.data;
  const unitName = (unitId: string) => data?.units.find((u) => u.id === unitId)?.name ?? unitId;
  return (
    <>
      <AdminPageHead title={t('admin.clients.title')} state={state} error={error} errorRef={errorRef} />
      {secret && (
        <div ref={secretRef} tabIndex={-1} className="notice" role="status">
          <p>
            <strong>{t('admin.clients.secretOnce')}</strong>
          </p>
          <p>
            {t('admin.clients.clientId')}: <code>{secret.clientId}</code>
          </p>
          <p>
            {t('admin.clients.secret')}:
            <code className="admin-secret" data-testid="client-secret">
              {secret.secret}
            </code>
          </p>
          <button type="button" className="button button--quiet" onClick={() => setSecret(null)}>
            {t('admin.clients.secretStored')}
          </button>
        </div>
      )}
      {data && (
        <>
          <AdminTable
            caption={t('admin.clients.title')}
            columns={[t('admin.clients.name'), t('admin.clients.scopes'), t('admin.clients.units')]}
          >
            {data.clients.map((c) => (
              <tr key={c.clientId}>
                <td>
                  {c.name}
                  <br />
                  <code className="muted">{c.clientId}</code>
                  {c.disabled && (
                    <>
                      <br />
                      <strong>{t('admin.clients.disabled')}</strong>
                    </>
                  )}
                </td>
                <td>
                  <ul className="admin-scopes">
                    {c.scopes.map((s) => (
                      <li key={s}>
                        <code>{s}</code>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{c.unitIds.length ? c.unitIds.map(unitName).join(', ') : t('admin.clients.allUnits')}</td>
                <td>
                  <div className="button-row">
                    <button type="button" className="button button--quiet" onClick={() => edit(c)}>
                      {t('admin.editNamed', { name: c.name })}
                    </button>
                    <button
                      type="button"
                      className="button button--quiet"
                      disabled={busy}
                      onClick={() => void rotate(c)}
                    >
                      {t('admin.clients.newSecret', { name: c.name })}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </AdminTable>
          <section className="card" aria-labelledby={`${id}-form`}>
            <h2 id={`${id}-form`}>
              {editing ? t('admin.clients.edit', { name: editing.name }) : t('admin.clients.new')}
            </h2>
            <form className="form" onSubmit={onSubmit}>
              <Field
                id={`${id}-name`}
                label={t('admin.clients.name')}
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                maxLength={200}
              />
              <div className="field">
                <label htmlFor={`${id}-scopes`} className="field__label">
                  {t('admin.clients.scopes')}
                </label>
                <p id={`${id}-scopes-hint`} className="field__hint">
                  {t('admin.clients.scopesHint')}
                </p>
                <textarea
                  id={`${id}-scopes`}
                  className="admin-textarea"
                  aria-describedby={`${id}-scopes-hint`}
                  value={scopes}
                  onChange={(e) => setScopes(e.target.value)}
                  spellCheck={false}
                />
              </div>
              <UnitChecks
                legend={t('admin.clients.limitUnits')}
                units={data.units}
                value={unitIds}
                onChange={setUnitIds}
              />
              {editing && (
                <div className="admin-checks">
                  <label>
                    <input
                      type="checkbox"
                      checked={disabled}
                      onChange={(e) => setDisabled(e.target.checked)}
                    />
                    {t('admin.clients.disable')}
                  </label>
                </div>
              )}
              <FormButtons
                submit={editing ? t('admin.save') : t('admin.clients.create')}
                busy={busy}
                onCancel={editing ? () => edit(null) : undefined}
              />
            </form>
          </section>
        </>
      )}
    </>
  );
}
