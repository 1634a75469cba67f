import { type FormEvent, useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../shared/AuthContext';
import { Field } from '../shared/Field';
import { FormButtons } from '../shared/FormButtons';
import { useAsync } from '../shared/useAsync';
import { AdminPageHead, AdminTable } from './AdminPage';
import { adminApi, type StaffMember } from './adminApi';
import { UnitChecks } from './UnitChecks';
import { useSave } from './useSave';

const ROLES = ['nurse', 'physician', 'municipal-nurse', 'unit-admin', 'system-admin'] as const;

/** Staff accounts, their role and the care units they work at. */
export function StaffPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const id = useId();
  const load = useCallback(async (signal: AbortSignal) => {
    const [staff, units] = await Promise.all([adminApi.staff(signal), adminApi.units(signal)]);
    return { staff: staff.staff, units: units.units };
  }, []);
  const state = useAsync(load, []);
  const { busy, error, errorRef, save } = useSave();
  const [editing, setEditing] = useState<StaffMember | null>(null);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<string>('nurse');
  const [hsaId, setHsaId] = useState('');
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [password, setPassword] = useState('');
  const [disabled, setDisabled] = useState(false);

  // A unit administrator assigns only their own units and cannot create system administrators.
  const system = me?.role === 'system-admin';
  const roles = ROLES.filter((r) => system || r !== 'system-admin');
  const assignable = (state.data?.units ?? []).filter((u) => system || me?.units.some((m) => m.id === u.id));

  function edit(member: StaffMember | null) {
    setEditing(member);
    setUsername(member?.username ?? '');
    setDisplayName(member?.displayName ?? '');
    setRole(member?.role ?? 'nurse');
    setHsaId(member?.hsaId ?? '');
    setUnitIds(member?.units.map((u) => u.id) ?? []);
    setPassword('');
    setDisabled(member?.disabled ?? false);
    if (member) window.setTimeout(() => document.getElementById(`${id}-display`)?.focus(), 0);
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body = {
      displayName,
      role,
      hsaId: hsaId.trim() || null,
      unitIds,
      ...(password ? { password } : {}),
      ...(editing ? { disabled } : { username }),
    };
    const saved = await save(() => adminApi.saveStaff(editing?.id ?? null, body), t('admin.staff.saved'));
    if (saved) {
      edit(null);
      state.reload();
    }
  }

  const data = state.data;
  return (
    <>
      <AdminPageHead title={t('admin.staff.title')} state={state} error={error} errorRef={errorRef} />
      {data && (
        <>
          <AdminTable
            caption={t('admin.staff.title')}
            columns={[
              t('admin.staff.displayName'),
              t('admin.staff.role'),
              t('admin.staff.units'),
              t('admin.hsaId'),
              t('admin.staff.secondFactor'),
            ]}
          >
            {data.staff.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.displayName}
                  <br />
                  <span className="muted">{s.username}</span>
                  {s.disabled && (
                    <>
                      <br />
                      <strong>{t('admin.staff.disabled')}</strong>
                    </>
                  )}
                </td>
                <td>{t(`admin.role.${s.role}`, { defaultValue: s.role })}</td>
                <td>{s.units.map((u) => u.name).join(', ') || '–'}</td>
                <td>{s.hsaId ?? '–'}</td>
                <td>{s.secondFactor ? t('admin.yes') : t('admin.no')}</td>
                <td>
                  <button type="button" className="button button--quiet" onClick={() => edit(s)}>
                    {t('admin.editNamed', { name: s.displayName })}
                  </button>
                </td>
              </tr>
            ))}
          </AdminTable>
          <section className="card" aria-labelledby={`${id}-form`}>
            <h2 id={`${id}-form`}>
              {editing ? t('admin.staff.edit', { name: editing.displayName }) : t('admin.staff.new')}
            </h2>
            <form className="form" onSubmit={onSubmit}>
              {!editing && (
                <Field
                  id={`${id}-username`}
                  label={t('admin.staff.username')}
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                  autoCapitalize="none"
                  spellCheck={false}
                  required
                  maxLength={100}
                />
              )}
              <Field
                id={`${id}-display`}
                label={t('admin.staff.displayName')}
                value={displayName}
                onChange={(e) => setDisplayName(e.target.value)}
                required
                maxLength={200}
              />
              <div className="field">
                <label htmlFor={`${id}-role`} className="field__label">
                  {t('admin.staff.role')}
                </label>
                <select
                  id={`${id}-role`}
                  className="admin-select"
                  value={role}
                  onChange={(e) => setRole(e.target.value)}
                >
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {t(`admin.role.${r}`)}
                    </option>
                  ))}
                </select>
              </div>
              <Field
                id={`${id}-hsa`}
                label={t('admin.hsaId')}
                hint={t('admin.staff.hsaHint')}
                value={hsaId}
                onChange={(e) => setHsaId(e.target.value)}
                maxLength={31}
                spellCheck={false}
              />
              <UnitChecks
                legend={t('admin.staff.units')}
                units={assignable}
                value={unitIds}
                onChange={setUnitIds}
              />
              <Field
                id={`${id}-password`}
                type="password"
                autoComplete="new-password"
                label={editing ? t('admin.staff.newPassword') : t('admin.staff.password')}
                hint={t('admin.staff.passwordHint')}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                minLength={12}
              />
              {editing && (
                <div className="admin-checks">
                  <label>
                    <input
                      type="checkbox"
                      checked={disabled}
                      onChange={(e) => setDisabled(e.target.checked)}
                    />
                    {t('admin.staff.disable')}
                  </label>
                </div>
              )}
              <FormButtons
                submit={t('admin.save')}
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
