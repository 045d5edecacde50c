import type { ReactNode, TextareaHTMLAttributes } from "react";
import { describedBy, FieldMessages } from "./FieldMessages";

interface TextareaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name"> {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
}

/** A multi-line answer with its label, hint and error, wired together for assistive technology. */
export function Textarea({ id, name, label, hint, error, rows = 5, ...textarea }: TextareaProps) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      <FieldMessages id={id} hint={hint} error={error} />
      {/* After the spread: a form library's own aria-describedby names only the error, and would drop the hint. */}
      <textarea id={id} name={name} rows={rows} className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`} {...textarea} aria-describedby={describedBy(id, hint, error).describedBy} aria-invalid={error ? true : undefined} />
    </div>
  );
}
