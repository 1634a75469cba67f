import { type FormEvent, useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../shared/AuthContext';
import { ChoiceGroup } from '../shared/ChoiceGroup';
import { Field } from '../shared/Field';
import { FormButtons } from '../shared/FormButtons';
import { useAsync } from '../shared/useAsync';
import { AdminPageHead, AdminTable } from './AdminPage';
import { adminApi, type OrganisationKind, type Unit } from './adminApi';
import { useSave } from './useSave';

/** Care units with their HSA-id, each belonging to a region or a municipality. */
export function UnitsPage() {
  const { t } = useTranslation();
  const id = useId();
  // Units and organisations are the whole system's: only system administrators change them.
  const system = useAuth().me?.role === 'system-admin';
  const load = useCallback(async (signal: AbortSignal) => {
    const [units, orgs] = await Promise.all([adminApi.units(signal), adminApi.organisations(signal)]);
    return { units: units.units, organisations: orgs.organisations };
  }, []);
  const state = useAsync(load, []);
  const { busy, error, errorRef, save } = useSave();
  const [editing, setEditing] = useState<Unit | null>(null);
  const [name, setName] = useState('');
  const [hsaId, setHsaId] = useState('');
  const [orgId, setOrgId] = useState('');
  const [orgName, setOrgName] = useState('');
  const [orgKind, setOrgKind] = useState<OrganisationKind>('region');

  function edit(unit: Unit | null) {
    setEditing(unit);
    setName(unit?.name ?? '');
    setHsaId(unit?.hsaId ?? '');
    setOrgId(unit?.organisation.id ?? '');
    if (unit) window.setTimeout(() => document.getElementById(`${id}-name`)?.focus(), 0);
  }

  async function onSaveUnit(e: FormEvent) {
    e.preventDefault();
    const organisationId = orgId || state.data?.organisations[0]?.id || '';
    const saved = await save(
      () => adminApi.saveUnit(editing?.id ?? null, { name, hsaId: hsaId.trim() || null, organisationId }),
      t('admin.units.saved'),
    );
    if (saved) {
      edit(null);
      state.reload();
    }
  }

  async function onAddOrganisation(e: FormEvent) {
    e.preventDefault();
    const saved = await save(
      () => adminApi.addOrganisation({ name: orgName, kind: orgKind }),
      t('admin.units.orgSaved'),
    );
    if (saved) {
      setOrgName('');
      state.reload();
    }
  }

  const data = state.data;
  return (
    <>
      <AdminPageHead title={t('admin.units.title')} state={state} error={error} errorRef={errorRef} />
      {data && (
        <>
          <AdminTable
            caption={t('admin.units.title')}
            columns={[t('admin.units.name'), t('admin.hsaId'), t('admin.units.organisation')]}
          >
            {data.units.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.hsaId ?? '–'}</td>
                <td>
                  {u.organisation.name} ({t(`admin.kind.${u.organisation.kind}`)})
                </td>
                <td>
                  {system && (
                    <button type="button" className="button button--quiet" onClick={() => edit(u)}>
                      {t('admin.editNamed', { name: u.name })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </AdminTable>
          {system && (
            <>
              <section className="card" aria-labelledby={`${id}-unit`}>
                <h2 id={`${id}-unit`}>
                  {editing ? t('admin.units.edit', { name: editing.name }) : t('admin.units.new')}
                </h2>
                <form className="form" onSubmit={onSaveUnit}>
                  <Field
                    id={`${id}-name`}
                    label={t('admin.units.name')}
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                    required
                    maxLength={200}
                  />
                  <Field
                    id={`${id}-hsa`}
                    label={t('admin.hsaId')}
                    hint={t('admin.hsaHint')}
                    value={hsaId}
                    onChange={(e) => setHsaId(e.target.value)}
                    maxLength={31}
                    autoCapitalize="characters"
                    spellCheck={false}
                  />
                  <div className="field">
                    <label htmlFor={`${id}-org`} className="field__label">
                      {t('admin.units.organisation')}
                    </label>
                    <select
                      id={`${id}-org`}
                      className="admin-select"
                      value={orgId || data.organisations[0]?.id || ''}
                      onChange={(e) => setOrgId(e.target.value)}
                    >
                      {data.organisations.map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name} ({t(`admin.kind.${o.kind}`)})
                        </option>
                      ))}
                    </select>
                  </div>
                  <FormButtons
                    submit={t('admin.save')}
                    busy={busy}
                    onCancel={editing ? () => edit(null) : undefined}
                  />
                </form>
              </section>
              <section className="card" aria-labelledby={`${id}-org-h`}>
                <h2 id={`${id}-org-h`}>{t('admin.units.newOrganisation')}</h2>
                <form className="form" onSubmit={onAddOrganisation}>
                  <Field
                    id={`${id}-orgname`}
                    label={t('admin.units.organisationName')}
                    value={orgName}
                    onChange={(e) => setOrgName(e.target.value)}
                    required
                    maxLength={200}
                  />
                  <ChoiceGroup
                    legend={t('admin.units.kind')}
                    options={[
                      { value: 'region' as const, label: t('admin.kind.region') },
                      { value: 'municipality' as const, label: t('admin.kind.municipality') },
                    ]}
                    value={orgKind}
                    onChange={setOrgKind}
                  />
                  <button type="submit" className="button" disabled={busy}>
                    {t('admin.units.addOrganisation')}
                  </button>
                </form>
              </section>
            </>
          )}
        </>
      )}
    </>
  );
}
