import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "../../../app/components/Pagination";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { formatDate } from "../../../app/utils/dates";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { BASE, PLUGIN_ID } from "../programme";
import { pageOf } from "../server/briefings/guards.server";
import { auditsGuard, listAudits } from "../server/audits/audits.server";
import { openActions } from "../server/audits/learning-actions.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await auditsGuard(request);
  const [{ rows, page, pageCount }, open] = await Promise.all([listAudits(pageOf(request)), openActions(1)]);
  return {
    title: fixedT(locale, PLUGIN_ID)("audits.title"),
    page,
    pageCount,
    audits: rows.map((r) => ({ ...r, held: formatDate(r.held_on, locale) })),
    open: open.rows.map((r) => ({ ...r, due: formatDate(r.due_on, locale) })),
    moreOpen: open.pageCount > 1,
  };
}

export default function Audits() {
  const { t } = useTranslation(PLUGIN_ID);
  const { audits, page, pageCount, open, moreOpen } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <span className="govuk-caption-l">{t("title")}</span>
      <h1 className="govuk-heading-l">{t("audits.title")}</h1>
      <p className="govuk-body">{t("audits.intro")}</p>
      <p className="govuk-body">
        <Link className="govuk-link" to={`${BASE}/audits/new`}>{t("audits.newLink")}</Link>
      </p>
      <h2 className="govuk-heading-m">{t("audits.openHeading")}</h2>
      {open.length === 0 ? (
        <p className="govuk-body">{t("audits.openNone")}</p>
      ) : (
        <OpenActionsTable rows={open} />
      )}
      {moreOpen ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`${BASE}/audits/actions?page=2`}>{t("audits.openMore")}</Link>
        </p>
      ) : null}
      <h2 className="govuk-heading-m">{t("audits.listHeading")}</h2>
      {audits.length === 0 ? (
        <p className="govuk-body">{t("audits.none")}</p>
      ) : (
        <Table
          caption={t("audits.caption")}
          rows={audits}
          rowKey={(r) => r.id}
          columns={[
            { key: "title", header: t("audits.fields.title"), cell: (r) => <Link className="govuk-link" to={`${BASE}/audits/${r.id}`}>{r.title}</Link> },
            { key: "theme", header: t("audits.fields.theme"), cell: (r) => t(`audits.theme.${r.theme}`) },
            { key: "held", header: t("audits.fields.heldOn"), cell: (r) => r.held },
            { key: "findings", header: t("audits.findingsCount"), cell: (r) => r.findings, numeric: true },
            { key: "open", header: t("audits.openCount"), cell: (r) => r.openActions, numeric: true },
          ]}
        />
      )}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
    </>
  );
}

export function OpenActionsTable({ rows }: { rows: { id: number; audit_id: number; finding_id: number; kind: string; due: string; overdue: boolean; audit_title: string; practice_area: string }[] }) {
  const { t } = useTranslation(PLUGIN_ID);
  return (
    <Table
      caption={t("audits.openCaption")}
      rows={rows}
      rowKey={(r) => r.id}
      columns={[
        { key: "area", header: t("audits.fields.practiceArea"), cell: (r) => <Link className="govuk-link" to={`${BASE}/audits/${r.audit_id}/findings/${r.finding_id}`}>{r.practice_area}</Link> },
        { key: "audit", header: t("audits.audit"), cell: (r) => r.audit_title },
        { key: "kind", header: t("audits.fields.kind"), cell: (r) => t(`audits.kind.${r.kind}`) },
        { key: "due", header: t("audits.fields.dueOn"), cell: (r) => r.due },
        { key: "status", header: t("audits.fields.status"), cell: (r) => (r.overdue ? <Tag colour="red">{t("audits.overdue")}</Tag> : <Tag colour="blue">{t("audits.status.open")}</Tag>) },
      ]}
    />
  );
}
