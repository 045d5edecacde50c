import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { formatDate } from "../../../app/utils/dates";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { PLUGIN_ID } from "../programme";
import { apprentices } from "../server/progress.server";
import { otjStandingShort } from "../server/views.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** Every apprentice for L&D, with who is behind on off-the-job hours and whose review is overdue. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const list = await apprentices();
  return {
    title: t("apprenticeship:apprentices.title"),
    rows: list.map((a) => ({
      id: a.personId,
      name: a.name,
      cohort: a.cohort,
      behind: a.compliance.behind > 0,
      otj: otjStandingShort(a.compliance, locale, t),
      reviewDue: formatDate(a.reviewDue, locale),
      reviewOverdue: a.reviewOverdue,
      registered: a.completion?.registered_on ? formatDate(a.completion.registered_on, locale) : null,
    })),
  };
}

export default function Apprentices() {
  const { t } = useTranslation(PLUGIN_ID);
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">{t("apprentices.title")}</h1>
      {rows.length === 0 ? (
        <p className="govuk-body">{t("apprentices.none")}</p>
      ) : (
        <Table
          caption={t("apprentices.caption")}
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            { key: "name", header: t("panel.applicant"), cell: (r) => <Link className="govuk-link" to={`${r.id}`}>{r.name}</Link> },
            { key: "cohort", header: t("intakes.name"), cell: (r) => r.cohort },
            { key: "otj", header: t("otj.label"), cell: (r) => (r.behind ? <><Tag colour="red">{t("otj.behindTag")}</Tag> {r.otj}</> : <><Tag colour="green">{t("otj.onTrackTag")}</Tag> {r.otj}</>) },
            { key: "review", header: t("review.next"), cell: (r) => (r.registered ? t("completion.registeredOn", { date: r.registered }) : r.reviewOverdue ? <><Tag colour="red">{t("review.overdueTag")}</Tag> {r.reviewDue}</> : r.reviewDue) },
          ]}
        />
      )}
    </>
  );
}
