import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n';
import { plansApi } from '../plans/plansApi';
import { useAuth } from '../shared/AuthContext';
import { SelectField } from '../shared/Field';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { PeriodPicker } from '../shared/PeriodPicker';
import { useAsync } from '../shared/useAsync';
import { dashboardApi } from './dashboardApi';
import { EscalationSection } from './EscalationSection';
import { WeeklyBars } from './WeeklyBars';
import '../staff/workspace.css';

const PERIODS = [28, 91, 182];
const fmt = (v: number | null | undefined, unit = '') => (v == null ? '–' : `${v}${unit}`);

/** Follow-up per unit and protocol: who is followed, how it goes, what it costs in staff time. */
export function DashboardPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useAuth();
  const id = useId();
  const units = me?.units ?? [];
  const [unit, setUnit] = useState(units[0]?.id ?? '');
  const [protocol, setProtocol] = useState('');
  const [days, setDays] = useState(28);
  const filter = useMemo(() => {
    const to = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
    return {
      unit,
      protocol,
      from: new Date(to.getTime() - days * 86_400_000).toISOString(),
      to: to.toISOString(),
    };
  }, [unit, protocol, days]);
  const data = useAsync((signal) => dashboardApi.dashboard(filter, signal), [filter]);
  const protocols = useAsync((signal) => plansApi.protocols(signal).catch(() => ({ protocols: [] })), []);
  const d = data.data;

  return (
    <div className="wide">
      <PageTitle title={t('dashboard.title')}>{t('dashboard.title')}</PageTitle>
      <div className="toolbar ws-filters">
        <SelectField
          id={`${id}-unit`}
          label={t('worklist.unit')}
          value={unit}
          onChange={(e) => setUnit(e.target.value)}
        >
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          id={`${id}-protocol`}
          label={t('wsWorklist.protocol')}
          value={protocol}
          onChange={(e) => setProtocol(e.target.value)}
        >
          <option value="">{t('wsWorklist.allProtocols')}</option>
          {(protocols.data?.protocols ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.title[lang]}
            </option>
          ))}
        </SelectField>
        <PeriodPicker options={PERIODS} value={days} onChange={setDays} />
        <a className="button toolbar__end" href={dashboardApi.csvUrl(filter)} download>
          {t('dashboard.csv')}
        </a>
      </div>
      <LoadState loading={data.loading} error={data.error} onRetry={data.reload} />
      {d && (
        <>
          <section className="card" aria-labelledby="dash-key">
            <h2 id="dash-key">{t('dashboard.keyFigures')}</h2>
            <dl className="ws-grid">
              <div>
                <dt>{t('dashboard.patients')}</dt>
                <dd>
                  {d.patients}
                  <span className="ws-sub">
                    {Object.entries(d.patientsByKind)
                      .map(([k, n]) => `${t(`enrolmentKind.${k}`)}: ${n}`)
                      .join(', ')}
                  </span>
                </dd>
              </div>
              <div>
                <dt>{t('dashboard.adherence')}</dt>
                <dd>{fmt(d.adherencePercent, ' %')}</dd>
              </div>
              <div>
                <dt>{t('dashboard.alertsRate')}</dt>
                <dd>{fmt(d.alertsPer100PatientWeeks)}</dd>
              </div>
              <div>
                <dt>{t('dashboard.medianAck')}</dt>
                <dd>{fmt(d.medianMinutesToAcknowledgeRed, ' min')}</dd>
              </div>
              <div>
                <dt>{t('dashboard.staffMinutes')}</dt>
                <dd>{fmt(d.staffMinutesPer100PatientsPerWeek, ' min')}</dd>
              </div>
            </dl>
          </section>
          <section className="card" aria-labelledby="dash-outcomes">
            <h2 id="dash-outcomes">{t('dashboard.outcomes')}</h2>
            <div className="ws-scroll">
              <table className="ws-table">
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.measure')}</th>
                    <th scope="col">{t('dashboard.weeks01')}</th>
                    <th scope="col">{t('dashboard.weeks2021')}</th>
                    <th scope="col">{t('dashboard.patients')}</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">{t('dashboard.homeBp')}</th>
                    <td>{d.outcomes.homeBp.early ? `${d.outcomes.homeBp.early.join('/')} mmHg` : '–'}</td>
                    <td>{d.outcomes.homeBp.late ? `${d.outcomes.homeBp.late.join('/')} mmHg` : '–'}</td>
                    <td>{d.outcomes.homeBp.patients}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t('dashboard.weight')}</th>
                    <td>{fmt(d.outcomes.weight.early, ' kg')}</td>
                    <td>{fmt(d.outcomes.weight.late, ' kg')}</td>
                    <td>{d.outcomes.weight.patients}</td>
                  </tr>
                </tbody>
              </table>
            </div>
            <p>{t('dashboard.tir', { value: fmt(d.outcomes.glucoseTimeInRangePercent, ' %') })}</p>
          </section>
          <section className="card" aria-labelledby="dash-weeks">
            <h2 id="dash-weeks">{t('dashboard.perWeek')}</h2>
            <WeeklyBars
              title={t('dashboard.alertsPerWeek')}
              points={d.weeks.map((w) => ({ label: w.week, value: w.alerts }))}
            />
            <WeeklyBars
              title={t('dashboard.minutesPerWeek')}
              points={d.weeks.map((w) => ({ label: w.week, value: w.staffMinutes }))}
            />
          </section>
        </>
      )}
      {unit && (
        <EscalationSection unitId={unit} canEdit={me?.role === 'unit-admin' || me?.role === 'system-admin'} />
      )}
    </div>
  );
}
