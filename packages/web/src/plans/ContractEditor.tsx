import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useAnnounce } from '../shared/Announcer';
import { Field } from '../shared/Field';
import { type CarePlanView, type Contract, type GoalStatus, plansApi } from './plansApi';

const STATUSES: GoalStatus[] = ['active', 'achieved', 'not-achieved', 'cancelled'];

/** Staff edit the patient contract: goals with status, who does what, next follow-up, fixed contacts. */
export function ContractEditor({
  patientId,
  contract,
  onSaved,
  onCancel,
}: {
  patientId: string;
  contract: Contract;
  onSaved: (p: CarePlanView) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [c, setC] = useState<Contract>(() => structuredClone(contract));
  const [error, setError] = useState<string | null>(null);
  const change = (f: (x: Contract) => void) => {
    const next = structuredClone(c);
    f(next);
    setC(next);
  };
  return (
    <form
      className="contract-editor form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          const res = await plansApi.saveContract(patientId, {
            ...c,
            goals: c.goals.filter((g) => g.text.trim()),
            agreements: c.agreements.filter((a) => a.text.trim()),
            contacts: c.contacts.filter((x) => x.name.trim() && x.role.trim()),
            nextFollowUp: c.nextFollowUp || null,
          });
          announce(t('plans.contract.saved'));
          onSaved(res.plan);
        } catch (err) {
          setError(err instanceof ApiError && err.detail ? err.detail : t('plans.failed'));
        }
      }}
    >
      <fieldset>
        <legend>{t('plans.contract.goals')}</legend>
        {c.goals.map((g, i) => (
          <div key={i} className="contract-editor__row">
            <Field
              id={`goal-${i}-text`}
              className="field--grow"
              label={t('plans.contract.goalText', { n: i + 1 })}
              value={g.text}
              onChange={(e) =>
                change((x) => {
                  x.goals[i]!.text = e.target.value;
                })
              }
            />
            <div className="field">
              <label className="field__label" htmlFor={`goal-${i}-status`}>
                {t('plans.contract.status')}
              </label>
              <select
                id={`goal-${i}-status`}
                className="input"
                value={g.status}
                onChange={(e) =>
                  change((x) => {
                    x.goals[i]!.status = e.target.value as GoalStatus;
                  })
                }
              >
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`plans.goalStatus.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <Field
              id={`goal-${i}-date`}
              type="date"
              label={t('plans.contract.targetDate')}
              value={g.targetDate ?? ''}
              onChange={(e) =>
                change((x) => {
                  x.goals[i]!.targetDate = e.target.value || null;
                })
              }
            />
          </div>
        ))}
        <button
          type="button"
          className="button button--quiet"
          onClick={() =>
            change((x) => {
              x.goals.push({ text: '', status: 'active', targetDate: null });
            })
          }
        >
          {t('plans.contract.addGoal')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('plans.contract.agreements')}</legend>
        {c.agreements.map((a, i) => (
          <div key={i} className="contract-editor__row">
            <Field
              id={`agreement-${i}-text`}
              className="field--grow"
              label={t('plans.contract.agreementText', { n: i + 1 })}
              value={a.text}
              onChange={(e) =>
                change((x) => {
                  x.agreements[i]!.text = e.target.value;
                })
              }
            />
            <div className="field">
              <label className="field__label" htmlFor={`agreement-${i}-who`}>
                {t('plans.contract.who')}
              </label>
              <select
                id={`agreement-${i}-who`}
                className="input"
                value={a.responsible}
                onChange={(e) =>
                  change((x) => {
                    x.agreements[i]!.responsible = e.target.value as 'patient' | 'care';
                  })
                }
              >
                <option value="patient">{t('plans.responsible.patient')}</option>
                <option value="care">{t('plans.responsible.care')}</option>
              </select>
            </div>
          </div>
        ))}
        <button
          type="button"
          className="button button--quiet"
          onClick={() =>
            change((x) => {
              x.agreements.push({ text: '', responsible: 'patient' });
            })
          }
        >
          {t('plans.contract.addAgreement')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('plans.contract.contacts')}</legend>
        {c.contacts.map((p, i) => (
          <div key={i} className="contract-editor__row">
            <Field
              id={`contact-${i}-name`}
              label={t('plans.contract.contactName', { n: i + 1 })}
              value={p.name}
              onChange={(e) =>
                change((x) => {
                  x.contacts[i]!.name = e.target.value;
                })
              }
            />
            <Field
              id={`contact-${i}-role`}
              label={t('plans.contract.contactRole')}
              value={p.role}
              onChange={(e) =>
                change((x) => {
                  x.contacts[i]!.role = e.target.value;
                })
              }
            />
            <Field
              id={`contact-${i}-phone`}
              type="tel"
              label={t('plans.contract.contactPhone')}
              value={p.phone ?? ''}
              onChange={(e) =>
                change((x) => {
                  x.contacts[i]!.phone = e.target.value || null;
                })
              }
            />
          </div>
        ))}
        <button
          type="button"
          className="button button--quiet"
          onClick={() =>
            change((x) => {
              x.contacts.push({ name: '', role: '', phone: null });
            })
          }
        >
          {t('plans.contract.addContact')}
        </button>
      </fieldset>
      <Field
        id="contract-follow-up"
        type="date"
        label={t('plans.contract.nextFollowUp')}
        value={c.nextFollowUp ?? ''}
        onChange={(e) =>
          change((x) => {
            x.nextFollowUp = e.target.value || null;
          })
        }
      />
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <p className="button-row">
        <button type="submit" className="button button--primary">
          {t('plans.contract.save')}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </p>
    </form>
  );
}
