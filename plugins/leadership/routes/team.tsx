import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { Pagination } from "../../../app/components/Pagination";
import { Select } from "../../../app/components/Select";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { readFormData } from "../../../app/utils/form-data.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { formatNumber } from "../../../app/utils/number-format";
import { withoutControlCharacters } from "../../../app/utils/text";
import { EMPLOYEE_NUMBER_MAX } from "../cohort-form";
import { PLUGIN_ID } from "../programme";
import { hours } from "../server/report-format.server";
import { bookForTeamMember, openCohorts, teamOnProgramme } from "../server/team.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale } = await authorizePlugin(request, PLUGIN_ID, "team.view");
  // The page's title in the programme's words: the request's own translator reads the core's namespace.
  const t = fixedT(locale, PLUGIN_ID);
  const requested = askedPage(new URL(request.url).searchParams);
  const [{ members, total, page, pageCount }, cohorts] = await Promise.all([teamOnProgramme(viewer, requested), openCohorts()]);
  return {
    title: t("team.title"),
    openCohorts: cohorts,
    total: formatNumber(total, locale),
    page,
    pageCount,
    members: members.map((m) => ({
      id: m.id,
      name: `${m.family_name}, ${m.given_name}`,
      cohort: m.cohort_name,
      status: m.status,
      position: m.waitlist_position,
      attended: m.progress ? `${m.progress.attended} / ${m.progress.required}` : "",
      guided: m.progress ? `${hours(m.progress.guidedMinutes, locale)} / ${m.progress.guidedTarget}` : "",
      units: m.progress ? `${m.progress.unitsPassed} / ${m.progress.unitsTotal}` : "",
      complete: m.progress?.complete ?? false,
      decideHref: decisionPage(m),
    })),
  };
}

/**
 * The core's page where the manager decides a request waiting for them: booking the person instead is
 * refused, as they already hold a request, so this is the way on.
 */
const decisionPage = (place: { id: number; status: string }) => (place.status === "requested" ? `/team/requests/${place.id}` : null);

type BookingField = "employee" | "cohort";
/** A refusal names the field it is about and carries both fields as sent, so the page shows them again. */
type Outcome = { ok: true; status: string } | { ok: false; error: string; field: BookingField; values: Record<BookingField, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, actor, locale } = await authorizePlugin(request, PLUGIN_ID, "team.view");
  const form = await readFormData(request);
  const employee = withoutControlCharacters(String(form.get("employee") ?? "")).trim();
  const values = { employee, cohort: String(form.get("cohort") ?? "") };
  const refuse = (error: string, field: BookingField) => data<Outcome>({ ok: false, error, field, values }, { status: 400 });
  const cohortId = parseId(values.cohort);
  if (!employee) return refuse("team.errors.employeeRequired", "employee");
  // Refused rather than cut short: the first 20 characters of a mistyped number could be someone else's.
  if (employee.length > EMPLOYEE_NUMBER_MAX) return refuse("cohort.errors.employeeTooLong", "employee");
  if (!cohortId) return refuse("team.errors.cohortRequired", "cohort");
  const result = await bookForTeamMember(viewer, actor, employee, cohortId, locale);
  if (!result.ok) return refuse(result.error, result.field);
  return data<Outcome>(result);
}

export default function ManagersView() {
  const { t } = useTranslation(PLUGIN_ID);
  const { members, openCohorts, total, page, pageCount } = useLoaderData<typeof loader>();
  const location = useLocation();
  const outcome = useActionData<typeof action>();
  const failed = outcome && !outcome.ok ? outcome : undefined;
  const errorFor = (field: BookingField) => (failed?.field === field ? t(failed.error) : undefined);
  // The last bookable cohort may have begun since the page was opened: with no form left, the summary
  // still says why, without a link to a field the page no longer has.
  const bookable = openCohorts.length > 0;
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={failed ? [{ fieldId: bookable ? failed.field : undefined, message: t(failed.error) }] : []} />
      {outcome?.ok ? (
        <NotificationBanner title={t("home.outcome.title")} success>
          <p className="govuk-notification-banner__heading">{t(`team.booked.${outcome.status}`)}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{t("title")}</span>
      <h1 className="govuk-heading-l">{t("team.title")}</h1>
      {members.length === 0 ? (
        <p className="govuk-body">{t("team.none")}</p>
      ) : (
        <Table
          caption={t("team.caption", { total })}
          rows={members}
          rowKey={(m) => m.id}
          columns={[
            { key: "name", header: t("common:person.name"), cell: (m) => m.name },
            {
              key: "cohort",
              header: t("home.cohort"),
              cell: (m) => (
                <>
                  {m.cohort}
                  <br />
                  <span className="govuk-body-s">{t(`status.${m.status}`, { position: m.position ?? "" })}</span>
                  {m.decideHref ? (
                    <>
                      <br />
                      <Link className="govuk-link" to={m.decideHref}>
                        {t("team.decide")}
                        <span className="govuk-visually-hidden"> {m.name}</span>
                      </Link>
                    </>
                  ) : null}
                </>
              ),
            },
            { key: "sessions", header: t("learner.sessions"), numeric: true, cell: (m) => m.attended },
            { key: "guided", header: t("learning.guided"), numeric: true, cell: (m) => m.guided },
            { key: "units", header: t("learner.units"), numeric: true, cell: (m) => m.units },
            { key: "complete", header: t("team.requirements"), cell: (m) => (m.status === "completed" ? <Tag colour="green">{t("status.completed")}</Tag> : m.attended ? (m.complete ? <Tag colour="green">{t("learner.met")}</Tag> : <Tag colour="grey">{t("learner.notYet")}</Tag>) : "") },
          ]}
        />
      )}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
      <h2 className="govuk-heading-m">{t("team.bookHeading")}</h2>
      {!bookable ? (
        <p className="govuk-body">{t("team.noOpenCohorts")}</p>
      ) : (
        <Form method="post" noValidate>
          <p className="govuk-body">{t("team.bookIntro")}</p>
          <Field id="employee" name="employee" label={t("cohort.employee")} hint={t("cohort.employeeHint")} className="govuk-input--width-10" defaultValue={failed?.values.employee} error={errorFor("employee")} />
          <Select id="cohort" label={t("home.cohort")} options={openCohorts.map((c) => ({ value: c.id, label: c.name }))} defaultValue={failed?.values.cohort} error={errorFor("cohort")} />
          <Button>{t("team.book")}</Button>
        </Form>
      )}
    </>
  );
}
