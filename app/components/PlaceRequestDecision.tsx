// The page for deciding a place request, for its manager on /team and for L&D on /admin alike.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { firstError, summaryItems } from "../utils/forms";
import { Button } from "./Button";
import { ErrorSummary } from "./ErrorSummary";
import { SummaryList } from "./SummaryList";

export interface PlaceRequestDecisionProps {
  request: { name: string; role: string; programme: string; cohort: string; dates: string; asked: string };
  /** Which request this page shows, sent back with the decision so it never lands on one asked since. */
  askedAt: string;
  waiting: boolean;
  started: boolean;
  /** Said instead of the form when the request does not wait for this reader. */
  notWaiting: string;
  /** Said above the form: why this reader decides it, where that needs saying. */
  why?: string | null;
  /** Said beside the decline once the cohort has begun: why approval is not offered, and what this reader can do instead. */
  startedWhy: string;
  lastResult: SubmissionResult<string[]> | undefined;
}

export function PlaceRequestDecision({ request, askedAt, waiting, started, notWaiting, why, startedWhy, lastResult }: PlaceRequestDecisionProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm({ id: "decide", lastResult });
  const errors = summaryItems(t, [fields.decision, fields.reason], form.errors);
  const decisionError = firstError(t, fields.decision);
  const reasonError = firstError(t, fields.reason);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{t("requests.title")}</h1>
        <SummaryList
          rows={[
            { key: "name", label: t("person.name"), value: request.name },
            { key: "role", label: t("person.role"), value: request.role },
            { key: "programme", label: t("requests.programme"), value: request.programme },
            { key: "cohort", label: t("requests.cohort"), value: `${request.cohort} (${request.dates})` },
            { key: "asked", label: t("requests.asked"), value: request.asked },
          ]}
        />
        {!waiting && !lastResult ? (
          <p className="govuk-body">{notWaiting}</p>
        ) : (
          <Form method="post" {...getFormProps(form)} noValidate>
            {/* From the page's data, not what was sent: after a 409 the page is read again, showing the request as it is now. */}
            <input type="hidden" name={fields.askedAt.name} value={askedAt} />
            {why ? <div className="govuk-inset-text">{why}</div> : null}
            {started ? (
              <DeclineOnly id={fields.decision.id} name={fields.decision.name} error={decisionError} why={startedWhy} />
            ) : (
              <ApproveOrDecline id={fields.decision.id} name={fields.decision.name} error={decisionError} initialValue={fields.decision.initialValue} />
            )}
            <div className={`govuk-form-group${reasonError ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label govuk-label--s" htmlFor={fields.reason.id}>{t(started ? "requests.declineOnly.reason" : "requests.reason")}</label>
              <div id={`${fields.reason.id}-hint`} className="govuk-hint">{t(started ? "requests.declineOnly.reasonHint" : "requests.reasonHint")}</div>
              {reasonError ? (
                <p id={`${fields.reason.id}-error`} className="govuk-error-message">
                  <span className="govuk-visually-hidden">{t("forms.errorPrefix")}</span> {reasonError}
                </p>
              ) : null}
              <textarea className={`govuk-textarea${reasonError ? " govuk-textarea--error" : ""}`} id={fields.reason.id} name={fields.reason.name} rows={3} defaultValue={typeof fields.reason.initialValue === "string" ? fields.reason.initialValue : undefined} aria-describedby={`${fields.reason.id}-hint${reasonError ? ` ${fields.reason.id}-error` : ""}`} />
            </div>
            <Button>{t(started ? "requests.declineOnly.submit" : "requests.submit")}</Button>
          </Form>
        )}
      </div>
    </div>
  );
}

interface DecisionFieldProps {
  id: string;
  name: string;
  error: string | undefined;
}

function DecisionError({ id, error }: { id: string; error: string | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">{t("forms.errorPrefix")}</span> {error}
    </p>
  );
}

/** The choice while an approval can still be made. */
function ApproveOrDecline({ id, name, error, initialValue }: DecisionFieldProps & { initialValue: unknown }) {
  const { t } = useTranslation();
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={error ? `${id}-error` : undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{t("requests.decision")}</legend>
        <DecisionError id={id} error={error} />
        <div className="govuk-radios" data-module="govuk-radios">
          {(["approve", "decline"] as const).map((value, index) => (
            <div className="govuk-radios__item" key={value}>
              <input className="govuk-radios__input" id={index === 0 ? id : `${id}-${value}`} name={name} type="radio" value={value} defaultChecked={initialValue === value} />
              <label className="govuk-label govuk-radios__label" htmlFor={index === 0 ? id : `${id}-${value}`}>
                {t(`requests.${value}`)}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/**
 * Once the cohort has begun an approval is always refused (decideRequest says why), so it is not offered:
 * the form declines, and says why. An approval sent from a page drawn before the start is refused by this
 * field, so the error summary's link lands here.
 */
function DeclineOnly({ id, name, error, why }: DecisionFieldProps & { why: string }) {
  return (
    <div id={id} tabIndex={-1} className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <input type="hidden" name={name} value="decline" />
      <DecisionError id={id} error={error} />
      <div className="govuk-inset-text">{why}</div>
    </div>
  );
}
