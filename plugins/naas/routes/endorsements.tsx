import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "../../../app/components/Pagination";
import { formatDate } from "../../../app/utils/dates";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { PLUGIN_ID } from "../programme";
import { endorsementsWaitingForLearningTeam } from "../server/unmanaged-endorsements.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/**
 * Endorsement requests from people with nobody on their line who can act on the portal, which L&D decide,
 * oldest first, 25 a page: each leads to the person's page, where L&D endorse them as a manager would.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const waiting = await endorsementsWaitingForLearningTeam(viewer, askedPage(new URL(request.url).searchParams));
  return {
    title: t("naas:home.waitingForUs.heading"),
    total: waiting.total,
    page: waiting.page,
    pageCount: waiting.pageCount,
    requests: waiting.rows.map((r) => ({ personId: r.person_id, track: r.track, name: `${r.given_name} ${r.family_name}`, on: formatDate(r.endorsement_requested_at!, locale) })),
  };
}

export default function EndorsementsWaitingForLearningTeam() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("home.waitingForUs.heading")}</h1>
        <p className="govuk-body">{t("home.waitingForUs.hint")}</p>
        {page.requests.length === 0 ? (
          <p className="govuk-body">{t("home.waitingForUs.none")}</p>
        ) : (
          <>
            <p className="govuk-body">{t("home.waitingForUs.total", { total: page.total, page: page.page, pages: page.pageCount })}</p>
            <ul className="govuk-list">
              {page.requests.map((r) => (
                <li key={`${r.personId}-${r.track}`}>
                  <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/people/${r.personId}?track=${r.track}`}>{t("home.waitingForUs.item", { name: r.name, track: t(`track.${r.track}`), date: r.on })}</Link>
                </li>
              ))}
            </ul>
          </>
        )}
        <Pagination page={page.page} pageCount={page.pageCount} search={search} />
      </div>
    </div>
  );
}
