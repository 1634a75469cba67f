import { useId } from 'react';

interface ChoiceGroupProps<T extends string | number> {
  legend: string;
  options: { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  error?: string;
  name?: string;
}

/** Radio buttons styled as a row of large toggle buttons (units, periods). Radios keep native keyboard use. */
export function ChoiceGroup<T extends string | number>({
  legend,
  options,
  value,
  onChange,
  error,
  name,
}: ChoiceGroupProps<T>) {
  const generated = useId();
  const groupName = name ?? generated;
  const errorId = `${groupName}-error`;
  return (
    <fieldset className="choice-group" aria-describedby={error ? errorId : undefined}>
      <legend className="field__label">{legend}</legend>
      <div className="choice-group__options">
        {options.map((o) => (
          <label key={String(o.value)} className="choice">
            <input
              type="radio"
              name={groupName}
              value={String(o.value)}
              checked={o.value === value}
              onChange={() => onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
