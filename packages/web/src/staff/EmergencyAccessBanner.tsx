import { useTranslation } from 'react-i18next';
import { request } from '../api';
import { useLang } from '../i18n';
import { useAsync } from '../shared/useAsync';

interface Access {
  id: string;
  patientId: string;
  expiresAt: string;
}

/** On a patient opened under emergency access: says so, and until when. Nothing otherwise. */
export function EmergencyAccessBanner({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const state = useAsync(
    (signal) => request<{ accesses: Access[] }>('GET', '/api/staff/emergency-access', { signal }),
    [patientId],
  );
  const access = state.data?.accesses.find((a) => a.patientId === patientId);
  if (!access) return null;
  const until = new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(new Date(access.expiresAt));
  return (
    <p className="notice notice--error">
      <strong>{t('access.emergency.activeTitle')}</strong>{' '}
      {t('access.emergency.activeUntil', { time: until })}
    </p>
  );
}
