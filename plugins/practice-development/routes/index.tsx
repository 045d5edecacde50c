import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "../../../app/components/Pagination";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { formatDate } from "../../../app/utils/dates";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { can } from "../../../app/utils/permissions.server";
import { BASE, COVERAGE_COLOUR, PLUGIN_ID, type Coverage } from "../programme";
import { listBriefings } from "../server/briefings/briefings.server";
import { rolloutStandings, targets } from "../server/briefings/coverage.server";
import { guard, pageOf } from "../server/briefings/guards.server";
import { pdDb } from "../server/db.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale } = await guard(request, "programmes.view");
  const [{ rollouts, people, standing }, briefings] = await Promise.all([rolloutStandings(pdDb(), [viewer.personId]), listBriefings(pageOf(request))]);
  const me = people[0];
  const seen = new Set<number>();
  const mine = rollouts
    .filter((r) => me && targets(r, me) && !seen.has(r.briefing_id) && seen.add(r.briefing_id))
    .map((r) => ({ briefingId: r.briefing_id, title: r.title, due: formatDate(r.due_on, locale), status: standing.get(`${viewer.personId}:${r.briefing_id}`) ?? ("not_yet" as Coverage) }));
  return {
    title: fixedT(locale, PLUGIN_ID)("title"),
    mine,
    briefings: briefings.rows.map((b) => ({ ...b, updated: formatDate(b.updated_at, locale) })),
    page: briefings.page,
    pageCount: briefings.pageCount,
    canManage: can(viewer, "cohorts.manage"),
    canSeeProgress: can(viewer, "person.view"),
  };
}

export default function PracticeDevelopmentHome() {
  const { t } = useTranslation(PLUGIN_ID);
  const { mine, briefings, page, pageCount, canManage, canSeeProgress } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1 className="govuk-heading-l">{t("title")}</h1>
      <p className="govuk-body-l">{t("summary")}</p>
      <h2 className="govuk-heading-m">{t("home.mineHeading")}</h2>
      {mine.length === 0 ? (
        <p className="govuk-body">{t("home.mineNone")}</p>
      ) : (
        <Table
          caption={t("home.mineCaption")}
          rows={mine}
          rowKey={(r) => r.briefingId}
          columns={[
            { key: "title", header: t("home.briefing"), cell: (r) => <Link className="govuk-link" to={`${BASE}/briefings/${r.briefingId}`}>{r.title}</Link> },
            { key: "due", header: t("home.due"), cell: (r) => r.due },
            { key: "status", header: t("home.status"), cell: (r) => <Tag colour={COVERAGE_COLOUR[r.status]}>{t(`coverage.${r.status}`)}</Tag> },
          ]}
        />
      )}
      <ul className="govuk-list">
        <li><Link className="govuk-link" to={`${BASE}/induction`}>{t("induction.link")}</Link></li>
        <li><Link className="govuk-link" to={`${BASE}/briefings/signs-of-safety`}>{t("sos.link")}</Link></li>
        {canSeeProgress ? <li><Link className="govuk-link" to={`${BASE}/rollouts`}>{t("rollouts.link")}</Link></li> : null}
        {canSeeProgress ? <li><Link className="govuk-link" to={`${BASE}/induction/team`}>{t("induction.teamLink")}</Link></li> : null}
        {canManage ? <li><Link className="govuk-link" to={`${BASE}/briefings/new`}>{t("briefing.newLink")}</Link></li> : null}
        {canManage ? <li><Link className="govuk-link" to={`${BASE}/audits`}>{t("audits.homeLink")}</Link></li> : null}
        {canManage ? <li><Link className="govuk-link" to={`${BASE}/briefings/sessions/new`}>{t("sessions.newLink")}</Link></li> : null}
      </ul>
      {briefings.length === 0 ? (
        <p className="govuk-body">{t("home.noBriefings")}</p>
      ) : (
        <Table
          caption={t("home.briefingsCaption")}
          rows={briefings}
          rowKey={(b) => b.id}
          columns={[
            { key: "title", header: t("home.briefing"), cell: (b) => <Link className="govuk-link" to={`${BASE}/briefings/${b.id}`}>{b.title}</Link> },
            { key: "version", header: t("home.version"), cell: (b) => b.version, numeric: true },
            { key: "delivery", header: t("home.delivery"), cell: (b) => t(`delivery.${b.delivery}`) },
            { key: "induction", header: t("home.induction"), cell: (b) => t(b.in_induction ? "home.yes" : "home.no") },
            { key: "updated", header: t("home.updated"), cell: (b) => b.updated },
          ]}
        />
      )}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
    </>
  );
}
