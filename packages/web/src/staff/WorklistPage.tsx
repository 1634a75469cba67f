import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useAnnounce } from '../shared/Announcer';
import { useAuth } from '../shared/AuthContext';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync, useNow } from '../shared/useAsync';
import { ShortcutHelp } from './ShortcutHelp';
import { useStaffEvents } from './useStaffEvents';
import { WorklistRow } from './WorklistRow';
import { insertSorted, matchesFilter, type WorklistFilter } from './worklist';

const isTyping = (el: EventTarget | null): boolean =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export function WorklistPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const announce = useAnnounce();
  const now = useNow();
  const id = useId();
  const [filter, setFilter] = useState<WorklistFilter>({ unit: '', severity: '' });
  const [helpOpen, setHelpOpen] = useState(false);
  const links = useRef<(HTMLAnchorElement | null)[]>([]);
  const listRef = useRef<HTMLUListElement>(null);

  const worklist = useAsync((signal) => api.staff.worklist(filter, signal), [filter.unit, filter.severity]);
  const { setData, reload } = worklist;
  const items = worklist.data?.items ?? [];
  const units = me?.units ?? [];
  const unitName = (unitId: string) =>
    units.length > 1 ? units.find((u) => u.id === unitId)?.name : undefined;

  useStaffEvents({
    onCreated: (item) => {
      if (!matchesFilter(item, filter)) return;
      setData((prev) => ({ items: insertSorted(prev?.items ?? [], item) }));
      announce(
        t(item.severity === 'red' ? 'worklist.newRed' : 'worklist.newYellow', { name: item.patientName }),
        item.severity === 'red' ? 'assertive' : 'polite',
      );
    },
    onUpdated: (event) => {
      if (event.status !== 'acknowledged') return;
      setData((prev) => ({ items: (prev?.items ?? []).filter((i) => i.alertId !== event.alertId) }));
    },
    onReconnected: reload,
  });

  const move = useCallback((delta: number) => {
    const all = links.current.filter((l): l is HTMLAnchorElement => !!l?.isConnected);
    if (all.length === 0) return;
    const current = all.findIndex(
      (l) => l === document.activeElement || l.closest('li')?.contains(document.activeElement),
    );
    const next =
      current === -1
        ? delta > 0
          ? 0
          : all.length - 1
        : Math.min(Math.max(current + delta, 0), all.length - 1);
    all[next]?.focus();
  }, []);

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
      } else if (e.key === '?') {
        e.preventDefault();
        setHelpOpen(true);
      }
      // Enter needs no handler: focus is on the row's link, which opens the patient natively.
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [move]);

  return (
    <div className="wide">
      <PageTitle title={t('worklist.title')}>{t('worklist.title')}</PageTitle>
      <div className="toolbar">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-unit`}>
            {t('worklist.unit')}
          </label>
          <select
            id={`${id}-unit`}
            className="input"
            value={filter.unit}
            onChange={(e) => setFilter((f) => ({ ...f, unit: e.target.value }))}
          >
            <option value="">{t('worklist.allUnits')}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-severity`}>
            {t('worklist.severity')}
          </label>
          <select
            id={`${id}-severity`}
            className="input"
            value={filter.severity}
            onChange={(e) =>
              setFilter((f) => ({ ...f, severity: e.target.value as WorklistFilter['severity'] }))
            }
          >
            <option value="">{t('worklist.allSeverities')}</option>
            <option value="red">{t('worklist.onlyRed')}</option>
            <option value="yellow">{t('worklist.onlyYellow')}</option>
          </select>
        </div>
        <button type="button" className="button button--quiet toolbar__end" onClick={() => setHelpOpen(true)}>
          {t('shortcuts.button')}
        </button>
      </div>

      <LoadState loading={worklist.loading && !worklist.data} error={worklist.error} onRetry={reload} />
      {worklist.data &&
        (items.length === 0 ? (
          <p className="empty">{t('worklist.empty')}</p>
        ) : (
          <>
            <p className="worklist__count">{t('worklist.count', { count: items.length })}</p>
            <ul ref={listRef} className="worklist" aria-label={t('worklist.listLabel')}>
              {items.map((item, index) => (
                <WorklistRow
                  key={item.alertId}
                  ref={(el) => {
                    links.current[index] = el;
                  }}
                  item={item}
                  unitName={unitName(item.unitId)}
                  now={now}
                />
              ))}
            </ul>
          </>
        ))}
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
