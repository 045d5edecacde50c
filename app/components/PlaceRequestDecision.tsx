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
  lastResult: SubmissionResult<string[]> | undefined;
}

export function PlaceRequestDecision({ request, askedAt, waiting, started, notWaiting, why, lastResult }: PlaceRequestDecisionProps) {
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
            {started ? <div className="govuk-inset-text">{t("requests.started")}</div> : null}
            <div className={`govuk-form-group${decisionError ? " govuk-form-group--error" : ""}`}>
              <fieldset className="govuk-fieldset" aria-describedby={decisionError ? `${fields.decision.id}-error` : undefined}>
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{t("requests.decision")}</legend>
                {decisionError ? (
                  <p id={`${fields.decision.id}-error`} className="govuk-error-message">
                    <span className="govuk-visually-hidden">{t("forms.errorPrefix")}</span> {decisionError}
                  </p>
                ) : null}
                <div className="govuk-radios" data-module="govuk-radios">
                  {(["approve", "decline"] as const).map((value, index) => (
                    <div className="govuk-radios__item" key={value}>
                      <input className="govuk-radios__input" id={index === 0 ? fields.decision.id : `${fields.decision.id}-${value}`} name={fields.decision.name} type="radio" value={value} defaultChecked={fields.decision.initialValue === value} />
                      <label className="govuk-label govuk-radios__label" htmlFor={index === 0 ? fields.decision.id : `${fields.decision.id}-${value}`}>
                        {t(`requests.${value}`)}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            <div className={`govuk-form-group${reasonError ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label govuk-label--s" htmlFor={fields.reason.id}>{t("requests.reason")}</label>
              <div id={`${fields.reason.id}-hint`} className="govuk-hint">{t("requests.reasonHint")}</div>
              {reasonError ? (
                <p id={`${fields.reason.id}-error`} className="govuk-error-message">
                  <span className="govuk-visually-hidden">{t("forms.errorPrefix")}</span> {reasonError}
                </p>
              ) : null}
              <textarea className={`govuk-textarea${reasonError ? " govuk-textarea--error" : ""}`} id={fields.reason.id} name={fields.reason.name} rows={3} defaultValue={typeof fields.reason.initialValue === "string" ? fields.reason.initialValue : undefined} aria-describedby={`${fields.reason.id}-hint${reasonError ? ` ${fields.reason.id}-error` : ""}`} />
            </div>
            <Button>{t("requests.submit")}</Button>
          </Form>
        )}
      </div>
    </div>
  );
}
