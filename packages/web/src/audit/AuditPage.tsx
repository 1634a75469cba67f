import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useLang } from '../i18n';
import { useAnnounce } from '../shared/Announcer';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';
import { type AuditEvent, auditApi } from './auditApi';
import './audit.css';

type Tab = 'patient' | 'staff' | 'emergency' | 'sample';
const TABS: Tab[] = ['emergency', 'staff', 'patient', 'sample'];

/** Log follow-up for unit administrators (their units) and system administrators (everything). */
export function AuditPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('emergency');
  const [days, setDays] = useState(30);
  const id = useId();
  return (
    <div className="wide">
      <PageTitle title={t('audit.title')}>{t('audit.title')}</PageTitle>
      <p>{t('audit.intro')}</p>
      <div className="audit-form">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-days`}>
            {t('audit.period')}
          </label>
          <select
            id={`${id}-days`}
            className="input"
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
          >
            {[7, 30, 90, 365].map((d) => (
              <option key={d} value={d}>
                {t('audit.days', { count: d })}
              </option>
            ))}
          </select>
        </div>
        <a className="button" href={auditApi.exportUrl({ days })} download>
          {t('audit.exportAll')}
        </a>
      </div>
      <nav aria-label={t('audit.sections')}>
        <ul className="audit-tabs">
          {TABS.map((x) => (
            <li key={x}>
              <button
                type="button"
                className="button button--quiet"
                aria-current={tab === x ? 'true' : undefined}
                onClick={() => setTab(x)}
              >
                {t(`audit.tab.${x}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'emergency' && <EmergencySection />}
      {tab === 'staff' && <StaffSection days={days} />}
      {tab === 'patient' && <PatientSection days={days} />}
      {tab === 'sample' && <SampleSection days={days} />}
    </div>
  );
}

