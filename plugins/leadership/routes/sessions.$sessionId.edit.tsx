import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { FieldMessages } from "../../../app/components/FieldMessages";
import { Field } from "../../../app/components/Field";
import { updateSession } from "../../../app/services/cohorts.server";
import { sessionSchema } from "../../../app/utils/cohort-form";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { londonToUtc, utcToLondon } from "../../../app/utils/london-time";
import { pageMeta } from "../../../app/utils/meta";
import { PLUGIN_ID } from "../programme";
import { sessionGuard } from "../server/guards.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const guard = (request: Request, params: LoaderFunctionArgs["params"]) => sessionGuard(request, params);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, t } = await guard(request, params);
  const start = utcToLondon(session.starts_at);
  return {
    title: t("sessionForm.title"),
    cohort: { id: session.cohort_id, name: session.cohort_name },
    current: {
      title: session.title,
      date: start.date,
      time: start.time,
      durationMinutes: String(Math.round((Date.parse(session.ends_at) - Date.parse(session.starts_at)) / 60_000)),
      location: session.location ?? "",
      status: session.status,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { session, actor } = await guard(request, params);
  const submission = parseWithZod(await readFormData(request), { schema: sessionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  const startsAt = londonToUtc(v.date, v.time);
  await updateSession(session.id, { title: v.title, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + v.durationMinutes * 60_000).toISOString(), location: v.location || null, status: v.status }, actor);
  throw redirect(`/programmes/${PLUGIN_ID}/cohorts/${session.cohort_id}?session=${v.status === "cancelled" ? "cancelled" : "updated"}`);
}

export default function EditSession() {
  const { t } = useTranslation(PLUGIN_ID);
  const { cohort, current } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof sessionSchema>>({ id: "session", lastResult, defaultValue: current });
  const order = [fields.title, fields.date, fields.time, fields.durationMinutes, fields.location];
  // The status is two radios: its error links to the first of them.
  const statusError = firstError(t, fields.status);
  const errors = summaryItems(t, [...order, { id: `${fields.status.id}-scheduled`, errors: fields.status.errors }], form.errors);
  const input = (field: (typeof order)[number], type: "text" | "date" | "time" | "number", extra: Record<string, string> = {}) => (
    <Field {...getInputProps(field, { type })} key={field.key} id={field.id} name={field.name} label={t(`sessionForm.fields.${field.name}`)} error={firstError(t, field)} {...extra} />
  );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <span className="govuk-caption-l">{cohort.name}</span>
        <h1 className="govuk-heading-l">{t("sessionForm.title")}</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          {input(fields.title, "text")}
          {input(fields.date, "date")}
          {input(fields.time, "time", { className: "govuk-input--width-5" })}
          {input(fields.durationMinutes, "number", { className: "govuk-input--width-4", inputMode: "numeric" })}
          {input(fields.location, "text")}
          <div className={`govuk-form-group${statusError ? " govuk-form-group--error" : ""}`}>
            <fieldset className="govuk-fieldset" aria-describedby={statusError ? `${fields.status.id}-error` : undefined}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{t("sessionForm.status")}</legend>
              <FieldMessages id={fields.status.id} error={statusError} />
              <div className="govuk-radios govuk-radios--inline">
                {(["scheduled", "cancelled"] as const).map((value) => (
                  <div className="govuk-radios__item" key={value}>
                    <input className="govuk-radios__input" id={`${fields.status.id}-${value}`} name={fields.status.name} type="radio" value={value} defaultChecked={(fields.status.initialValue ?? "scheduled") === value} />
                    <label className="govuk-label govuk-radios__label" htmlFor={`${fields.status.id}-${value}`}>{t(`sessionForm.statuses.${value}`)}</label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <Button>{t("sessionForm.submit")}</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/cohorts/${cohort.id}`}>{t("register.back")}</Link>
        </p>
      </div>
    </div>
  );
}
