import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "../../../app/components/Pagination";
import { Table } from "../../../app/components/Table";
import { formatDate } from "../../../app/utils/dates";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { pageWindow } from "../../../app/utils/paging.server";
import { can } from "../../../app/utils/permissions.server";
import { searchForList } from "../components/CohortTable";
import { BASE, PAGE_SIZE, PLUGIN_ID } from "../programme";
import type { RolloutRow } from "../server/briefings/coverage.server";
import { guard, pageOfList } from "../server/briefings/guards.server";
import { lineOf, rolloutsLeftFor } from "../server/briefings/line-rollouts.server";
import { listRollouts } from "../server/briefings/rollouts.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/**
 * The open rollouts, soonest due first, then the closed ones, most recently closed first: each paged on
 * its own (`?list=closed&page=n`; the open list is the page's first), so the closed stay found without
 * crowding out those still running.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale } = await guard(request, "person.view");
  if (new URL(request.url).searchParams.get("whose") === "team" && viewer.roles.includes("manager")) return lineLoader(viewer, pageOfList(request, "open", true), locale);
  const [open, closed] = await Promise.all([listRollouts("open", pageOfList(request, "open", true)), listRollouts("closed", pageOfList(request, "closed"))]);
  const row = (r: RolloutRow) => ({ id: r.id, title: r.title, due: formatDate(r.due_on, locale), target: r.target_percent, closed: formatDate(r.closed_at, locale) });
  return {
    title: fixedT(locale, PLUGIN_ID)("rollouts.title"),
    canManage: can(viewer, "cohorts.manage"),
    whose: "",
    open: { rows: open.rows.map(row), total: open.total, page: open.page, pageCount: open.pageCount },
    closed: { rows: closed.rows.map(row), total: closed.total, page: closed.page, pageCount: closed.pageCount },
  };
}

/**
 * `?whose=team`, what the /team card counts: the open rollouts the viewer's line still has to cover, each
 * leading to its progress for that line, even when L&D lets them see everyone. A line has few, so they
 * are worked out together and paged here.
 */
async function lineLoader(viewer: Parameters<typeof lineOf>[0], asked: number, locale: Parameters<typeof fixedT>[0]) {
  const left = await rolloutsLeftFor(await lineOf(viewer));
  const { page, pageCount, offset, limit } = pageWindow(left.length, asked, PAGE_SIZE);
  const row = (r: RolloutRow) => ({ id: r.id, title: r.title, due: formatDate(r.due_on, locale), target: r.target_percent, closed: formatDate(r.closed_at, locale) });
  return {
    title: fixedT(locale, PLUGIN_ID)("rollouts.title"),
    canManage: false,
    whose: "team",
    open: { rows: left.slice(offset, offset + limit).map(row), total: left.length, page, pageCount },
    closed: { rows: [] as ReturnType<typeof row>[], total: 0, page: 1, pageCount: 1 },
  };
}

export default function Rollouts() {
  const { t } = useTranslation(PLUGIN_ID);
  const { open, closed, canManage, whose } = useLoaderData<typeof loader>();
  const location = useLocation();
  type Row = (typeof open.rows)[number];
  const title = { key: "title", header: t("home.briefing"), cell: (r: Row) => <Link className="govuk-link" to={`${BASE}/rollouts/${r.id}${whose ? `?whose=${whose}` : ""}`}>{r.title}</Link> };
  const due = { key: "due", header: t("home.due"), cell: (r: Row) => r.due };
  const target = { key: "target", header: t("rollout.target"), cell: (r: Row) => t("rollout.percent", { value: r.target }), numeric: true };
  return (
    <>
      <span className="govuk-caption-l">{t("title")}</span>
      <h1 className="govuk-heading-l">{t("rollouts.title")}</h1>
      <p className="govuk-body">{whose ? t("rollouts.introLeft", { count: open.total }) : t(canManage ? "rollouts.introAll" : "rollouts.introLine")}</p>
      {canManage ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`${BASE}/rollouts/new`}>{t("rollout.newLink")}</Link>
        </p>
      ) : null}
      {open.rows.length === 0 ? (
        <p className="govuk-body">{t(whose ? "rollouts.noneLeft" : closed.total ? "rollouts.noneOpen" : "rollouts.none")}</p>
      ) : (
        <>
          <Table caption={t("rollouts.caption")} rows={open.rows} rowKey={(r) => r.id} columns={[title, due, target]} />
          <Pagination page={open.page} pageCount={open.pageCount} search={searchForList(location.search, "open")} of={t("rollouts.caption")} />
        </>
      )}
      {closed.total ? (
        <>
          <h2 className="govuk-heading-m">{t("rollouts.closedHeading")}</h2>
          <p className="govuk-body">{t("rollouts.closedIntro")}</p>
          <Table caption={t("rollouts.closedCaption")} rows={closed.rows} rowKey={(r) => r.id} columns={[title, due, { key: "closed", header: t("rollouts.closedOn"), cell: (r: Row) => r.closed }, target]} />
          <Pagination page={closed.page} pageCount={closed.pageCount} search={searchForList(location.search, "closed")} of={t("rollouts.closedCaption")} />
        </>
      ) : null}
    </>
  );
}
