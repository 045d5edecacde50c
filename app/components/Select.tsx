import type { SelectHTMLAttributes } from "react";

interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> {
  id: string;
  label: string;
  /** The first option, meaning "no choice", e.g. "All teams". */
  emptyLabel?: string;
  options: { value: string | number; label: string }[];
  error?: string;
  className?: string;
}

export function Select({ id, name, label, emptyLabel, options, error, className, ...select }: SelectProps) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}${className ? ` ${className}` : ""}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      {error ? (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <select className={`govuk-select${error ? " govuk-select--error" : ""}`} id={id} name={name ?? id} aria-describedby={error ? `${id}-error` : undefined} {...select}>
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
