import type { SelectHTMLAttributes } from "react";
import { FieldMessages } from "./FieldMessages";

interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> {
  id: string;
  label: string;
  /** The first option, meaning "no choice", e.g. "All teams". */
  emptyLabel?: string;
  options: { value: string | number; label: string }[];
  error?: string;
  className?: string;
}

export function Select({ id, name, label, emptyLabel, options, error, className, defaultValue, ...select }: SelectProps) {
  // A form sent back with its field repeated holds several values; one choice shows the first of them.
  const shown = Array.isArray(defaultValue) && !select.multiple ? defaultValue[0] : defaultValue;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}${className ? ` ${className}` : ""}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      <FieldMessages id={id} error={error} />
      <select className={`govuk-select${error ? " govuk-select--error" : ""}`} id={id} name={name ?? id} aria-describedby={error ? `${id}-error` : undefined} defaultValue={shown} {...select}>
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
