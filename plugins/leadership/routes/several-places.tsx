import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "../../../app/components/Pagination";
import { Table } from "../../../app/components/Table";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { PLUGIN_ID } from "../programme";
import { severalPlacesPage } from "../server/several-places.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** The people holding more than one Level 5 place, for L&D to withdraw the extras from each cohort's page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const shown = await severalPlacesPage(askedPage(new URL(request.url).searchParams));
  return { title: fixedT(locale, PLUGIN_ID)("severalPlaces.title"), ...shown };
}

export default function SeveralPlaces() {
  const { t } = useTranslation(PLUGIN_ID);
  const { people, total, page, pageCount } = useLoaderData<typeof loader>();
  const location = useLocation();
  const base = `/programmes/${PLUGIN_ID}`;
  return (
    <>
      <span className="govuk-caption-l">{t("title")}</span>
      <h1 className="govuk-heading-l">{t("severalPlaces.title")}</h1>
      <p className="govuk-body">{t("severalPlaces.explained")}</p>
      {people.length === 0 ? (
        <p className="govuk-body">{t("severalPlaces.empty")}</p>
      ) : (
        <Table
          caption={t("severalPlaces.caption", { count: total })}
          rows={people}
          rowKey={(p) => p.personId}
          columns={[
            { key: "name", header: t("common:person.name"), cell: (p) => p.name },
            { key: "employee", header: t("severalPlaces.employee"), cell: (p) => p.employee },
            {
              key: "places",
              header: t("severalPlaces.places"),
              cell: (p) => (
                <ul className="govuk-list govuk-!-margin-bottom-0">
                  {p.places.map((place) => (
                    <li key={place.enrolmentId}>
                      <Link className="govuk-link" to={`${base}/cohorts/${place.cohortId}`}>{place.cohort}</Link>: {t(`status.${place.status}`, { position: place.position ?? "" })}
                    </li>
                  ))}
                </ul>
              ),
            },
          ]}
        />
      )}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
    </>
  );
}
