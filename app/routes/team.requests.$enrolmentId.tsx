import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Button } from "../components/Button";
import { ErrorSummary } from "../components/ErrorSummary";
import { SummaryList } from "../components/SummaryList";
import { decideRequest } from "../services/enrolment.server";
import { requestForManager } from "../services/requests.server";
import { formatDate } from "../utils/dates";
import { readFormData } from "../utils/form-data.server";
import { firstError, summaryItems } from "../utils/forms";
import { authorize } from "../utils/guard.server";
import { notFound, parseId } from "../utils/http.server";
import { fixedT } from "../utils/i18n.server";
import { londonToday } from "../utils/london-time";
import { pageMeta } from "../utils/meta";
import { withoutControlCharacters } from "../utils/text";

export const meta = pageMeta;

const schema = z
  .object({
    decision: z.enum(["approve", "decline"], { errorMap: () => ({ message: "requests.errors.decision" }) }),
    reason: z.string().transform(withoutControlCharacters).pipe(z.string().trim().max(500, "requests.errors.reasonTooLong")).optional(),
  })
  .refine((v) => v.decision !== "decline" || (v.reason ?? "").length > 0, { path: ["reason"], message: "requests.errors.reasonNeeded" });

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorize(request, "team.view");
  const enrolmentId = parseId(params.enrolmentId);
  const found = enrolmentId ? await requestForManager(context.viewer, enrolmentId) : undefined;
  if (!enrolmentId || !found) notFound();
  return { ...context, enrolmentId, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, locale, found } = await load(request, params);
  return {
    title: t("requests.title"),
    waiting: found.waitingForManager,
    // Once the cohort has begun a request can only be declined (decideRequest says why).
    started: found.starts_on <= londonToday(),
    request: {
      name: `${found.given_name} ${found.family_name}`,
      role: `${found.job_title}, ${found.team_name}`,
      programme: fixedT(locale, found.programme_id)("title"),
      cohort: found.cohort_name,
      dates: `${formatDate(found.starts_on, locale)} – ${formatDate(found.ends_on, locale)}`,
      asked: formatDate(found.created_at, locale),
    },
  };
}

/** Withdrawn or decided since the page was read: the reason typed comes back with why, not a 404. */
const NO_LONGER_WAITING = "requests.errors.noLongerWaiting";

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, enrolmentId, found } = await load(request, params);
  const submission = parseWithZod(await readFormData(request), { schema });
  if (!found.waitingForManager) return data(submission.reply({ formErrors: [NO_LONGER_WAITING] }), { status: 409 });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await decideRequest(enrolmentId, submission.value.decision === "approve", submission.value.reason || null, actor);
  // Begun since the page was read (or the approval was sent anyway): said by the decision, reason kept.
  if (!result.ok && result.error === "enrolment.errors.started") return data(submission.reply({ fieldErrors: { decision: [result.error] } }), { status: 409 });
  if (!result.ok) return data(submission.reply({ formErrors: [NO_LONGER_WAITING] }), { status: 409 });
  throw redirect(`/team?decided=${result.status}`);
}

export default function DecideRequest() {
  const { t } = useTranslation();
  const { request, waiting, started } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
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
          <p className="govuk-body">{t("requests.noLongerWaiting")}</p>
        ) : (
          <Form method="post" {...getFormProps(form)} noValidate>
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
