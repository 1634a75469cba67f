import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useAnnounce } from '../shared/Announcer';

/** Runs a change, announces success, and shows the server's precise message on failure. */
export function useSave() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  async function save<T>(action: () => Promise<T>, done: string): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      announce(done);
      return result;
    } catch (e) {
      // The server's detail is written for people (and never holds personal data).
      setError(
        e instanceof ApiError && e.status >= 400 && e.status < 500 && e.detail ? e.detail : t('admin.failed'),
      );
      window.setTimeout(() => errorRef.current?.focus(), 0);
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, errorRef, save };
}
