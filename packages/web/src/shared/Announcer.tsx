import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

type Politeness = 'polite' | 'assertive';
const AnnounceContext = createContext<(message: string, politeness?: Politeness) => void>(() => undefined);

/** Always-present live regions: screen readers only announce changes to regions that already exist. */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');

  const announce = useCallback((message: string, politeness: Politeness = 'polite') => {
    const set = politeness === 'assertive' ? setAssertive : setPolite;
    // Clear first so the same message twice is announced twice.
    set('');
    window.setTimeout(() => set(message), 50);
  }, []);

  const value = useMemo(() => announce, [announce]);
  return (
    <AnnounceContext.Provider value={value}>
      {children}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {polite}
      </div>
      <div className="visually-hidden" aria-live="assertive" aria-atomic="true">
        {assertive}
      </div>
    </AnnounceContext.Provider>
  );
}

export const useAnnounce = () => useContext(AnnounceContext);
