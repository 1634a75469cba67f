import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  /** Non-blocking note, e.g. "this looks unusual". */
  warning?: ReactNode;
  error?: ReactNode;
  suffix?: ReactNode;
}

/** Labelled input whose hint, warning and error are tied to it with aria-describedby. */
export function Field({ id, label, hint, warning, error, suffix, className, ...input }: FieldProps) {
  // The warning is hidden while there is an error, so it must not be referenced then either.
  const described = [hint && `${id}-hint`, warning && !error && `${id}-warning`, error && `${id}-error`]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field${error ? ' field--error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      <div className="field__control">
        <input
          id={id}
          className="input"
          aria-invalid={error ? true : undefined}
          aria-describedby={described || undefined}
          {...input}
        />
        {suffix && (
          <span className="field__suffix" aria-hidden="true">
            {suffix}
          </span>
        )}
      </div>
      {warning && !error && (
        <p id={`${id}-warning`} className="field__warning">
          {warning}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  id: string;
  label: ReactNode;
}

/** Labelled drop-down; the options are its children. */
export function SelectField({ id, label, children, ...select }: SelectFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <select id={id} className="input" {...select}>
        {children}
      </select>
    </div>
  );
}
