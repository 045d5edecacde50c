import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { Radios } from "../../../app/components/Radios";
import { Select } from "../../../app/components/Select";
import { createCohort } from "../../../app/services/cohorts.server";
import { CADENCES, cohortSchema, type CohortFormValue } from "../../../app/utils/cohort-form";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { COHORT_FIELD_ORDER } from "../cohort-form";
import { PLUGIN_ID } from "../programme";
import { leadershipSettings } from "../server/settings.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  return { title: fixedT(locale, PLUGIN_ID)("cohortForm.title"), topicCount: (await leadershipSettings()).topics.length };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const submission = parseWithZod(await readFormData(request), { schema: cohortSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v: CohortFormValue = submission.value;
  const { topics } = await leadershipSettings();
  // Each taught session is one of the programme's topics: a session past the last topic would be titled
  // "Session 17" in English only, a session the ILM-endorsed programme does not have.
  if (v.sessionCount > topics.length) return data(submission.reply({ fieldErrors: { sessionCount: ["cohortForm.errors.moreSessionsThanTopics"] } }), { status: 400 });
  const id = await createCohort(
    {
      programmeId: PLUGIN_ID,
      name: v.name,
      startsOn: v.startsOn,
      endsOn: v.endsOn,
      capacity: v.capacity,
      enrolmentOpensOn: v.enrolmentOpensOn ?? null,
      enrolmentClosesOn: v.enrolmentClosesOn ?? null,
      venue: v.venue ?? null,
      onlineUrl: v.onlineUrl ?? null,
      requiresManagerApproval: v.requiresManagerApproval === "yes",
    },
    { firstDate: v.firstSession, cadence: v.cadence, count: v.sessionCount, time: v.sessionTime, durationMinutes: v.durationMinutes, titles: topics, location: v.venue ?? null },
    actor,
  );
  throw redirect(`/programmes/${PLUGIN_ID}/cohorts/${id}?created=1`);
}

export default function NewCohort() {
  const { t } = useTranslation(PLUGIN_ID);
  const { topicCount } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof cohortSchema>>({ id: "cohort", lastResult, defaultValue: { sessionCount: String(topicCount), cadence: "fortnightly", sessionTime: "09:30", durationMinutes: "210", requiresManagerApproval: "yes" } });
  const order = COHORT_FIELD_ORDER.map((name) => fields[name]);
  const errors = summaryItems(t, order, form.errors);
  const text = (field: (typeof order)[number], type: "text" | "date" | "number" | "time" | "url", extra: Record<string, string | number> = {}) => (
    <Field {...getInputProps(field, { type })} key={field.key} id={field.id} name={field.name} label={t(`cohortForm.${field.name}`)} hint={t(`cohortForm.hints.${field.name}`, { defaultValue: "" }) || undefined} error={firstError(t, field)} {...extra} />
  );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{t("cohortForm.title")}</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <h2 className="govuk-heading-m">{t("cohortForm.cohortHeading")}</h2>
          {text(fields.name, "text")}
          {text(fields.startsOn, "date")}
          {text(fields.endsOn, "date")}
          {text(fields.capacity, "number", { className: "govuk-input--width-4", inputMode: "numeric" })}
          {text(fields.enrolmentOpensOn, "date")}
          {text(fields.enrolmentClosesOn, "date")}
          {text(fields.venue, "text")}
          {text(fields.onlineUrl, "url")}
          <Radios id={fields.requiresManagerApproval.id} name={fields.requiresManagerApproval.name} legend={t("cohortForm.requiresManagerApproval")} inline options={(["yes", "no"] as const).map((value) => ({ value, label: t(`cohortForm.${value}`) }))} defaultValue={fields.requiresManagerApproval.initialValue as string | undefined} error={firstError(t, fields.requiresManagerApproval)} />
          <h2 className="govuk-heading-m">{t("cohortForm.sessionsHeading")}</h2>
          <p className="govuk-body">{t("cohortForm.sessionsIntro")}</p>
          {text(fields.firstSession, "date")}
          <Select id={fields.cadence.id} name={fields.cadence.name} label={t("cohortForm.cadence")} options={CADENCES.map((c) => ({ value: c, label: t(`cohortForm.cadences.${c}`) }))} defaultValue={String(fields.cadence.initialValue ?? "fortnightly")} error={firstError(t, fields.cadence)} />
          {text(fields.sessionCount, "number", { className: "govuk-input--width-4", inputMode: "numeric", hint: t("cohortForm.hints.sessionCountUpTo", { most: topicCount }) })}
          {text(fields.sessionTime, "time", { className: "govuk-input--width-5" })}
          {text(fields.durationMinutes, "number", { className: "govuk-input--width-4", inputMode: "numeric" })}
          <Button>{t("cohortForm.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}
