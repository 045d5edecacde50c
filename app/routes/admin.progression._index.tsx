import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "../components/Pagination";
import { ProgressionStatusTag } from "../components/ProgressionStatusTag";
import { SuccessBanner } from "../components/NotificationBanner";
import { Table } from "../components/Table";
import { localName, panelRequests, type PanelView } from "../services/progression.server";
import { managerSupport } from "../services/progression-review.server";
import { formatDate } from "../utils/dates";
import { authorize } from "../utils/guard.server";
import { pageMeta } from "../utils/meta";
import { askedPage } from "../utils/paging.server";

export const meta = pageMeta;

const DECIDED = ["approved", "declined"];

/** The progression panel's list: requests waiting for it, or those it has decided, a page at a time; never the viewer's own. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "progression.decide");
  const url = new URL(request.url);
  const view: PanelView = url.searchParams.get("view") === "decided" ? "decided" : "awaiting";
  const list = await panelRequests(viewer, view, askedPage(url.searchParams));
  const decided = url.searchParams.get("decided");
  return {
    title: t("progression.panelTitle"),
    view,
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
    rows: list.rows.map((r) => ({
      id: r.id,
      name: `${r.given_name} ${r.family_name}`,
      from: localName(locale, r.from_name_en, r.from_name_cy) || t("pathway.noStageShort"),
      to: localName(locale, r.to_name_en, r.to_name_cy),
      asked: formatDate(r.created_at, locale),
      support: managerSupport(t, r),
      status: r.status,
    })),
    decided: decided && DECIDED.includes(decided) ? decided : null,
  };
}

export default function ProgressionPanel() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <SuccessBanner title={t("pathway.savedTitle")} message={page.decided && t(`progression.decided.${page.decided}`)} />
      <h1 className="govuk-heading-l">{t("progression.panelTitle")}</h1>
      <p className="govuk-body">{t("progression.panelIntro")}</p>
      <nav aria-label={t("progression.viewsLabel")}>
        <ul className="govuk-list">
          <li>{page.view === "awaiting" ? <strong>{t("progression.views.awaiting")}</strong> : <Link className="govuk-link" to="/admin/progression">{t("progression.views.awaiting")}</Link>}</li>
          <li>{page.view === "decided" ? <strong>{t("progression.views.decided")}</strong> : <Link className="govuk-link" to="/admin/progression?view=decided">{t("progression.views.decided")}</Link>}</li>
        </ul>
      </nav>
      {page.rows.length === 0 ? (
        <p className="govuk-body">{t(`progression.empty.${page.view}`)}</p>
      ) : (
        <Table
          caption={t(`progression.caption.${page.view}`, { total: page.total, page: page.page, pages: page.pageCount })}
          rows={page.rows}
          rowKey={(r) => r.id}
          columns={[
            { key: "name", header: t("person.name"), cell: (r) => <Link className="govuk-link" to={`/admin/progression/${r.id}`}>{r.name}</Link> },
            { key: "from", header: t("progression.fromStage"), cell: (r) => r.from },
            { key: "to", header: t("progression.toStage"), cell: (r) => r.to },
            { key: "asked", header: t("progression.asked"), cell: (r) => r.asked },
            { key: "support", header: t("progression.managerHeader"), cell: (r) => r.support },
            { key: "status", header: t("progression.statusHeader"), cell: (r) => <ProgressionStatusTag status={r.status} /> },
          ]}
        />
      )}
      <Pagination page={page.page} pageCount={page.pageCount} search={location.search} />
    </>
  );
}
