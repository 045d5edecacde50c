import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { FormToken } from "../../../app/components/FormToken";
import { Radios } from "../../../app/components/Radios";
import { Select } from "../../../app/components/Select";
import { createCohortOnce } from "../../../app/services/cohorts.server";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { CADENCES, cohortSchema, type CohortFormValue } from "../../../app/utils/cohort-form";
import { formatDate } from "../../../app/utils/dates";
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
  const { topics, requiredSessions } = await leadershipSettings();
  return {
    title: fixedT(locale, PLUGIN_ID)("cohortForm.title"),
    topicCount: topics.length,
    requiredSessions,
    // The form's one-time token: the same form sent twice (a double click, a resend) makes one cohort.
    formToken: newFormToken(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: cohortSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v: CohortFormValue = submission.value;
  const { topics, requiredSessions } = await leadershipSettings();
  // Each taught session is one of the programme's topics: a session past the last topic would be titled
  // "Session 17" in English only, a session the ILM-endorsed programme does not have.
  if (v.sessionCount > topics.length) return data(submission.reply({ fieldErrors: { sessionCount: ["cohortForm.errors.moreSessionsThanTopics"] } }), { status: 400 });
  // A learner completes by attending `requiredSessions`: on a cohort with fewer sessions nobody ever could.
  if (v.sessionCount < requiredSessions) return data(submission.reply({ fieldErrors: { sessionCount: ["cohortForm.errors.fewerSessionsThanRequired"] } }), { status: 400 });
  const cohort = {
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
  };
  const plan = { firstDate: v.firstSession, cadence: v.cadence, count: v.sessionCount, time: v.sessionTime, durationMinutes: v.durationMinutes, titles: topics, location: v.venue ?? null };
  // A cohort has no key of its own (two may share a name), so the form's token is claimed in the transaction
  // that makes it and keeps its id: sent again, even at the same moment, the form makes nothing more and
  // lands on the cohort its first send made (the programme's list if that cohort is gone).
  const landing = await createCohortOnce(cohort, plan, actor, formTokenOf(form));
  throw redirect(landing === null ? `/programmes/${PLUGIN_ID}` : `/programmes/${PLUGIN_ID}/cohorts/${landing}?created=1`);
}

export default function NewCohort() {
  const { t, i18n } = useTranslation(PLUGIN_ID);
  const { topicCount, requiredSessions, formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof cohortSchema>>({ id: "cohort", lastResult, defaultValue: { sessionCount: String(topicCount), cadence: "fortnightly", sessionTime: "09:30", durationMinutes: "210", requiresManagerApproval: "yes" } });
  const order = COHORT_FIELD_ORDER.map((name) => fields[name]);
  // The attendance rule's error names the number of sessions it needs, and a session outside the cohort the
  // cohort's dates as typed, beside the field and in the summary.
  const dates = { from: formatDate(fields.startsOn.value, i18n.language), to: formatDate(fields.endsOn.value, i18n.language) };
  const errorT = ((key: string) => t(key, { needed: requiredSessions, ...dates })) as unknown as TFunction;
  const errors = summaryItems(errorT, order, form.errors);
  const text = (field: (typeof order)[number], type: "text" | "date" | "number" | "time" | "url", extra: Record<string, string | number> = {}) => (
    <Field {...getInputProps(field, { type })} key={field.key} id={field.id} name={field.name} label={t(`cohortForm.${field.name}`)} hint={t(`cohortForm.hints.${field.name}`, { defaultValue: "" }) || undefined} error={firstError(errorT, field)} {...extra} />
  );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{t("cohortForm.title")}</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <FormToken value={formToken} />
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
          {text(fields.sessionCount, "number", { className: "govuk-input--width-4", inputMode: "numeric", hint: sessionCountHint(t, requiredSessions, topicCount) })}
          {text(fields.sessionTime, "time", { className: "govuk-input--width-5" })}
          {text(fields.durationMinutes, "number", { className: "govuk-input--width-4", inputMode: "numeric" })}
          <Button>{t("cohortForm.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}

/** The session counts the form takes: from the attendance rule's number to one a topic, when there are enough topics. */
function sessionCountHint(t: TFunction, least: number, most: number) {
  return least <= most ? t("cohortForm.hints.sessionCountFromTo", { least, most }) : t("cohortForm.hints.sessionCountUpTo", { most });
}
