import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "../../../app/components/Pagination";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { formatDate } from "../../../app/utils/dates";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { formatNumber } from "../../../app/utils/number-format";
import { PLUGIN_ID } from "../programme";
import { apprenticePage, type ApprenticeStanding } from "../server/progress.server";
import { otjStandingShort } from "../server/views.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const STANDINGS: ApprenticeStanding[] = ["current", "completed"];

/**
 * Apprentices for L&D, a page at a time, current ones unless completed are asked for (completed ones are
 * kept for good), with who is behind on off-the-job hours and whose review is overdue.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const url = new URL(request.url);
  const standing: ApprenticeStanding = url.searchParams.get("show") === "completed" ? "completed" : "current";
  const { apprentices, page, pageCount, counts } = await apprenticePage(standing, askedPage(url.searchParams));
  return {
    title: t("apprenticeship:apprentices.title"),
    standing,
    page,
    pageCount,
    // Both counts, whichever is shown: L&D see how many there are without paging through.
    standings: STANDINGS.map((s) => ({ id: s, count: counts[s], label: t(`apprenticeship:apprentices.standing.${s}`, { shown: formatNumber(counts[s], locale) }), shown: s === standing })),
    rows: apprentices.map((a) => ({
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
  const { rows, standing, standings, page, pageCount } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1 className="govuk-heading-l">{t("apprentices.title")}</h1>
      <nav aria-label={t("apprentices.standingLabel")}>
        <ul className="govuk-list">
          {standings.map((s) => (
            <li key={s.id}>
              <a className="govuk-link" href={s.id === "current" ? "?" : `?show=${s.id}`} aria-current={s.shown ? "page" : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p className="govuk-body">{t(`apprentices.none.${standing}`)}</p>
      ) : (
        <Table
          caption={t(`apprentices.caption.${standing}`)}
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
      <Pagination page={page} pageCount={pageCount} search={location.search} />
    </>
  );
}
