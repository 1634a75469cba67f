import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useAnnounce } from '../shared/Announcer';
import { Field, SelectField } from '../shared/Field';
import { type CarePlanView, type Contract, type GoalStatus, plansApi } from './plansApi';

const STATUSES: GoalStatus[] = ['active', 'achieved', 'not-achieved', 'cancelled'];
type ContractList = 'goals' | 'agreements' | 'contacts';

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
  const edit = <K extends ContractList>(list: K, i: number, patch: Partial<Contract[K][number]>) =>
    change((x) => {
      Object.assign(x[list][i]!, patch);
    });
  const add = <K extends ContractList>(list: K, item: Contract[K][number]) =>
    change((x) => {
      (x[list] as Contract[K][number][]).push(item);
    });
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
      <ListFieldset
        legend={t('plans.contract.goals')}
        items={c.goals}
        addLabel={t('plans.contract.addGoal')}
        onAdd={() => add('goals', { text: '', status: 'active', targetDate: null })}
        row={(g, i) => (
          <>
            <Field
              id={`goal-${i}-text`}
              className="field--grow"
              label={t('plans.contract.goalText', { n: i + 1 })}
              value={g.text}
              onChange={(e) => edit('goals', i, { text: e.target.value })}
            />
            <SelectField
              id={`goal-${i}-status`}
              label={t('plans.contract.status')}
              value={g.status}
              onChange={(e) => edit('goals', i, { status: e.target.value as GoalStatus })}
            >
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`plans.goalStatus.${s}`)}
                </option>
              ))}
            </SelectField>
            <Field
              id={`goal-${i}-date`}
              type="date"
              label={t('plans.contract.targetDate')}
              value={g.targetDate ?? ''}
              onChange={(e) => edit('goals', i, { targetDate: e.target.value || null })}
            />
          </>
        )}
      />
      <ListFieldset
        legend={t('plans.contract.agreements')}
        items={c.agreements}
        addLabel={t('plans.contract.addAgreement')}
        onAdd={() => add('agreements', { text: '', responsible: 'patient' })}
        row={(a, i) => (
          <>
            <Field
              id={`agreement-${i}-text`}
              className="field--grow"
              label={t('plans.contract.agreementText', { n: i + 1 })}
              value={a.text}
              onChange={(e) => edit('agreements', i, { text: e.target.value })}
            />
            <SelectField
              id={`agreement-${i}-who`}
              label={t('plans.contract.who')}
              value={a.responsible}
              onChange={(e) => edit('agreements', i, { responsible: e.target.value as 'patient' | 'care' })}
            >
              <option value="patient">{t('plans.responsible.patient')}</option>
              <option value="care">{t('plans.responsible.care')}</option>
            </SelectField>
          </>
        )}
      />
      <ListFieldset
        legend={t('plans.contract.contacts')}
        items={c.contacts}
        addLabel={t('plans.contract.addContact')}
        onAdd={() => add('contacts', { name: '', role: '', phone: null })}
        row={(p, i) => (
          <>
            <Field
              id={`contact-${i}-name`}
              label={t('plans.contract.contactName', { n: i + 1 })}
              value={p.name}
              onChange={(e) => edit('contacts', i, { name: e.target.value })}
            />
            <Field
              id={`contact-${i}-role`}
              label={t('plans.contract.contactRole')}
              value={p.role}
              onChange={(e) => edit('contacts', i, { role: e.target.value })}
            />
            <Field
              id={`contact-${i}-phone`}
              type="tel"
              label={t('plans.contract.contactPhone')}
              value={p.phone ?? ''}
              onChange={(e) => edit('contacts', i, { phone: e.target.value || null })}
            />
          </>
        )}
      />
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

/** One editable list of the contract: a row of fields per item and a button adding an empty one. */
function ListFieldset<T>({
  legend,
  items,
  row,
  addLabel,
  onAdd,
}: {
  legend: string;
  items: T[];
  row: (item: T, i: number) => ReactNode;
  addLabel: string;
  onAdd: () => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {items.map((item, i) => (
        // Rows have no identity of their own until saved; they are only ever added at the end.
        <div key={i} className="contract-editor__row">
          {row(item, i)}
        </div>
      ))}
      <button type="button" className="button button--quiet" onClick={onAdd}>
        {addLabel}
      </button>
    </fieldset>
  );
}
