import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { FormToken } from "../../../app/components/FormToken";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { guidedEntrySchema } from "../guided-learning-form";
import { PLUGIN_ID } from "../programme";
import { leadershipSettings } from "../server/settings.server";
import { hours, hoursCount } from "../server/report-format.server";
import { guidedHoursText, taughtHoursText } from "../wording";
import { currentPlace, entriesOf, guidedMinutes, logEntry, taughtMinutes } from "../server/guided-learning.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  // The page's title in the programme's words: the request's own translator reads the core's namespace.
  const t = fixedT(locale, PLUGIN_ID);
  const place = await currentPlace(viewer.personId);
  if (!place) return { title: t("learning.title"), place: null };
  const [entries, guided, taught, settings] = await Promise.all([entriesOf(place.id), guidedMinutes([place.id]), taughtMinutes([place.id]), leadershipSettings()]);
  const totals = guided.get(place.id)!;
  return {
    title: t("learning.title"),
    saved: new URL(request.url).searchParams.has("saved"),
    // Once completed the log is closed: its hours are shown, and no form is offered.
    place: { cohort: place.cohort_name, completed: place.status === "completed" },
    totals: { taught: hours(taught.get(place.id) ?? 0, locale), taughtCount: hoursCount(taught.get(place.id) ?? 0), confirmed: hours(totals.confirmed, locale), waiting: hours(totals.waiting, locale), target: settings.guidedHoursTarget },
    entries: entries.map((e) => ({ id: e.id, date: formatDate(e.occurred_on, locale), activity: e.activity, hours: hours(e.minutes, locale), confirmed: e.confirmed_at !== null })),
    formToken: newFormToken(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, actor } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const place = await currentPlace(viewer.personId);
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: guidedEntrySchema });
  if (!place) return data(submission.reply({ formErrors: ["learning.noPlace"] }), { status: 400 });
  if (place.status === "completed") return data(submission.reply({ formErrors: ["learning.errors.completed"] }), { status: 400 });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  // The same form sent again (a second click, a resend) finds its entry logged, and says so as the first did.
  await logEntry(place.id, viewer.personId, { occurredOn: v.occurredOn, activity: v.activity, minutes: Math.round(v.hours * 60), reflection: v.reflection || null }, actor, formTokenOf(form));
  // Redirected, so refreshing the page that says it is saved does not send the form again.
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}/learning?saved=1` } });
}

/** Drawn afresh after each visit or save, so the form is empty once an entry is logged. */
export default function GuidedLearning() {
  return <GuidedLearningPage key={useLocation().key} />;
}

function GuidedLearningPage() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof guidedEntrySchema>>({ id: "learning", lastResult });
  const errors = summaryItems(t, [fields.occurredOn, fields.activity, fields.hours, fields.reflection], form.errors);
  const saved = "saved" in page && page.saved && !lastResult;
  if (!page.place) {
    return (
      <>
        <h1 className="govuk-heading-l">{t("learning.title")}</h1>
        <p className="govuk-body">{t("learning.noPlace")}</p>
      </>
    );
  }
  const { place, totals, entries, formToken } = page as Extract<typeof page, { totals: unknown }>;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        {saved ? (
          <NotificationBanner title={t("home.outcome.title")} success>
            <p className="govuk-notification-banner__heading">{t("learning.saved")}</p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">{place.cohort}</span>
        <h1 className="govuk-heading-l">{t("learning.title")}</h1>
        <SummaryList
          rows={[
            { key: "taught", label: t("learning.taught"), value: taughtHoursText(t, totals) },
            { key: "guided", label: t("learning.guided"), value: guidedHoursText(t, totals) },
          ]}
        />
        {place.completed ? (
          <p className="govuk-body">{t("learning.completed", { cohort: place.cohort })}</p>
        ) : (
          <>
            <h2 className="govuk-heading-m">{t("learning.addHeading")}</h2>
            <Form method="post" {...getFormProps(form)} noValidate>
              <FormToken value={formToken} />
              <Field {...getInputProps(fields.occurredOn, { type: "date" })} key={fields.occurredOn.key} id={fields.occurredOn.id} name={fields.occurredOn.name} label={t("learning.date")} error={firstError(t, fields.occurredOn)} />
              <Field {...getInputProps(fields.activity, { type: "text" })} key={fields.activity.key} id={fields.activity.id} name={fields.activity.name} label={t("learning.activity")} hint={t("learning.activityHint")} error={firstError(t, fields.activity)} />
              <Field {...getInputProps(fields.hours, { type: "text" })} key={fields.hours.key} id={fields.hours.id} name={fields.hours.name} label={t("learning.hours")} hint={t("learning.hoursHint")} inputMode="decimal" className="govuk-input--width-4" error={firstError(t, fields.hours)} />
              <Field {...getInputProps(fields.reflection, { type: "text" })} key={fields.reflection.key} id={fields.reflection.id} name={fields.reflection.name} label={t("learning.reflection")} error={firstError(t, fields.reflection)} />
              <Button>{t("learning.submit")}</Button>
            </Form>
          </>
        )}
        {entries.length > 0 ? (
          <Table
            caption={t("learning.caption")}
            rows={entries}
            rowKey={(e) => e.id}
            columns={[
              { key: "date", header: t("learning.date"), cell: (e) => e.date },
              { key: "activity", header: t("learning.activity"), cell: (e) => e.activity },
              { key: "hours", header: t("learning.hours"), numeric: true, cell: (e) => e.hours },
              { key: "status", header: t("home.status"), cell: (e) => (e.confirmed ? <Tag colour="green">{t("learning.confirmed")}</Tag> : <Tag colour="grey">{t("learning.waiting")}</Tag>) },
            ]}
          />
        ) : null}
      </div>
    </div>
  );
}
