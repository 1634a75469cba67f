import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import type { AsyncState } from '../shared/useAsync';

/** How every administration page opens: its title, the load state, and the region `useSave`
 *  focuses to show why a change was refused (kept in the page even when empty, so focus has a target). */
export function AdminPageHead({
  title,
  state,
  error,
  errorRef,
}: {
  title: string;
  state: Pick<AsyncState<unknown>, 'loading' | 'error' | 'reload'>;
  error: string | null;
  errorRef: RefObject<HTMLDivElement | null>;
}) {
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      <LoadState loading={state.loading} error={state.error} onRetry={state.reload} />
      <div ref={errorRef} tabIndex={-1} role="alert" className={error ? 'notice notice--error' : undefined}>
        {error}
      </div>
    </>
  );
}

/** The list of an administration page; the last column holds each row's buttons. */
export function AdminTable({
  caption,
  columns,
  children,
}: {
  caption: string;
  columns: string[];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t('admin.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
