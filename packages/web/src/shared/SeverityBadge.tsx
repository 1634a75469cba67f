import type { Severity } from '@hemma/core';
import { useTranslation } from 'react-i18next';

/** Shape differs per level so the meaning never rests on colour alone. */
export function SeverityIcon({ severity, size = 20 }: { severity: Severity; size?: number }) {
  return (
    <svg
      className={`severity-icon severity-icon--${severity}`}
      width={size}
      height={size}
      viewBox="0 0 20 20"
      aria-hidden="true"
      focusable="false"
    >
      {severity === 'green' && (
        <>
          <circle cx="10" cy="10" r="9" />
          <path d="M5.5 10.5l3 3 6-7" fill="none" strokeWidth="2.2" className="severity-icon__mark" />
        </>
      )}
      {severity === 'yellow' && (
        <>
          <path d="M10 1.5l9 16.5H1z" />
          <path d="M10 7v5.5M10 14.5v1.6" fill="none" strokeWidth="2.2" className="severity-icon__mark" />
        </>
      )}
      {severity === 'red' && (
        <>
          <path d="M6 1h8l5 5v8l-5 5H6l-5-5V6z" />
          <path d="M10 5v6.5M10 13.8v1.6" fill="none" strokeWidth="2.4" className="severity-icon__mark" />
        </>
      )}
    </svg>
  );
}

/** Icon + word + colour. Staff see "Röd/Gul/Grön"; patients see plain words about their target. */
export function SeverityBadge({ severity, audience }: { severity: Severity; audience: 'staff' | 'patient' }) {
  const { t } = useTranslation();
  return (
    <span className={`chip chip--${severity}`}>
      <SeverityIcon severity={severity} size={18} />
      {t(`severity.${audience}.${severity}`)}
    </span>
  );
}
