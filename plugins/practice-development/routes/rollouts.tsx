import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "../../../app/components/Pagination";
import { Table } from "../../../app/components/Table";
import { formatDate } from "../../../app/utils/dates";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { can } from "../../../app/utils/permissions.server";
import { BASE, PLUGIN_ID } from "../programme";
import { guard, pageOf } from "../server/briefings/guards.server";
import { listRollouts } from "../server/briefings/rollouts.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale } = await guard(request, "person.view");
  const page = pageOf(request);
  const { rows, pageCount } = await listRollouts(page);
  return {
    title: fixedT(locale, PLUGIN_ID)("rollouts.title"),
    page,
    pageCount,
    canManage: can(viewer, "cohorts.manage"),
    rollouts: rows.map((r) => ({ id: r.id, title: r.title, due: formatDate(r.due_on, locale), target: r.target_percent, whole: r.roles.length + r.teams.length + r.localities.length === 0 })),
  };
}

export default function Rollouts() {
  const { t } = useTranslation(PLUGIN_ID);
  const { rollouts, page, pageCount, canManage } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <span className="govuk-caption-l">{t("title")}</span>
      <h1 className="govuk-heading-l">{t("rollouts.title")}</h1>
      <p className="govuk-body">{t(canManage ? "rollouts.introAll" : "rollouts.introLine")}</p>
      {canManage ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`${BASE}/rollouts/new`}>{t("rollout.newLink")}</Link>
        </p>
      ) : null}
      {rollouts.length === 0 ? (
        <p className="govuk-body">{t("rollouts.none")}</p>
      ) : (
        <Table
          caption={t("rollouts.caption")}
          rows={rollouts}
          rowKey={(r) => r.id}
          columns={[
            { key: "title", header: t("home.briefing"), cell: (r) => <Link className="govuk-link" to={`${BASE}/rollouts/${r.id}`}>{r.title}</Link> },
            { key: "due", header: t("home.due"), cell: (r) => r.due },
            { key: "target", header: t("rollout.target"), cell: (r) => t("rollout.percent", { value: r.target }), numeric: true },
          ]}
        />
      )}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
    </>
  );
}
