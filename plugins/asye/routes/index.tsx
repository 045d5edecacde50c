import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { can } from "../../../app/utils/permissions.server";
import { YearRecord } from "../components/YearRecord";
import { PLUGIN_ID } from "../programme";
import { yearView } from "../server/views.server";
import { isAtAsyeStage, yearOfPerson } from "../server/years.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** The worker's own ASYE year (read only: their assessor, supervisor and L&D record it), and the way in for everyone else. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const picture = await yearOfPerson(viewer.personId);
  return {
    title: t("asye:home.title"),
    year: picture ? yearView(picture, locale) : null,
    // A newly qualified social worker whose year L&D have not started yet is told who starts it and what to do.
    waitingForYear: !picture && (await isAtAsyeStage(viewer.personId)),
    links: { years: true, manage: can(viewer, "cohorts.manage") },
  };
}

export default function AsyeHome() {
  const { t } = useTranslation(PLUGIN_ID);
  const { year, waitingForYear, links } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("home.title")}</h1>
        <p className="govuk-body">{t("home.intro")}</p>
        <ul className="govuk-list">
          <li><Link className="govuk-link" to="years">{t("years.title")}</Link></li>
          {links.manage ? (
            <>
              <li><Link className="govuk-link" to="years/new">{t("start.title")}</Link></li>
              <li><Link className="govuk-link" to="settings">{t("settings.title")}</Link></li>
            </>
          ) : null}
        </ul>
        {year ? (
          <section aria-labelledby="my-year">
            <h2 className="govuk-heading-l" id="my-year">{t("home.myYear")}</h2>
            <YearRecord view={year} />
          </section>
        ) : (
          <NoYear waiting={waitingForYear} />
        )}
      </div>
    </div>
  );
}

/** No year recorded: for someone waiting for theirs, who starts it and what to do if it is late. */
function NoYear({ waiting }: { waiting: boolean }) {
  const { t } = useTranslation(PLUGIN_ID);
  if (!waiting) return <p className="govuk-body">{t("home.noYear")}</p>;
  return (
    <section aria-labelledby="what-next">
      <p className="govuk-body">{t("home.noYear")}</p>
      <h2 className="govuk-heading-m" id="what-next">{t("home.whatNext")}</h2>
      <p className="govuk-body">{t("home.whoStarts")}</p>
      <p className="govuk-body">{t("home.askIfLate")}</p>
    </section>
  );
}
