import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "../../../app/components/Pagination";
import { Table } from "../../../app/components/Table";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { PLUGIN_ID } from "../programme";
import { uptakePage } from "../server/uptake.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** Take-up across every cohort, by locality and role, a page at a time; the download has every row. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const requested = askedPage(new URL(request.url).searchParams);
  const { rows, page, pageCount } = await uptakePage(t, requested);
  return { title: t("uptake.title"), rows, page, pageCount };
}

export default function Uptake() {
  const { t } = useTranslation(PLUGIN_ID);
  const { rows, page, pageCount } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <span className="govuk-caption-l">{t("title")}</span>
      <h1 className="govuk-heading-l">{t("uptake.title")}</h1>
      {rows.length === 0 ? (
        <p className="govuk-body">{t("uptake.empty")}</p>
      ) : (
        <Table
          caption={t("uptake.caption")}
          rows={rows}
          rowKey={(r) => `${r.locality}-${r.role}`}
          columns={[
            { key: "locality", header: t("uptake.locality"), cell: (r) => r.locality },
            { key: "role", header: t("uptake.role"), cell: (r) => r.role },
            { key: "placed", header: t("uptake.placed"), numeric: true, cell: (r) => r.placed },
            { key: "completed", header: t("uptake.completed"), numeric: true, cell: (r) => r.completed },
            { key: "waiting", header: t("uptake.waiting"), numeric: true, cell: (r) => r.waiting },
            { key: "requested", header: t("uptake.requested"), numeric: true, cell: (r) => r.requested },
          ]}
        />
      )}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
      <p className="govuk-body">
        <a className="govuk-link" href={`/programmes/${PLUGIN_ID}/reports/export`}>{t("uptake.download")}</a>
      </p>
    </>
  );
}
