import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "../../../app/components/Pagination";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { formatDate } from "../../../app/utils/dates";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { PLUGIN_ID } from "../programme";
import { windowBookings, windowById } from "../server/windows.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/**
 * One assessment window for L&D: who is booked on it, each linking to the page where their outcome is
 * recorded. L&D and admins see everyone, so the capability is the whole check on whose names are shown.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const windowId = parseId(params.windowId);
  const window = windowId ? await windowById(windowId) : undefined;
  if (!window) notFound();
  const bookings = await windowBookings(window.id, askedPage(new URL(request.url).searchParams));
  // Someone in L&D booked on the window themself reads their record on their own page.
  const personHref = (personId: number) => (personId === viewer.personId ? `/programmes/${PLUGIN_ID}` : `/programmes/${PLUGIN_ID}/people/${personId}?track=${window.track}`);
  return {
    title: t("naas:window.title", { track: t(`naas:track.${window.track}`), date: formatDate(window.knowledge_on, locale) }),
    track: window.track,
    knowledge: t("naas:track.when", { date: formatDate(window.knowledge_on, locale), place: window.knowledge_place }),
    practice: t("naas:track.when", { date: formatDate(window.practice_on, locale), place: window.practice_place }),
    places: t("naas:windows.placesValue", { booked: bookings.total, capacity: window.capacity }),
    page: bookings.page,
    pageCount: bookings.pageCount,
    people: bookings.people.map((p) => ({
      id: p.person_id,
      name: `${p.given_name} ${p.family_name}`,
      href: personHref(p.person_id),
      bookedOn: formatDate(p.booked_at, locale),
      outcome: p.outcome ? t("naas:window.outcomeValue", { outcome: t(`naas:stages.${p.outcome}`), date: formatDate(p.outcome_on, locale) }) : t("naas:window.noOutcome"),
    })),
  };
}

export default function AssessmentWindow() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <span className="govuk-caption-l">{t("windows.title")}</span>
        <h1 className="govuk-heading-l">{page.title}</h1>
        <SummaryList
          rows={[
            { key: "knowledge", label: t("track.knowledge"), value: page.knowledge },
            { key: "practice", label: t("track.practice"), value: page.practice },
            { key: "places", label: t("windows.places"), value: page.places },
          ]}
        />
        {page.people.length === 0 ? (
          <p className="govuk-body">{t("window.none")}</p>
        ) : (
          <>
            <Table
              caption={t("window.caption")}
              rows={page.people}
              rowKey={(p) => p.id}
              columns={[
                { key: "name", header: t("window.name"), cell: (p) => <Link className="govuk-link" to={p.href}>{p.name}</Link> },
                { key: "booked", header: t("window.bookedOn"), cell: (p) => p.bookedOn },
                { key: "outcome", header: t("track.outcome"), cell: (p) => p.outcome },
              ]}
            />
            <Pagination page={page.page} pageCount={page.pageCount} search={search} of={t("window.caption")} />
          </>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/windows`}>{t("window.back")}</Link>
        </p>
      </div>
    </div>
  );
}
