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
import { Pagination } from "../../../app/components/Pagination";
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
import { askedPage } from "../../../app/utils/paging.server";
import { guidedEntrySchema } from "../guided-learning-form";
import { PLUGIN_ID } from "../programme";
import { leadershipSettings } from "../server/settings.server";
import { hours, hoursCount } from "../server/report-format.server";
import { guidedHoursText, taughtHoursText } from "../wording";
import { currentPlace, entriesOf, guidedMinutes, logEntry, pageOfEntry, taughtMinutes } from "../server/guided-learning.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  // The page's title in the programme's words: the request's own translator reads the core's namespace.
  const t = fixedT(locale, PLUGIN_ID);
  const place = await currentPlace(viewer.personId);
  if (!place) return { title: t("learning.title"), place: null };
  const search = new URL(request.url).searchParams;
  // The log is the page's one paged list: `?page` pages through it.
  const [log, guided, taught, settings] = await Promise.all([entriesOf(place.id, askedPage(search)), guidedMinutes([place.id]), taughtMinutes([place.id]), leadershipSettings()]);
  const totals = guided.get(place.id)!;
  return {
    title: t("learning.title"),
    saved: search.has("saved"),
    // Once completed the log is closed: its hours are shown, and no form is offered.
    place: { cohort: place.cohort_name, completed: place.status === "completed" },
    totals: { taught: hours(taught.get(place.id) ?? 0, locale), taughtCount: hoursCount(taught.get(place.id) ?? 0), confirmed: hours(totals.confirmed, locale), waiting: hours(totals.waiting, locale), target: settings.guidedHoursTarget },
    entries: log.entries.map((e) => ({ id: e.id, date: formatDate(e.occurred_on, locale), activity: e.activity, hours: hours(e.minutes, locale), confirmed: e.confirmed_at !== null })),
    entriesPage: { total: log.total, page: log.page, pageCount: log.pageCount, from: log.from, to: log.to },
    formToken: newFormToken(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, actor, locale } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const place = await currentPlace(viewer.personId);
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: guidedEntrySchema });
  if (!place) return data(submission.reply({ formErrors: ["learning.noPlace"] }), { status: 400 });
  if (place.status === "completed") return data(submission.reply({ formErrors: ["learning.errors.completed"] }), { status: 400 });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  const logged = await logEntry(place, viewer.personId, { occurredOn: v.occurredOn, activity: v.activity, minutes: Math.round(v.hours * 60), reflection: v.reflection || null }, actor, formTokenOf(form));
  if (!logged.ok && logged.error === "learning.errors.beforeStart") {
    // The key alone has no day: the words, with the day, come from here, and the page shows them.
    const detail = fixedT(locale, PLUGIN_ID)(logged.error, { date: formatDate(logged.startsOn, locale) });
    return data({ ...submission.reply({ fieldErrors: { occurredOn: [logged.error] } }), detail }, { status: 400 });
  }
  // Withdrawn or completed since the page was read: nothing is stored, and the page says why.
  if (!logged.ok) return data(submission.reply({ formErrors: [logged.error] }), { status: 400 });
  // The same form sent again (a second click, a resend) finds its entry logged, and says so as the first did.
  const page = logged.id === null ? 1 : await pageOfEntry(place.id, { id: logged.id, occurredOn: v.occurredOn });
  // Redirected, so refreshing the page that says it is saved does not send the form again; to the page of
  // the log that shows the entry.
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}/learning?saved=1${page > 1 ? `&page=${page}` : ""}` } });
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
  // A refusal naming a day comes worded from the action, which knows the day: the key alone has no date.
  const detail = lastResult && "detail" in lastResult ? lastResult.detail : undefined;
  const dateError = fields.occurredOn.errors?.length ? (detail ?? firstError(t, fields.occurredOn)) : undefined;
  const errors = summaryItems(t, [fields.occurredOn, fields.activity, fields.hours, fields.reflection], form.errors).map((item) => (item.fieldId === fields.occurredOn.id && dateError ? { ...item, message: dateError } : item));
  const location = useLocation();
  const saved = "saved" in page && page.saved && !lastResult;
  if (!page.place) {
    return (
      <>
        {/* A place withdrawn as an entry was sent: the page has no form now, so the refusal is said here. */}
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{t("learning.title")}</h1>
        <p className="govuk-body">{t("learning.noPlace")}</p>
      </>
    );
  }
  const { place, totals, entries, entriesPage, formToken } = page as Extract<typeof page, { totals: unknown }>;
  const paged = entriesPage.pageCount > 1;
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
              <Field {...getInputProps(fields.occurredOn, { type: "date" })} key={fields.occurredOn.key} id={fields.occurredOn.id} name={fields.occurredOn.name} label={t("learning.date")} error={dateError} />
              <Field {...getInputProps(fields.activity, { type: "text" })} key={fields.activity.key} id={fields.activity.id} name={fields.activity.name} label={t("learning.activity")} hint={t("learning.activityHint")} error={firstError(t, fields.activity)} />
              <Field {...getInputProps(fields.hours, { type: "text" })} key={fields.hours.key} id={fields.hours.id} name={fields.hours.name} label={t("learning.hours")} hint={t("learning.hoursHint")} inputMode="decimal" className="govuk-input--width-4" error={firstError(t, fields.hours)} />
              <Field {...getInputProps(fields.reflection, { type: "text" })} key={fields.reflection.key} id={fields.reflection.id} name={fields.reflection.name} label={t("learning.reflection")} error={firstError(t, fields.reflection)} />
              <Button>{t("learning.submit")}</Button>
            </Form>
          </>
        )}
        {paged ? <p className="govuk-body">{t("learning.showing", { from: entriesPage.from, to: entriesPage.to, total: entriesPage.total })}</p> : null}
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
        {paged ? <Pagination page={entriesPage.page} pageCount={entriesPage.pageCount} search={location.search} of={t("learning.caption")} /> : null}
      </div>
    </div>
  );
}
