import { type Lang, type MonitoringKind, valueName } from '@hemma/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useAnnounce } from '../shared/Announcer';
import { useAuth } from '../shared/AuthContext';
import { ChoiceGroup } from '../shared/ChoiceGroup';
import { Field } from '../shared/Field';
import { LoadState } from '../shared/LoadState';
import { useAsync } from '../shared/useAsync';
import { ContractEditor } from './ContractEditor';
import { ContractView } from './ContractView';
import { type CarePlanView, plansApi } from './plansApi';
import { TodayList } from './TodayList';
import './plans.css';

const KINDS: MonitoringKind[] = ['prescribed', 'recommended', 'self-initiated'];
const ROLES = ['home-care', 'primary-care', 'specialist', 'pharmacy', 'other'];

/** The staff patient page's care-plan part: enrolments, merged activities, conflicts, contract, today. */
export function StaffPlanSection({ patientId }: { patientId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const state = useAsync((signal) => plansApi.staffPlan(patientId, signal), [patientId]);
  const [editing, setEditing] = useState(false);
  const plan = state.data?.plan;
  const setPlan = (p: CarePlanView) => state.setData((prev) => ({ today: prev!.today, plan: p }));

  return (
    <section className="card plan-section" aria-labelledby="plan-heading">
      <h2 id="plan-heading">{t('plans.staff.heading')}</h2>
      <LoadState loading={state.loading} error={state.error} onRetry={state.reload} />
      {plan && (
        <>
          <p>
            {plan.monitoringKind
              ? t('plans.staff.governing', { kind: t(`plans.kinds.${plan.monitoringKind}`) })
              : t('plans.staff.noPlan')}
          </p>
          <EnrolmentList plan={plan} patientId={patientId} onChanged={setPlan} />
          <EnrolForm
            patientId={patientId}
            onEnrolled={(p) => {
              setPlan(p);
              state.reload();
            }}
          />
          {plan.activities.length > 0 && (
            <>
              <h3>{t('plans.activities')}</h3>
              <ul className="plan-activities">
                {plan.activities.map((a) => (
                  <li key={a.code}>
                    <strong>{a.title[lang]}</strong> — {a.sources.join(', ')}
                    <span className="muted"> · {a.schedule.map((s) => s.rrule).join(' → ')}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {plan.conflicts.length > 0 && (
            <>
              <h3>{t('plans.staff.conflicts')}</h3>
              <p className="field__hint">{t('plans.staff.conflictsHint')}</p>
              <ul className="plan-conflicts">
                {plan.conflicts.map((c, i) => (
                  <li key={i}>
                    {c.kind === 'threshold'
                      ? t('plans.staff.conflictThreshold', {
                          name: valueName(c.code, lang),
                          limit: t(`protocols.limits.${c.field}`),
                          values: c.values.map((v) => `${v.protocol}: ${v.value ?? '–'}`).join(', '),
                          chosen: String(c.chosen ?? '–'),
                          why: t(`plans.staff.resolution.${c.resolution}`),
                        })
                      : t('plans.staff.conflictOther', {
                          kind: t(`plans.staff.conflictKind.${c.kind}`),
                          code: c.code,
                          protocols: c.values.map((v) => v.protocol).join(', '),
                          why: t(`plans.staff.resolution.${c.resolution}`),
                        })}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>{t('plans.contract.heading')}</h3>
          {editing ? (
            <ContractEditor
              patientId={patientId}
              contract={plan.contract}
              onSaved={(p) => {
                setPlan(p);
                setEditing(false);
              }}
              onCancel={() => setEditing(false)}
            />
          ) : (
            <>
              <ContractView contract={plan.contract} />
              <button type="button" className="button" onClick={() => setEditing(true)}>
                {t('plans.contract.edit')}
              </button>
            </>
          )}
          {state.data && state.data.today.items.length > 0 && (
            <>
              <h3>{t('plans.today.heading')}</h3>
              <TodayList today={state.data.today} />
            </>
          )}
        </>
      )}
    </section>
  );
}

function EnrolmentList({
  plan,
  patientId,
  onChanged,
}: {
  plan: CarePlanView;
  patientId: string;
  onChanged: (p: CarePlanView) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const units = useAsync((signal) => plansApi.careUnits(signal), []);
  const announce = useAnnounce();
  const [unit, setUnit] = useState('');
  const [role, setRole] = useState('home-care');
  const [error, setError] = useState<string | null>(null);
  const active = plan.enrolments.filter((e) => e.status === 'active' && e.protocols.length > 0);
  if (active.length === 0) return null;
  return (
    <>
      <h3>{t('plans.staff.enrolments')}</h3>
      <ul className="plan-enrolments">
        {active.map((e) => (
          <li key={e.id}>
            <p>
              <strong>{e.careUnitName}</strong> · {t(`plans.kinds.${e.kind}`)}
              {e.responseTimeHours
                ? ` · ${t('plans.staff.responseTime', { hours: e.responseTimeHours })}`
                : ''}
            </p>
            <p>
              {e.protocols
                .map((p) => t('plans.staff.protocolVersion', { title: p.title[lang], version: p.version }))
                .join('; ')}
            </p>
            {e.participants.length > 0 && (
              <p>
                {t('plans.staff.participants')}:{' '}
                {e.participants.map((p) => `${p.careUnitName} (${t(`plans.roles.${p.role}`)})`).join(', ')}
              </p>
            )}
            <form
              className="plan-inline-form"
              onSubmit={async (ev) => {
                ev.preventDefault();
                setError(null);
                try {
                  const res = await plansApi.addParticipant(patientId, e.id, unit, role);
                  onChanged(res.plan);
                  announce(t('plans.staff.participantAdded'));
                } catch (err) {
                  setError(err instanceof ApiError && err.detail ? err.detail : t('plans.failed'));
                }
              }}
            >
              <div className="field">
                <label className="field__label" htmlFor={`participant-unit-${e.id}`}>
                  {t('plans.staff.participantUnit')}
                </label>
                <select
                  id={`participant-unit-${e.id}`}
                  className="input"
                  value={unit}
                  required
                  onChange={(ev) => setUnit(ev.target.value)}
                >
                  <option value="">{t('plans.staff.chooseUnit')}</option>
                  {(units.data?.careUnits ?? [])
                    .filter((u) => u.id !== e.careUnitId)
                    .map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.name} ({u.region})
                      </option>
                    ))}
                </select>
              </div>
              <div className="field">
                <label className="field__label" htmlFor={`participant-role-${e.id}`}>
                  {t('plans.staff.participantRole')}
                </label>
                <select
                  id={`participant-role-${e.id}`}
                  className="input"
                  value={role}
                  onChange={(ev) => setRole(ev.target.value)}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`plans.roles.${r}`)}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button" disabled={!unit}>
                {t('plans.staff.addParticipant')}
              </button>
            </form>
          </li>
        ))}
      </ul>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function EnrolForm({ patientId, onEnrolled }: { patientId: string; onEnrolled: (p: CarePlanView) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { me } = useAuth();
  const announce = useAnnounce();
  const protocols = useAsync((signal) => plansApi.protocols(signal), []);
  const myUnits = me?.units ?? [];
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [kind, setKind] = useState<MonitoringKind>('prescribed');
  const [hours, setHours] = useState('24');
  const [unitId, setUnitId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!open)
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t('plans.enrol.open')}
      </button>
    );
  const unit = unitId || myUnits[0]?.id || '';
  return (
    <form
      className="plan-enrol form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        if (chosen.length === 0) {
          setError(t('plans.enrol.chooseProtocol'));
          return;
        }
        setBusy(true);
        try {
          const res = await plansApi.enrol(patientId, {
            careUnitId: unit,
            protocols: chosen,
            kind,
            ...(kind === 'prescribed' ? { responseTimeHours: Number(hours) } : {}),
          });
          announce(t('plans.enrol.done'));
          setOpen(false);
          setChosen([]);
          onEnrolled(res.plan);
        } catch (err) {
          setError(
            err instanceof ApiError
              ? err.errors.map((i) => i.message).join(' ') || err.detail || t('plans.failed')
              : t('plans.failed'),
          );
        } finally {
          setBusy(false);
        }
      }}
    >
      <fieldset>
        <legend className="field__label">{t('plans.enrol.protocols')}</legend>
        {(protocols.data?.protocols ?? []).map((p) => (
          <label key={p.id} className="plan-check">
            <input
              type="checkbox"
              value={p.id}
              checked={chosen.includes(p.id)}
              onChange={(e) =>
                setChosen((c) => (e.target.checked ? [...c, p.id] : c.filter((x) => x !== p.id)))
              }
            />{' '}
            {p.title[lang]}{' '}
            <span className="muted">({t('plans.enrol.version', { version: p.currentVersion })})</span>
          </label>
        ))}
      </fieldset>
      {myUnits.length > 1 && (
        <div className="field">
          <label className="field__label" htmlFor="enrol-unit">
            {t('plans.enrol.unit')}
          </label>
          <select id="enrol-unit" className="input" value={unit} onChange={(e) => setUnitId(e.target.value)}>
            {myUnits.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <ChoiceGroup
        legend={t('plans.enrol.kind')}
        options={KINDS.map((k) => ({ value: k, label: t(`plans.kinds.${k}`) }))}
        value={kind}
        onChange={setKind}
      />
      <p className="field__hint">{t(`plans.kindHelp.${kind}`)}</p>
      {kind === 'prescribed' && (
        <Field
          id="enrol-hours"
          label={t('plans.enrol.responseTime')}
          inputMode="numeric"
          value={hours}
          onChange={(e) => setHours(e.target.value)}
        />
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <p className="button-row">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('plans.enrol.submit')}
        </button>
        <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </p>
    </form>
  );
}
