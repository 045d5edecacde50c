import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SuccessBanner } from "../components/NotificationBanner";
import { Pagination } from "../components/Pagination";
import { Table } from "../components/Table";
import { Tag } from "../components/Tag";
import { unmanagedRequests } from "../services/unmanaged-requests.server";
import { formatDate } from "../utils/dates";
import { authorize } from "../utils/guard.server";
import { fixedT } from "../utils/i18n.server";
import { pageMeta } from "../utils/meta";
import { askedPage } from "../utils/paging.server";

export const meta = pageMeta;

const DECIDED = ["enrolled", "waitlisted", "declined"];

/** Place requests L&D decide because nobody on the person's line can act on the portal, oldest first, a page at a time. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "cohorts.manage");
  const url = new URL(request.url);
  const list = await unmanagedRequests(viewer, askedPage(url.searchParams));
  const decided = url.searchParams.get("decided");
  return {
    title: t("requests.unmanaged.title"),
    // The page shown, which is the last when the one asked for is past it.
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
    rows: list.rows.map((r) => ({
      id: r.id,
      name: `${r.given_name} ${r.family_name}`,
      programme: fixedT(locale, r.programme_id)("title"),
      cohort: `${r.cohort_name} (${formatDate(r.starts_on, locale)})`,
      asked: formatDate(r.created_at, locale),
      why: t("requests.unmanaged.label"),
    })),
    decided: decided && DECIDED.includes(decided) ? decided : null,
  };
}

export default function UnmanagedRequests() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <SuccessBanner title={t("requests.savedTitle")} message={page.decided && t(`requests.saved.${page.decided}`)} />
      <h1 className="govuk-heading-l">{t("requests.unmanaged.title")}</h1>
      <p className="govuk-body">{t("requests.unmanaged.intro")}</p>
      {page.rows.length === 0 ? (
        <p className="govuk-body">{t("requests.unmanaged.empty")}</p>
      ) : (
        <Table
          caption={t("requests.unmanaged.caption", { count: page.total, page: page.page, pages: page.pageCount })}
          rows={page.rows}
          rowKey={(r) => r.id}
          columns={[
            { key: "name", header: t("person.name"), cell: (r) => <Link className="govuk-link" to={`/admin/requests/${r.id}`}>{r.name}</Link> },
            { key: "programme", header: t("requests.programme"), cell: (r) => r.programme },
            { key: "cohort", header: t("requests.cohort"), cell: (r) => r.cohort },
            { key: "asked", header: t("requests.asked"), cell: (r) => r.asked },
            { key: "why", header: t("requests.unmanaged.whyHeader"), cell: (r) => <Tag colour="grey">{r.why}</Tag> },
          ]}
        />
      )}
      <Pagination page={page.page} pageCount={page.pageCount} search={location.search} />
    </>
  );
}
