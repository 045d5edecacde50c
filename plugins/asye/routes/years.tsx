import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { Field } from "../../../app/components/Field";
import { Pagination } from "../../../app/components/Pagination";
import { Select } from "../../../app/components/Select";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { formatDate } from "../../../app/utils/dates";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { can } from "../../../app/utils/permissions.server";
import { withoutControlCharacters } from "../../../app/utils/text";
import { StatusTag } from "../components/YearRecord";
import { PLUGIN_ID } from "../programme";
import { LIST_STATUSES, STATUS_FILTERS, listYears, type StatusFilter } from "../server/list.server";
import { yearsOfPeople } from "../server/years.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/**
 * ASYE years the viewer may see, a page at a time: L&D and admins everyone's; a manager their line's;
 * anyone the years they assess or supervise. Overdue reviews and supervision gaps are flagged.
 * `?status=current&whose=team` is what the /team card counts: the running years of the manager's line.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const params = new URL(request.url).searchParams;
  const status = STATUS_FILTERS.includes(params.get("status") as StatusFilter) ? (params.get("status") as StatusFilter) : undefined;
  const teamOnly = params.get("whose") === "team";
  const search = withoutControlCharacters(params.get("q") ?? "").trim().slice(0, 100) || undefined;
  const list = await listYears(viewer, { page: askedPage(params), status, teamOnly, search });
  // Only the page's years are pictured: the schedule and gaps for 25 people, not the whole list.
  const pictures = new Map((await yearsOfPeople(list.rows.map((r) => r.person_id))).map((p) => [p.year.id, p]));
  return {
    title: t("asye:years.title"),
    filter: { status: status ?? "", whose: teamOnly ? "team" : "", q: search ?? "" },
    // Anyone who manages a line may narrow to it, an L&D or admin manager too (as /team's card links here).
    hasTeam: viewer.roles.includes("manager"),
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
    canStart: can(viewer, "cohorts.manage"),
    rows: list.rows.map((r) => {
      const p = pictures.get(r.id)!;
      return {
        id: r.id,
        name: `${r.given_name} ${r.family_name}`,
        status: p.status,
        month: p.month === 0 ? t("asye:year.notStarted") : t("asye:year.monthValue", { month: p.month }),
        endsOn: formatDate(p.schedule.endsOn, locale),
        overdueReviews: p.reviews.filter((x) => x.overdue).map((x) => x.month),
        gap: p.openGap ? formatDate(p.openGap.dueOn, locale) : null,
        gaps: p.gaps.length,
        evidence: `${p.evidence.reduce((s, e) => s + Math.min(e.recorded, e.required), 0)}/${p.evidence.reduce((s, e) => s + e.required, 0)}`,
      };
    }),
  };
}

export default function Years() {
  const { t } = useTranslation(PLUGIN_ID);
  const { filter, hasTeam, rows, page, pageCount, total, canStart } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1 className="govuk-heading-l">{t("years.title")}</h1>
      {canStart ? (
        <p className="govuk-body">
          <Link className="govuk-button govuk-button--secondary" to="new">{t("start.title")}</Link>
        </p>
      ) : null}
      <Form method="get" role="search" className="pathways-filter">
        <Select id="status" name="status" label={t("years.filterStatus")} emptyLabel={t("years.anyStatus")} options={[...LIST_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })), { value: "current", label: t("years.current") }]} defaultValue={filter.status} />
        {hasTeam ? <Select id="whose" name="whose" label={t("years.filterWhose")} emptyLabel={t("years.anyone")} options={[{ value: "team", label: t("years.team") }]} defaultValue={filter.whose} /> : null}
        <Field id="q" name="q" label={t("years.search")} defaultValue={filter.q} className="govuk-input--width-20" />
        <Button variant="secondary">{t("years.filter")}</Button>
      </Form>
      <p className="govuk-body">{t("years.count", { count: total })}</p>
      {rows.length === 0 ? (
        <p className="govuk-body">{t("years.none")}</p>
      ) : (
        <Table
          caption={t("years.caption")}
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            { key: "name", header: t("years.name"), cell: (r) => <Link className="govuk-link" to={`${r.id}`}>{r.name}</Link> },
            { key: "status", header: t("year.status"), cell: (r) => <StatusTag status={r.status} /> },
            { key: "month", header: t("year.month"), numeric: true, cell: (r) => r.month },
            { key: "end", header: t("year.endsOn"), cell: (r) => r.endsOn },
            { key: "evidence", header: t("evidence.heading"), numeric: true, cell: (r) => r.evidence },
            {
              key: "flags",
              header: t("years.flags"),
              cell: (r) => (
                <>
                  {r.overdueReviews.map((m) => <Tag key={m} colour="red">{t("years.reviewOverdue", { month: m })}</Tag>)}
                  {r.gap ? <Tag colour="red">{t("years.supervisionOverdue", { date: r.gap })}</Tag> : r.gaps > 0 ? <Tag colour="orange">{t("years.pastGaps", { count: r.gaps })}</Tag> : null}
                </>
              ),
            },
          ]}
        />
      )}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
    </>
  );
}
