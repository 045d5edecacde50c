import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** The ids a control's hint and error carry, and the aria-describedby that names them. */
export function describedBy(id: string, hint: ReactNode, error: string | undefined) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return { hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(" ") || undefined };
}

/** A form control's hint and error message, in the reader's language, between its label and itself. */
export function FieldMessages({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  const { t } = useTranslation();
  const { hintId, errorId } = describedBy(id, hint, error);
  return (
    <>
      {hint ? (
        <div id={hintId} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="govuk-error-message">
          <span className="govuk-visually-hidden">{t("common:forms.errorPrefix")}</span> {error}
        </p>
      ) : null}
    </>
  );
}
