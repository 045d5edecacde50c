import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { Field } from "../../../app/components/Field";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Pagination } from "../../../app/components/Pagination";
import { Select } from "../../../app/components/Select";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { formatDate } from "../../../app/utils/dates";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { can } from "../../../app/utils/permissions.server";
import { withoutControlCharacters } from "../../../app/utils/text";
import { FORMATS, PLUGIN_ID, type CourseFormat } from "../programme";
import { coursePath, searchCourses } from "../server/catalogue.server";
import { dueStage } from "../server/evaluations.server";
import { bookingsOf } from "../server/learners.server";
import { decidedByLearningTeam, statusKey } from "../server/request-decider.server";
import { formatNumber } from "../../../app/utils/number-format";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** The catalogue, searchable and paged, with the viewer's own bookings and what they have to evaluate. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const url = new URL(request.url);
  const q = withoutControlCharacters(url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const format = (FORMATS as readonly string[]).includes(url.searchParams.get("format") ?? "") ? (url.searchParams.get("format") as CourseFormat) : undefined;
  const [catalogue, bookings] = await Promise.all([searchCourses({ q: q || undefined, format, page: askedPage(url.searchParams) }), bookingsOf(viewer.personId)]);
  const today = londonToday();
  const learningTeamDecides = bookings.some((b) => b.status === "requested") && (await decidedByLearningTeam([viewer.personId])).size > 0;
  return {
    title: t("research-in-practice:home.title"),
    q,
    format: format ?? "",
    page: catalogue.page,
    manage: can(viewer, "cohorts.manage"),
    courses: catalogue.rows.map((c) => ({ ...c, href: coursePath(c.id), hours: formatNumber(c.cpd_hours, locale) })),
    total: catalogue.total,
    pageCount: catalogue.pageCount,
    evaluated: url.searchParams.get("evaluated") === "1" ? t("research-in-practice:home.evaluated") : null,
    bookings: bookings.map((b) => ({ id: b.id, title: b.title, courseId: b.course_id, href: coursePath(b.course_id), date: formatDate(b.starts_on, locale), status: b.status, statusKey: statusKey(b.status, learningTeamDecides), position: b.waitlist_position, withdrawn: b.run_withdrawn === 1, due: dueStage(b, today) })),
  };
}

const STATUS_COLOUR = { requested: "blue", enrolled: "green", waitlisted: "yellow", completed: "grey" } as const;

export default function Catalogue() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <SuccessBanner title={t("course.doneTitle")} message={page.evaluated} />
      <h1 className="govuk-heading-l">{t("home.title")}</h1>
      <p className="govuk-body">{t("home.intro")}</p>
      {page.manage ? (
        <ul className="govuk-list">
          <li><Link className="govuk-link" to="impact">{t("impact.title")}</Link></li>
        </ul>
      ) : null}
      {page.bookings.length > 0 ? (
        <Table
          caption={t("home.bookingsCaption")}
          rows={page.bookings}
          rowKey={(b) => b.id}
          columns={[
            { key: "title", header: t("home.course"), cell: (b) => <Link className="govuk-link" to={b.href}>{b.title}</Link> },
            { key: "date", header: t("home.date"), cell: (b) => b.date },
            { key: "status", header: t("home.status"), cell: (b) => <><Tag colour={STATUS_COLOUR[b.status as keyof typeof STATUS_COLOUR]}>{t(`status.${b.statusKey}`, { position: b.position })}</Tag>{b.withdrawn ? <> <Tag colour="red">{t("home.runWithdrawn")}</Tag></> : null}</> },
            { key: "evaluation", header: t("home.evaluation"), cell: (b) => (b.due ? <Link className="govuk-link" to={`evaluations/${b.id}`}>{t(`evaluation.start.${b.due}`)}<span className="govuk-visually-hidden">: {b.title}</span></Link> : "") },
          ]}
        />
      ) : null}
      <h2 className="govuk-heading-m">{t("home.catalogue")}</h2>
      <Form method="get" className="pathways-filter">
        <Field id="q" name="q" label={t("home.search")} defaultValue={page.q} className="govuk-input--width-20" />
        <Select id="format" label={t("home.format")} emptyLabel={t("home.allFormats")} options={FORMATS.map((f) => ({ value: f, label: t(`formats.${f}`) }))} defaultValue={page.format} className="pathways-filter__item" />
        <Button variant="secondary">{t("home.searchButton")}</Button>
      </Form>
      {page.courses.length === 0 ? (
        <p className="govuk-body">{t("home.noCourses")}</p>
      ) : (
        <Table
          caption={t("home.catalogueCaption", { total: page.total, page: page.page, pages: page.pageCount })}
          rows={page.courses}
          rowKey={(c) => c.id}
          columns={[
            { key: "title", header: t("home.course"), cell: (c) => <Link className="govuk-link" to={c.href}>{c.title}</Link> },
            { key: "format", header: t("home.format"), cell: (c) => t(`formats.${c.format}`) },
            { key: "hours", header: t("home.hours"), numeric: true, cell: (c) => c.hours },
          ]}
        />
      )}
      <Pagination page={page.page} pageCount={page.pageCount} search={location.search} />
    </>
  );
}
