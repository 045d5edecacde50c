import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CpdEntryForm, cpdFieldOrder, type CpdEntryFields } from "../components/CpdEntryForm";
import { CpdEntryList } from "../components/CpdEntryList";
import { CpdStatusSummary } from "../components/CpdStatusSummary";
import { ErrorSummary } from "../components/ErrorSummary";
import { FormToken } from "../components/FormToken";
import { SuccessBanner } from "../components/NotificationBanner";
import { Pagination } from "../components/Pagination";
import { Tag } from "../components/Tag";
import { addOwnCpdEntry, cpdEntriesPage, cpdEntrySchema, cpdYearsOf } from "../services/cpd.server";
import { cpdStandingOf, cpdStatusOf, parseRegistrationYear, registrationYearOf } from "../services/cpd-standing.server";
import { londonToday } from "../utils/london-time";
import { cpdEntryView, cpdStatusView, lastYearBehind, yearName } from "../services/cpd-view.server";
import { formTokenOf, newFormToken } from "../services/submitted-forms.server";
import { readFormData } from "../utils/form-data.server";
import { summaryItems } from "../utils/forms";
import { authorize } from "../utils/guard.server";
import { pageMeta } from "../utils/meta";
import { askedPage } from "../utils/paging.server";

export const meta = pageMeta;

const SAVED = ["added", "changed", "deleted", "reflected"];

/**
 * The signed-in person's CPD record: where they stand this registration year (or an earlier one they
 * pick), that year's entries a page at a time, and the form to add one.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "me.view");
  const now = new Date();
  const url = new URL(request.url);
  const current = registrationYearOf(londonToday(now));
  // An unknown or malformed year shows the current one rather than failing.
  const year = parseRegistrationYear(url.searchParams.get("year"), now) ?? current;
  const [status, entries, years, standing] = await Promise.all([
    cpdStatusOf(viewer.personId, now, year),
    cpdEntriesPage(viewer.personId, year, askedPage(url.searchParams)),
    cpdYearsOf(viewer.personId, now),
    year.id === current.id ? cpdStandingOf(viewer.personId, now) : undefined,
  ]);
  const saved = url.searchParams.get("saved");
  return {
    title: t("cpd.title"),
    today: londonToday(now),
    status: cpdStatusView(status, locale),
    lastYearBehind: lastYearBehind(standing, locale),
    entries: entries.rows.map((row) => cpdEntryView(row, locale)),
    total: entries.total,
    page: entries.page,
    pageCount: entries.pageCount,
    years: years.map((y) => ({ id: y.id, name: yearName(y, locale), shown: y.id === year.id })),
    saved: saved && SAVED.includes(saved) ? saved : null,
    formToken: newFormToken(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, actor } = await authorize(request, "me.view");
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: cpdEntrySchema(londonToday(new Date())) });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  // The same form sent again (a second click, a resend) finds its entry added, and says so as the first did.
  await addOwnCpdEntry(actor, viewer.personId, submission.value, formTokenOf(form));
  throw redirect(`/me/cpd?year=${registrationYearOf(submission.value.occurredOn).id}&saved=added`);
}

export default function MyCpd() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<CpdEntryFields>({ id: "cpd-entry", lastResult, shouldValidate: "onSubmit" });
  const errors = summaryItems(t, cpdFieldOrder(fields), form.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("cpd.savedTitle")} message={page.saved && t(`cpd.saved.${page.saved}`)} />
        <span className="govuk-caption-l">{t("me.caption")}</span>
        <h1 className="govuk-heading-l">{t("cpd.title")}</h1>
        <p className="govuk-body">{t("cpd.intro")}</p>
        <h2 className="govuk-heading-m">{page.status.current ? t("cpd.thisYear", { year: page.status.yearName }) : t("cpd.thatYear", { year: page.status.yearName })}</h2>
        {page.lastYearBehind ? (
          <p className="govuk-body">
            <Tag colour="red">{t("cpd.result.not_met")}</Tag> {page.lastYearBehind.reason}{" "}
            <a className="govuk-link" href={`/me/cpd?year=${page.lastYearBehind.yearId}`}>
              {t("cpd.seeYear", { year: page.lastYearBehind.yearName })}
            </a>
          </p>
        ) : null}
        <CpdStatusSummary status={page.status} />
        <CpdEntryList entries={page.entries} editable caption={t("cpd.entriesCaption", { year: page.status.yearName, total: page.total })} />
        <Pagination page={page.page} pageCount={page.pageCount} search={`?year=${page.status.yearId}`} />
        <ul className="govuk-list">
          <li>
            <a className="govuk-link" href={`/me/cpd/year/${page.status.yearId}`}>
              {t("cpd.printable", { year: page.status.yearName })}
            </a>
          </li>
          <li>
            <a className="govuk-link" href={`/me/cpd/export/${page.status.yearId}`} download>
              {t("cpd.downloadCsv", { year: page.status.yearName })}
            </a>
          </li>
        </ul>
        <h2 className="govuk-heading-m">{t("cpd.addHeading")}</h2>
        <CpdEntryForm form={form} fields={fields} today={page.today} submitLabel={t("cpd.add")}>
          <FormToken value={page.formToken} />
        </CpdEntryForm>
      </div>
      <div className="govuk-grid-column-one-third">
        <nav aria-labelledby="cpd-years-heading">
          <h2 className="govuk-heading-s" id="cpd-years-heading">
            {t("cpd.years")}
          </h2>
          <ul className="govuk-list">
            {page.years.map((y) => (
              <li key={y.id}>
                <a className="govuk-link" href={`/me/cpd?year=${y.id}`} aria-current={y.shown ? "page" : undefined}>
                  {y.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </div>
  );
}