function EventTable({ events, caption }: { events: AuditEvent[]; caption: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' });
  if (events.length === 0) return <p>{t('audit.noEvents')}</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard
    <section className="table-wrap" tabIndex={0} aria-label={caption}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.col.when')}</th>
            <th scope="col">{t('audit.col.who')}</th>
            <th scope="col">{t('audit.col.unit')}</th>
            <th scope="col">{t('audit.col.patient')}</th>
            <th scope="col">{t('audit.col.action')}</th>
            <th scope="col">{t('audit.col.purpose')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td className="nowrap">{fmt.format(new Date(e.at))}</td>
              <td>
                {e.actorName ?? '–'} ({t(`audit.role.${e.actorRole}`, { defaultValue: e.actorRole })})
              </td>
              <td>{e.unitName ?? <span className="audit-flag">{t('audit.outsideUnits')}</span>}</td>
              <td>{e.patientId ? e.patientId.slice(-8) : '–'}</td>
              <td>{e.action}</td>
              <td>
                {e.followUp ? (
                  <span className="audit-flag">
                    {t(`audit.purpose.${e.purpose}`, { defaultValue: e.purpose })}
                  </span>
                ) : (
                  t(`audit.purpose.${e.purpose}`, { defaultValue: e.purpose })
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function EmergencySection() {
  const { t } = useTranslation();
  const lang = useLang();
  const announce = useAnnounce();
  const [all, setAll] = useState(false);
  const list = useAsync((signal) => auditApi.emergency(all ? 'all' : 'unreviewed', signal), [all]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const fmt = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' });
  async function review(id: string) {
    const note = (notes[id] ?? '').trim();
    if (note.length < 2) return;
    await auditApi.review(id, note);
    announce(t('audit.emergency.reviewed'));
    list.reload();
  }
  const rows = list.data?.accesses ?? [];
  return (
    <section className="audit-section" aria-labelledby="audit-emergency">
      <h2 id="audit-emergency">{t('audit.tab.emergency')}</h2>
      <label>
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />{' '}
        {t('audit.emergency.showReviewed')}
      </label>
      <LoadState loading={list.loading && !list.data} error={list.error} onRetry={list.reload} />
      {list.data && rows.length === 0 && <p>{t('audit.emergency.none')}</p>}
      {rows.map((r) => (
        <article key={r.id} className="card audit-section">
          <h3>{t('audit.emergency.heading', { staff: r.staffName, patient: r.patientName })}</h3>
          <p>
            {t('audit.emergency.when', {
              from: fmt.format(new Date(r.startedAt)),
              to: fmt.format(new Date(r.expiresAt)),
              count: r.accesses,
            })}
          </p>
          <p>
            {t('audit.emergency.reason')}: {r.reason}
          </p>
          {r.reviewedAt ? (
            <p>
              {t('audit.emergency.reviewNote')}: {r.reviewNote}
            </p>
          ) : (
            <div className="audit-form">
              <div className="field field--grow">
                <label className="field__label" htmlFor={`note-${r.id}`}>
                  {t('audit.emergency.reviewNote')}
                </label>
                <input
                  id={`note-${r.id}`}
                  className="input"
                  value={notes[r.id] ?? ''}
                  onChange={(e) => setNotes({ ...notes, [r.id]: e.target.value })}
                />
              </div>
              <button type="button" className="button button--primary" onClick={() => review(r.id)}>
                {t('audit.emergency.markReviewed')}
              </button>
            </div>
          )}
        </article>
      ))}
    </section>
  );
}

function StaffSection({ days }: { days: number }) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string | null>(null);
  const staff = useAsync((signal) => auditApi.staff(days, signal), [days]);
  const detail = useAsync(
    (signal) => (selected ? auditApi.staffEvents(selected, days, signal) : Promise.resolve(null)),
    [selected, days],
  );
  const rows = staff.data?.staff ?? [];
  return (
    <section className="audit-section" aria-labelledby="audit-staff">
      <h2 id="audit-staff">{t('audit.tab.staff')}</h2>
      <LoadState loading={staff.loading && !staff.data} error={staff.error} onRetry={staff.reload} />
      {rows.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard
        <section className="table-wrap" tabIndex={0} aria-label={t('audit.tab.staff')}>
          <table className="table">
            <caption className="visually-hidden">{t('audit.tab.staff')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.col.who')}</th>
                <th scope="col">{t('audit.staff.accesses')}</th>
                <th scope="col">{t('audit.staff.patients')}</th>
                <th scope="col">{t('audit.staff.outside')}</th>
                <th scope="col">{t('audit.staff.emergency')}</th>
                <th scope="col">{t('audit.staff.volume')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <td>
                    <button type="button" className="button button--quiet" onClick={() => setSelected(s.id)}>
                      {s.name}
                    </button>
                  </td>
                  <td className="table__number">{s.accesses}</td>
                  <td className="table__number">{s.patients}</td>
                  <td className="table__number">{s.outsideOwnUnits}</td>
                  <td className="table__number">{s.emergencyAccesses}</td>
                  <td>
                    {s.unusualVolume ? <span className="audit-flag">{t('audit.staff.unusual')}</span> : '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {detail.data && selected && (
        <div className="audit-section">
          <h3>{t('audit.staff.eventsOf', { name: detail.data.name })}</h3>
          <p>
            <a className="button" href={auditApi.exportUrl({ days, actorId: selected })} download>
              {t('audit.export')}
            </a>
          </p>
          <EventTable
            events={detail.data.events}
            caption={t('audit.staff.eventsOf', { name: detail.data.name })}
          />
        </div>
      )}
    </section>
  );
}

function PatientSection({ days }: { days: number }) {
  const { t } = useTranslation();
  const id = useId();
  const [pnr, setPnr] = useState('');
  const [found, setFound] = useState<{ patientId: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const events = useAsync(
    (signal) => (found ? auditApi.patientEvents(found.patientId, days, signal) : Promise.resolve(null)),
    [found, days],
  );
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setFound(null);
    try {
      setFound(await auditApi.findPatient(pnr.trim()));
    } catch (err) {
      setError(
        t(
          err instanceof ApiError && err.status === 400
            ? 'audit.patientSearch.invalid'
            : 'audit.patientSearch.notFound',
        ),
      );
    }
  }
  return (
    <section className="audit-section" aria-labelledby="audit-patient">
      <h2 id="audit-patient">{t('audit.tab.patient')}</h2>
      <form className="audit-form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-pnr`}>
            {t('audit.patientSearch.label')}
          </label>
          <input
            id={`${id}-pnr`}
            className="input"
            inputMode="numeric"
            autoComplete="off"
            value={pnr}
            onChange={(e) => setPnr(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary">
          {t('audit.patientSearch.submit')}
        </button>
      </form>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {found && events.data && (
        <div className="audit-section">
          <h3>{t('audit.patientSearch.whoAccessed', { name: found.name })}</h3>
          <p>
            <a className="button" href={auditApi.exportUrl({ days, patientId: found.patientId })} download>
              {t('audit.export')}
            </a>
          </p>
          <EventTable
            events={events.data.events}
            caption={t('audit.patientSearch.whoAccessed', { name: found.name })}
          />
        </div>
      )}
    </section>
  );
}

function SampleSection({ days }: { days: number }) {
  const { t } = useTranslation();
  const [round, setRound] = useState(0);
  const sample = useAsync((signal) => auditApi.sample(days, 20, signal), [days, round]);
  return (
    <section className="audit-section" aria-labelledby="audit-sample">
      <h2 id="audit-sample">{t('audit.tab.sample')}</h2>
      <p>{t('audit.sample.intro')}</p>
      <button type="button" className="button" onClick={() => setRound(round + 1)}>
        {t('audit.sample.new')}
      </button>
      <LoadState loading={sample.loading && !sample.data} error={sample.error} onRetry={sample.reload} />
      {sample.data && <EventTable events={sample.data.events} caption={t('audit.tab.sample')} />}
    </section>
  );
}
