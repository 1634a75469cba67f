import type { MeasurementDef } from '@hemma/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Observation } from '../apiTypes';
import { useLang } from '../i18n';
import { formatDateTimeCompact } from './format';
import { formatObservationValue } from './measurementText';
import { SeverityBadge } from './SeverityBadge';

interface ObservationTableProps {
  def: MeasurementDef;
  /** Newest first, as the API returns them. */
  observations: Observation[];
  audience: 'patient' | 'staff';
  caption: string;
}

/** Rows shown before "show all": keeps a page with several measurements short enough to scan. */
const FIRST_ROWS = 10;

/** The value list under each chart; the accessible alternative to the canvas. */
export function ObservationTable({ def, observations, audience, caption }: ObservationTableProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const [all, setAll] = useState(false);
  const rows = all ? observations : observations.slice(0, FIRST_ROWS);
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('values.when')}</th>
            <th scope="col">{t('values.value')}</th>
            <th scope="col">{t('values.status')}</th>
            {audience === 'staff' && <th scope="col">{t('values.source')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <tr key={o.id}>
              <td>
                <time dateTime={o.effectiveAt}>{formatDateTimeCompact(o.effectiveAt, lang)}</time>
              </td>
              <td className="table__number">{formatObservationValue(def, o.values, lang)}</td>
              <td>
                <SeverityBadge severity={o.severity} audience={audience} />
              </td>
              {audience === 'staff' && (
                <td>
                  {t(`source.${o.source}`)}
                  {/* Name who typed it in when it was not the patient (staff, relative). */}
                  {o.enteredBy && o.enteredBy.role !== 'patient' ? ` (${o.enteredBy.displayName})` : ''}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {observations.length > rows.length && (
        <button type="button" className="button table-more" onClick={() => setAll(true)}>
          {t('values.showAll', { count: observations.length })}
        </button>
      )}
    </div>
  );
}
