import type { SelectHTMLAttributes } from "react";

interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> {
  id: string;
  label: string;
  /** The first option, meaning "no choice", e.g. "All teams". */
  emptyLabel?: string;
  options: { value: string | number; label: string }[];
  className?: string;
}

export function Select({ id, name, label, emptyLabel, options, className, ...select }: SelectProps) {
  return (
    <div className={`govuk-form-group${className ? ` ${className}` : ""}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      <select className="govuk-select" id={id} name={name ?? id} {...select}>
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
