import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { FormToken } from "../../../app/components/FormToken";
import { Radios } from "../../../app/components/Radios";
import { Select } from "../../../app/components/Select";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { parseId } from "../../../app/utils/http.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { errorItems, fieldError } from "../form-errors";
import { check, formValues, sessionCohortSchema, type FieldErrors, type SessionCohortValue } from "../forms";
import { BriefingSearch, SomeBriefingsListed } from "../components/BriefingChoices";
import { BASE, COHORT_KINDS, PLUGIN_ID } from "../programme";
import { briefingSearchOf, offeredBriefings } from "../server/briefings/briefings.server";
import { guard } from "../server/briefings/guards.server";
import { createSessionCohort } from "../server/briefings/sessions.server";
import { sessionCohortById } from "../server/briefings/session-lists.server";
import { pdDb } from "../server/db.server";
import { madeBefore, onceForForm } from "../server/form-token.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** What a new cohort's form starts with. Only on the first view: a rejected form shows what was submitted. */
const FIRST_VIEW = { kind: "briefing", time: "09:30", durationMinutes: "180", days: "1", capacity: "20" };

const ORDER = ["kind", "briefing", "name", "firstDate", "time", "durationMinutes", "days", "capacity", "venue", "form"];

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await guard(request, "cohorts.manage");
  // The briefing a link names (`?briefing=`, from its page) is offered and chosen wherever it falls; the
  // others are the first of the session briefings by title, or of those a search (`?find=`) finds.
  const chosen = parseId(new URL(request.url).searchParams.get("briefing"));
  const find = briefingSearchOf(request);
  const offered = await offeredBriefings({ delivery: "session", search: find, include: chosen ? [chosen] : [] });
  return {
    title: fixedT(locale, PLUGIN_ID)("sessions.newTitle"),
    briefings: offered.rows,
    listed: offered.listed,
    total: offered.total,
    find,
    chosen: chosen !== undefined && offered.rows.some((b) => b.id === chosen) ? String(chosen) : "",
    // The form's one-time token: the same form sent twice (a double click, a resend) creates one cohort.
    formToken: newFormToken(),
  };
}

/** The list that shows a new cohort: its briefing's page for a briefing's sessions, the Signs of Safety page for a stage. */
const listOf = (value: SessionCohortValue) => (value.kind === "briefing" ? `${BASE}/briefings/${value.briefing}` : `${BASE}/briefings/signs-of-safety`);

/** Where a created cohort's form lands: on the cohort. */
const landingOf = (id: number) => `${BASE}/briefings/sessions/${id}?saved=1`;

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await guard(request, "cohorts.manage");
  const form = await readFormData(request);
  const values = formValues(form, []);
  // A refused form, shown again, keeps the token it was drawn with: nothing was saved, so it is still unclaimed.
  const formToken = formTokenOf(form);
  const result = check(sessionCohortSchema, values);
  if (!result.ok) return data({ errors: result.errors as FieldErrors, values, formToken }, { status: 400 });
  // Created in the transaction that claims the form's token, so the same form sent twice creates one cohort.
  const saved = await onceForForm(pdDb(), formToken, (trx) => createSessionCohort(result.value, actor, trx));
  if (saved === null) {
    // Sent again, the form created no cohort of its own: it lands on the one its first send created, or on
    // the list that shows it when that send kept no id or the cohort is gone.
    const made = await madeBefore(formToken, async (id) => (await sessionCohortById(id)) !== undefined);
    throw redirect(made === null ? listOf(result.value) : landingOf(made));
  }
  if (!saved.ok) return data({ errors: { [saved.field]: saved.error } as FieldErrors, values, formToken }, { status: 400 });
  throw redirect(landingOf(saved.id));
}

export default function NewSessionCohort() {
  const { t } = useTranslation(PLUGIN_ID);
  const { briefings, listed, total, find, chosen, formToken } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const v = (failed?.values ?? { ...FIRST_VIEW, briefing: chosen }) as Record<string, string | undefined>;
  const e = fieldError(t, failed?.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errorItems(t, failed?.errors, ORDER)} />
        <h1 className="govuk-heading-l">{t("sessions.newTitle")}</h1>
        <BriefingSearch listed={listed} total={total} find={find} chosen={chosen} what="sessionBriefings" />
        <Form method="post" id="session-cohort" noValidate>
          <FormToken value={failed?.formToken ?? formToken} />
          <Radios id="kind" name="kind" legend={t("sessions.kind")} defaultValue={v.kind} error={e("kind")} options={COHORT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          <Select id="briefing" name="briefing" label={t("sessions.briefing")} emptyLabel={t("rollout.chooseBriefing")} error={e("briefing")} defaultValue={v.briefing ?? ""} options={briefings.map((b) => ({ value: String(b.id), label: b.title }))} />
          <SomeBriefingsListed listed={listed} total={total} find={find} what="sessionBriefings" />
          <Field id="name" name="name" label={t("sessions.name")} defaultValue={v.name} error={e("name")} />
          <Field id="firstDate" name="firstDate" type="date" label={t("sessions.firstDate")} className="govuk-input--width-10" defaultValue={v.firstDate} error={e("firstDate")} />
          <Field id="time" name="time" type="time" label={t("sessions.time")} className="govuk-input--width-5" defaultValue={v.time} error={e("time")} />
          <Field id="durationMinutes" name="durationMinutes" inputMode="numeric" label={t("sessions.durationMinutes")} className="govuk-input--width-4" defaultValue={v.durationMinutes} error={e("durationMinutes")} />
          <Field id="days" name="days" inputMode="numeric" label={t("sessions.days")} hint={t("sessions.daysHint")} className="govuk-input--width-3" defaultValue={v.days} error={e("days")} />
          <Field id="capacity" name="capacity" inputMode="numeric" label={t("sessions.capacity")} className="govuk-input--width-4" defaultValue={v.capacity} error={e("capacity")} />
          <Field id="venue" name="venue" label={t("sessions.venue")} defaultValue={v.venue} error={e("venue")} />
          <Button>{t("sessions.create")}</Button>
        </Form>
      </div>
    </div>
  );
}
