import { findMeasurement } from '@hemma/core';
import type { MeasurementResult } from '../apiTypes';
import { useLang } from '../i18n';
import { formatObservationValue } from './measurementText';

/** The values just saved, by name, in the reader's language (patient and staff feedback). */
export function SavedValues({ results }: { results: MeasurementResult[] }) {
  const lang = useLang();
  return (
    <ul className="feedback__saved">
      {results.map(({ observation }) => {
        const def = findMeasurement(observation.code);
        return (
          <li key={observation.id}>
            {def
              ? `${def.name[lang]}: ${formatObservationValue(def, observation.values, lang)}`
              : observation.code}
          </li>
        );
      })}
    </ul>
  );
}
