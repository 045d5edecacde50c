import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { readFormData } from "../../../app/utils/form-data.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { can } from "../../../app/utils/permissions.server";
import { TrackSummary } from "../components/TrackSummary";
import { trackSchema } from "../naas-forms";
import { PLUGIN_ID } from "../programme";
import { requestEndorsement } from "../server/journey.server";
import { naasPicture } from "../server/picture.server";
import { trackViews, type TrackView } from "../server/views.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** The person's own NAAS page: each track's eligibility, score, gaps, statements and journey. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const picture = await naasPicture(viewer.personId);
  const query = new URL(request.url).searchParams;
  const requested = query.get("requested");
  return {
    title: t("naas:home.title"),
    tracks: picture ? trackViews(picture, locale, "self") : [],
    requested: requested === "practitioner" || requested === "supervisor" ? requested : null,
    // Whom the request went to: L&D when nobody on the person's line can act on the portal.
    requestedOf: query.get("of") === "learning_development" ? ("learning_development" as const) : ("manager" as const),
    manage: { windows: can(viewer, "cohorts.manage"), frameworks: can(viewer, "frameworks.manage") },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, actor } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const track = trackSchema.safeParse((await readFormData(request)).get("track"));
  const picture = await naasPicture(viewer.personId);
  if (!track.success || !picture || !picture.tracks.find((e) => e.track === track.data)!.eligibility.eligible) return data({ error: "home.errors.notEligible" }, { status: 400 });
  const endorser = await requestEndorsement(viewer.personId, track.data, actor);
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}?requested=${track.data}&of=${endorser}` } });
}

export default function NaasHome() {
  const { t } = useTranslation(PLUGIN_ID);
  const { tracks, requested, requestedOf, manage } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={failed ? [{ message: t(failed.error) }] : []} />
        <SuccessBanner title={t("home.doneTitle")} message={requested && t(requestedOf === "manager" ? "home.requested" : "home.requestedOfLearningTeam")} />
        <h1 className="govuk-heading-l">{t("home.title")}</h1>
        <p className="govuk-body">{t("home.intro")}</p>
        {manage.windows || manage.frameworks ? (
          <ul className="govuk-list">
            {manage.windows ? (
              <>
                <li><Link className="govuk-link" to="windows">{t("windows.title")}</Link></li>
                {/* Its own page: finding who has nobody on their line walks every asker's line. */}
                <li><Link className="govuk-link" to="endorsements">{t("home.waitingForUs.heading")}</Link></li>
                <li><Link className="govuk-link" to="settings">{t("settings.title")}</Link></li>
              </>
            ) : null}
            {manage.frameworks ? <li><Link className="govuk-link" to="frameworks">{t("frameworks.title")}</Link></li> : null}
          </ul>
        ) : null}
        {tracks.map((view) => (
          <section key={view.track} aria-labelledby={`track-${view.track}`}>
            <h2 className="govuk-heading-m" id={`track-${view.track}`}>{t(`track.${view.track}`)}</h2>
            <p className="govuk-body">{view.eligibility}</p>
            {view.eligible || view.begun ? (
              <>
                <TrackSummary view={view} statementHref={(id) => `statements/${id}`} />
                {view.eligible && (view.stage === "none" || view.stage === "not_yet") ? <RequestEndorsement track={view.track} /> : null}
                {view.stage === "endorsed" && view.mayBook ? (
                  <p className="govuk-body">
                    <Link className="govuk-button" to={`book?track=${view.track}`}>{t("home.book")}</Link>
                  </p>
                ) : null}
                {view.stage === "not_yet_accredited" ? <NotYetAccredited view={view} /> : null}
                {view.stage === "booked" ? (
                  <>
                    <h3 className="govuk-heading-s">{t("book.checklistHeading")}</h3>
                    <ul className="govuk-list govuk-list--bullet">
                      <li>{t("book.photoId")}</li>
                      <li>{t("book.registration")}</li>
                    </ul>
                    {/* Until the knowledge assessment begins, the booking may move to another window. */}
                    {view.mayBook ? (
                      <p className="govuk-body">
                        <Link className="govuk-link" to={`book?track=${view.track}`}>{t("home.changeBooking")}</Link>
                      </p>
                    ) : null}
                  </>
                ) : null}
              </>
            ) : null}
          </section>
        ))}
      </div>
    </div>
  );
}

/** The person asks for endorsement on a track: posted to this page's action, which works without JavaScript. */
function RequestEndorsement({ track }: { track: string }) {
  const { t } = useTranslation(PLUGIN_ID);
  return (
    <Form method="post">
      <input type="hidden" name="track" value={track} />
      <p className="govuk-body">{t("home.requestHint")}</p>
      <Button>{t("home.request")}</Button>
    </Form>
  );
}

/**
 * After "not yet accredited" the person may book again on the endorsement they have (booking clears the
 * outcome). The manager may instead decide, for the next attempt, that they are not ready yet: then they
 * ask again when they are, and the page says the request waits while it does. Someone no longer eligible
 * for the track books nothing on it (the booking page would refuse), nor asks for it.
 */
function NotYetAccredited({ view }: { view: TrackView }) {
  const { t } = useTranslation(PLUGIN_ID);
  if (!view.eligible) return <p className="govuk-body">{t("home.notYetAccreditedNotEligible")}</p>;
  if (!view.endorsementStands) {
    return (
      <>
        <p className="govuk-body">{t("home.notYetAccreditedNotEndorsed")}</p>
        {view.awaitsEndorsement ? (
          <p className="govuk-body">{t(view.requestedOfLearningTeam ? "readiness.endorsement.requestedOfLearningTeam" : "readiness.endorsement.requested", { date: view.requestedOn })}</p>
        ) : (
          <RequestEndorsement track={view.track} />
        )}
      </>
    );
  }
  if (!view.mayBook) return <p className="govuk-body">{t("home.notYetAccreditedNotEligible")}</p>;
  return (
    <>
      <p className="govuk-body">{t("home.notYetAccredited")}</p>
      <p className="govuk-body">
        <Link className="govuk-button" to={`book?track=${view.track}`}>{t("home.bookAgain")}</Link>
      </p>
    </>
  );
}
