import { useEffect, useRef } from "react";

export interface ErrorItem {
  /** The id of the field the error belongs to, so the link moves focus to it. */
  fieldId?: string;
  message: string;
}

/** The list of everything wrong with a submission, at the top of the page; focus moves to it. */
export function ErrorSummary({ title, errors }: { title: string; errors: ErrorItem[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div ref={ref} className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((error, index) => (
              <li key={`${error.fieldId ?? "form"}-${index}`}>{error.fieldId ? <a href={`#${error.fieldId}`}>{error.message}</a> : error.message}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
