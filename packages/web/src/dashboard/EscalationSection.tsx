import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useAnnounce } from '../shared/Announcer';
import { LoadState } from '../shared/LoadState';
import { useAsync } from '../shared/useAsync';
import { dashboardApi, type EscalationStep } from './dashboardApi';

const TARGETS = ['assigned-nurse', 'physician-on-duty', 'unit'] as const;

/** The unit's escalation ladder: read by everyone at the unit, edited by its administrators. */
export function EscalationSection({ unitId, canEdit }: { unitId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const id = useId();
  const ladder = useAsync((signal) => dashboardApi.ladder(unitId, signal), [unitId]);
  const [steps, setSteps] = useState<EscalationStep[]>([]);
  const [physician, setPhysician] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setSteps(ladder.data?.steps ?? []);
    setPhysician(ladder.data?.physicianOnDuty ?? '');
  }, [ladder.data]);

  const update = (i: number, patch: Partial<EscalationStep>) =>
    setSteps((s) => s.map((step, k) => (k === i ? { ...step, ...patch } : step)));

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await dashboardApi.saveLadder(unitId, { steps, physicianOnDuty: physician || null });
      announce(t('wsEscalation.saved'), 'polite');
      ladder.reload();
    } catch (err) {
      setError(err instanceof ApiError && err.detail ? err.detail : t('wsEscalation.failed'));
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('wsEscalation.title')}</h2>
      <p>{t('wsEscalation.intro')}</p>
      <LoadState loading={ladder.loading} error={ladder.error} onRetry={ladder.reload} />
      {ladder.data && !canEdit && (
        <ol>
          {ladder.data.steps.length === 0 && <li>{t('wsEscalation.none')}</li>}
          {ladder.data.steps.map((s) => (
            <li key={s.afterMinutes}>
              {t('wsEscalation.stepText', {
                minutes: s.afterMinutes,
                target: t(`wsEscalation.target.${s.target}`),
                when: t(`wsEscalation.when.${s.when}`),
              })}
            </li>
          ))}
        </ol>
      )}
      {ladder.data && canEdit && (
        <form className="form" onSubmit={save} noValidate>
          {steps.map((s, i) => (
            <fieldset key={i} className="ws-form-row">
              <legend>{t('wsEscalation.step', { n: i + 1 })}</legend>
              <div className="field">
                <label className="field__label" htmlFor={`${id}-m${i}`}>
                  {t('wsEscalation.after')}
                </label>
                <input
                  id={`${id}-m${i}`}
                  className="input"
                  type="number"
                  min={1}
                  max={10080}
                  value={s.afterMinutes}
                  onChange={(e) => update(i, { afterMinutes: Number(e.target.value) })}
                />
              </div>
              <div className="field">
                <label className="field__label" htmlFor={`${id}-t${i}`}>
                  {t('wsEscalation.notify')}
                </label>
                <select
                  id={`${id}-t${i}`}
                  className="input"
                  value={s.target}
                  onChange={(e) => update(i, { target: e.target.value as EscalationStep['target'] })}
                >
                  {TARGETS.map((target) => (
                    <option key={target} value={target}>
                      {t(`wsEscalation.target.${target}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label className="field__label" htmlFor={`${id}-w${i}`}>
                  {t('wsEscalation.whenLabel')}
                </label>
                <select
                  id={`${id}-w${i}`}
                  className="input"
                  value={s.when}
                  onChange={(e) => update(i, { when: e.target.value as EscalationStep['when'] })}
                >
                  <option value="always">{t('wsEscalation.when.always')}</option>
                  <option value="office-hours">{t('wsEscalation.when.office-hours')}</option>
                </select>
              </div>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => setSteps((all) => all.filter((_, k) => k !== i))}
              >
                {t('wsEscalation.remove', { n: i + 1 })}
              </button>
            </fieldset>
          ))}
          <div className="field">
            <label className="field__label" htmlFor={`${id}-doc`}>
              {t('wsEscalation.physician')}
            </label>
            <select
              id={`${id}-doc`}
              className="input"
              value={physician}
              onChange={(e) => setPhysician(e.target.value)}
            >
              <option value="">{t('wsEscalation.noPhysician')}</option>
              {ladder.data.physicians.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName}
                </option>
              ))}
            </select>
          </div>
          {error && (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          )}
          <div className="button-row">
            <button
              type="button"
              className="button"
              onClick={() =>
                setSteps((s) => [
                  ...s,
                  {
                    afterMinutes: (s.at(-1)?.afterMinutes ?? 0) + 30,
                    target: 'assigned-nurse',
                    when: 'always',
                  },
                ])
              }
            >
              {t('wsEscalation.add')}
            </button>
            <button type="submit" className="button button--primary">
              {t('wsEscalation.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
