import type { ReactNode, TextareaHTMLAttributes } from "react";

interface TextareaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name"> {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
}

/** A multi-line answer with its label, hint and error, wired together for assistive technology. */
export function Textarea({ id, name, label, hint, error, rows = 5, ...textarea }: TextareaProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={hintId} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <textarea id={id} name={name} rows={rows} className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`} aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined} {...textarea} />
    </div>
  );
}
