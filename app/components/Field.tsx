import type { InputHTMLAttributes, ReactNode } from "react";
import { describedBy, FieldMessages } from "./FieldMessages";

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Renders the label as the page heading, for one-question pages. */
  labelAsHeading?: boolean;
}

/** A text-like input with its label, hint and error, wired together for assistive technology. */
export function Field({ id, name, label, hint, error, className, labelAsHeading, ...input }: FieldProps) {
  const described = describedBy(id, hint, error).describedBy;
  const base = input.type === "file" ? "govuk-file-upload" : "govuk-input";
  const inputClass = [base, error ? `${base}--error` : "", className ?? ""].filter(Boolean).join(" ");
  const labelElement = (
    <label className={`govuk-label${labelAsHeading ? " govuk-label--l" : ""}`} htmlFor={id}>
      {label}
    </label>
  );
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      {labelAsHeading ? <h1 className="govuk-label-wrapper">{labelElement}</h1> : labelElement}
      <FieldMessages id={id} hint={hint} error={error} />
      {/* After the spread: a form library's own aria-describedby names only the error, and would drop the hint. */}
      <input id={id} name={name} className={inputClass} {...input} aria-describedby={described} aria-invalid={error ? true : undefined} />
    </div>
  );
}
