import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The page's h1. It also sets document.title and is the focus target after navigation (see Layout). */
export function PageTitle({ children, title }: { children: ReactNode; title: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  return (
    <h1 tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}
