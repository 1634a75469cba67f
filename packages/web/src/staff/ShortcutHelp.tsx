import { useTranslation } from 'react-i18next';
import { Dialog } from '../shared/Dialog';

const SHORTCUTS = [
  { keys: ['j', '↓'], action: 'shortcuts.next' },
  { keys: ['k', '↑'], action: 'shortcuts.previous' },
  { keys: ['Enter'], action: 'shortcuts.open' },
  { keys: ['a'], action: 'wsShortcuts.acknowledge' },
  { keys: ['n'], action: 'wsShortcuts.nextPatient' },
  { keys: ['?'], action: 'shortcuts.help' },
  { keys: ['Esc'], action: 'shortcuts.close' },
];

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} title={t('shortcuts.title')} onClose={onClose}>
      <dl className="shortcuts">
        {SHORTCUTS.map((s) => (
          <div key={s.action} className="shortcuts__row">
            <dt>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && ` ${t('shortcuts.or')} `}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{t(s.action)}</dd>
          </div>
        ))}
      </dl>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
