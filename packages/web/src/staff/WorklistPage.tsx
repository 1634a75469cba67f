import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../apiTypes';
import { useLang } from '../i18n';
import { plansApi } from '../plans/plansApi';
import { useAnnounce } from '../shared/Announcer';
import { useAuth } from '../shared/AuthContext';
import { SelectField } from '../shared/Field';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync, useNow } from '../shared/useAsync';
import { AcknowledgeDialog } from './AcknowledgeDialog';
import { ShortcutHelp } from './ShortcutHelp';
import { AssignDialog, SnoozeDialog } from './TriageDialogs';
import { useStaffEvents } from './useStaffEvents';
import { WorklistRow } from './WorklistRow';
import { type WorkItem, type WorklistFilter, workspaceApi } from './workspaceApi';
import './workspace.css';

const isTyping = (el: EventTarget | null): boolean =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

const asAlert = (item: WorkItem): Alert => ({
  id: item.alertId ?? '',
  patientId: item.patientId,
  observationId: '',
  severity: item.severity ?? 'yellow',
  reasons: item.reasons,
  status: 'open',
  createdAt: item.at,
});

export function WorklistPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useAuth();
  const announce = useAnnounce();
  const now = useNow();
  const id = useId();
  const [filter, setFilter] = useState<WorklistFilter>({
    unit: '',
    protocol: '',
    severity: '',
    kind: '',
    mine: false,
  });
  const [showSnoozed, setShowSnoozed] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [more, setMore] = useState<WorkItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [acknowledging, setAcknowledging] = useState<WorkItem | null>(null);
  const [assigning, setAssigning] = useState<WorkItem | null>(null);
  const [snoozing, setSnoozing] = useState<WorkItem | null>(null);
  const links = useRef<(HTMLAnchorElement | null)[]>([]);
  const listRef = useRef<HTMLUListElement>(null);

  const worklist = useAsync(
    (signal) => workspaceApi.worklist({ ...filter, snoozed: showSnoozed }, signal),
    [filter.unit, filter.protocol, filter.severity, filter.kind, filter.mine, showSnoozed],
  );
  const protocols = useAsync((signal) => plansApi.protocols(signal).catch(() => ({ protocols: [] })), []);
  const { reload, data } = worklist;
  useEffect(() => {
    setMore([]);
    setCursor(data?.nextCursor ?? null);
    setSelected(new Set());
  }, [data]);
  const items = [...(data?.items ?? []), ...more].filter(
    (item, i, all) => all.findIndex((o) => o.key === item.key) === i,
  );
  const units = me?.units ?? [];
  const unitName = (unitId: string) =>
    units.length > 1 ? units.find((u) => u.id === unitId)?.name : undefined;

  useStaffEvents({
    onCreated: (item) => {
      reload();
      announce(
        t(item.severity === 'red' ? 'worklist.newRed' : 'worklist.newYellow', { name: item.patientName }),
        item.severity === 'red' ? 'assertive' : 'polite',
      );
    },
    onUpdated: () => reload(),
    onConnected: reload,
    onChanged: reload,
  });

  async function loadMore() {
    if (!cursor) return;
    const page = await workspaceApi.worklist({ ...filter, snoozed: showSnoozed, cursor });
    setMore((m) => [...m, ...page.items]);
    setCursor(page.nextCursor);
  }

  const focusedIndex = useCallback(() => {
    const all = links.current.filter((l): l is HTMLAnchorElement => !!l?.isConnected);
    return {
      all,
      current: all.findIndex(
        (l) => l === document.activeElement || l.closest('li')?.contains(document.activeElement),
      ),
    };
  }, []);

  const move = useCallback(
    (delta: number) => {
      const { all, current } = focusedIndex();
      if (all.length === 0) return;
      const next =
        current === -1
          ? delta > 0
            ? 0
            : all.length - 1
          : Math.min(Math.max(current + delta, 0), all.length - 1);
      all[next]?.focus();
    },
    [focusedIndex],
  );

  /** n: the next item that belongs to another patient than the focused one. */
  const nextPatient = useCallback(() => {
    const { all, current } = focusedIndex();
    const patient = all[current]?.dataset.patient;
    const next = all.findIndex((l, i) => i > current && l.dataset.patient !== patient);
    if (next !== -1) all[next]?.focus();
  }, [focusedIndex]);

  const itemsRef = useRef(items);
  itemsRef.current = items;

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const inList = !!listRef.current?.contains(document.activeElement);
      if (e.key === 'j' || (e.key === 'ArrowDown' && inList)) {
        e.preventDefault();
        move(1);
      } else if (e.key === 'k' || (e.key === 'ArrowUp' && inList)) {
        e.preventDefault();
        move(-1);
      } else if (e.key === 'n') {
        e.preventDefault();
        nextPatient();
      } else if (e.key === 'a') {
        const { all, current } = focusedIndex();
        const alertId = all[current]?.dataset.alert;
        const item = itemsRef.current.find((i) => i.alertId && i.alertId === alertId);
        if (item) {
          e.preventDefault();
          setAcknowledging(item);
        }
      } else if (e.key === '?') {
        e.preventDefault();
        setHelpOpen(true);
      }
      // Enter needs no handler: focus is on the row's link, which opens the patient natively.
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [move, nextPatient, focusedIndex]);

  async function bulkAcknowledge() {
    const ids = [...selected];
    const res = await workspaceApi.acknowledgeInformational(ids);
    announce(t('wsWorklist.bulkDone', { count: res.acknowledged.length }), 'polite');
    reload();
  }

  const select = (field: keyof WorklistFilter) => (e: React.ChangeEvent<HTMLSelectElement>) =>
    setFilter((f) => ({ ...f, [field]: e.target.value }));

  return (
    <div className="wide">
      <PageTitle title={t('worklist.title')}>{t('worklist.title')}</PageTitle>
      <div className="toolbar ws-filters">
        <SelectField
          id={`${id}-unit`}
          label={t('worklist.unit')}
          value={filter.unit}
          onChange={select('unit')}
        >
          <option value="">{t('worklist.allUnits')}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          id={`${id}-protocol`}
          label={t('wsWorklist.protocol')}
          value={filter.protocol}
          onChange={select('protocol')}
        >
          <option value="">{t('wsWorklist.allProtocols')}</option>
          {(protocols.data?.protocols ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.title[lang]}
            </option>
          ))}
        </SelectField>
        <SelectField
          id={`${id}-severity`}
          label={t('worklist.severity')}
          value={filter.severity}
          onChange={select('severity')}
        >
          <option value="">{t('wsWorklist.allItems')}</option>
          <option value="red">{t('worklist.onlyRed')}</option>
          <option value="yellow">{t('worklist.onlyYellow')}</option>
        </SelectField>
        <SelectField
          id={`${id}-kind`}
          label={t('wsWorklist.kindLabel')}
          value={filter.kind}
          onChange={select('kind')}
        >
          <option value="">{t('wsWorklist.allKinds')}</option>
          {(['alert', 'missed', 'message', 'validation', 'proposal'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`wsWorklist.kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <label className="ws-check">
          <input
            type="checkbox"
            checked={filter.mine}
            onChange={(e) => setFilter((f) => ({ ...f, mine: e.target.checked }))}
          />
          {t('wsWorklist.mine')}
        </label>
        <label className="ws-check">
          <input type="checkbox" checked={showSnoozed} onChange={(e) => setShowSnoozed(e.target.checked)} />
          {t('wsWorklist.showSnoozed')}
        </label>
        <button type="button" className="button button--quiet toolbar__end" onClick={() => setHelpOpen(true)}>
          {t('shortcuts.button')}
        </button>
      </div>

      <LoadState loading={worklist.loading && !worklist.data} error={worklist.error} onRetry={reload} />
      {worklist.data &&
        (items.length === 0 ? (
          <p className="empty">{t('wsWorklist.empty')}</p>
        ) : (
          <>
            <div className="ws-listbar">
              <p className="worklist__count">{t('wsWorklist.count', { count: worklist.data.total })}</p>
              {selected.size > 0 && (
                <button type="button" className="button" onClick={bulkAcknowledge}>
                  {t('wsWorklist.bulkAcknowledge', { count: selected.size })}
                </button>
              )}
            </div>
            {/* While a changed filter or a live event refetches, the old items stay; aria-busy says they are being replaced. */}
            <ul
              ref={listRef}
              className="worklist"
              aria-label={t('wsWorklist.listLabel')}
              aria-busy={worklist.loading}
            >
              {items.map((item, index) => (
                <WorklistRow
                  key={item.key}
                  ref={(el) => {
                    links.current[index] = el;
                  }}
                  item={item}
                  unitName={unitName(item.unitId)}
                  now={now}
                  selected={selected.has(item.alertId ?? '')}
                  onSelect={(on) =>
                    setSelected((s) => {
                      const next = new Set(s);
                      if (on && item.alertId) next.add(item.alertId);
                      else if (item.alertId) next.delete(item.alertId);
                      return next;
                    })
                  }
                  onAssign={() => setAssigning(item)}
                  onSnooze={() => {
                    if (item.snoozedUntil && item.alertId) {
                      void workspaceApi.snooze(item.alertId, null).then(reload);
                    } else setSnoozing(item);
                  }}
                />
              ))}
            </ul>
            {cursor && (
              <button type="button" className="button ws-more" onClick={loadMore}>
                {t('wsWorklist.more')}
              </button>
            )}
          </>
        ))}
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
      <AcknowledgeDialog
        alert={acknowledging ? asAlert(acknowledging) : null}
        onClose={() => setAcknowledging(null)}
        onDone={() => {
          setAcknowledging(null);
          announce(t('wsWorklist.acknowledged'), 'polite');
          reload();
        }}
      />
      <AssignDialog
        item={assigning}
        onClose={() => setAssigning(null)}
        onDone={() => {
          setAssigning(null);
          reload();
        }}
      />
      <SnoozeDialog
        item={snoozing}
        onClose={() => setSnoozing(null)}
        onDone={() => {
          setSnoozing(null);
          reload();
        }}
      />
    </div>
  );
}
