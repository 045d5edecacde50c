import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Pagination } from "../../../app/components/Pagination";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { conflict, forbidden, parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { PLUGIN_ID } from "../programme";
import { applicationById, rankedApplicationsPage, setShortlisted, supportByLearningTeam } from "../server/applications.server";
import { freePlacesOf, offerFreePlaces } from "../server/free-places.server";
import { intakeGuard } from "../server/guards.server";
import { apprenticeshipSettings } from "../server/settings.server";
import { applicationStage, stageName } from "../server/views.server";
import { WITHDRAWABLE } from "../server/withdrawal.server";
import { formatNumber } from "../../../app/utils/number-format";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

/** What became of a place L&D withdrew, said on return here (withdrawal.server's outcomes). */
const WITHDRAWN = ["withdrawn", "withdrawnToReserve", "withdrawnFree"];

/** Whether L&D may record that this applicant has left: they hold an offer or wait as a reserve, and it is not their own place. */
const withdrawable = (a: { enrolmentId: number | null; enrolmentStatus: string | null; own: boolean }) => a.enrolmentId !== null && !a.own && (WITHDRAWABLE as readonly (string | null)[]).includes(a.enrolmentStatus);

/** The page of the applications asked for: anything but a page number is the first. */
const requestedPage = (request: Request) => askedPage(new URL(request.url).searchParams);

/**
 * An intake's applications for L&D, a page at a time: eligibility, shortlisting, and the shortlist ranked
 * by the panel's scores; once it has started, the places freed since and the reserves waiting for one,
 * until it is over (then that no place can be offered).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, t, viewer, intake } = await intakeGuard(request, params);
  const [{ applications: ranked, page, pageCount }, freePlaces] = await Promise.all([apprenticeshipSettings().then((settings) => rankedApplicationsPage(intake.id, settings, requestedPage(request))), freePlacesOf(intake)]);
  // Whose support waits for L&D, asked for the page's waiting applicants at once, never one by one.
  const waiting = ranked.filter((r) => r.managerSupport === "pending").map((r) => r.personId);
  const learningTeamRecords = waiting.length > 0 ? await supportByLearningTeam(waiting) : new Set<number>();
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    title: intake.name,
    withdrawn: saved && WITHDRAWN.includes(saved) ? saved : null,
    page,
    pageCount,
    freePlaces: freePlaces === "over" ? null : (freePlaces ?? null),
    over: freePlaces === "over",
    intake: { name: intake.name, summary: t("apprenticeship:intakes.summary", { university: intake.university, startsOn: formatDate(intake.starts_on, locale), places: intake.capacity, count: intake.capacity }), criteria: intake.criteria },
    applications: ranked.map((r) => ({
      ...r,
      // Nobody on the panel shortlists their own application, as nobody scores or decides their own.
      own: r.personId === viewer.personId,
      // Someone offered a place, holding it or on the reserve list, who has left: withdrawn from a page that asks first.
      withdrawHref: withdrawable({ ...r, own: r.personId === viewer.personId }) ? `/programmes/${PLUGIN_ID}/places/${r.enrolmentId}/withdraw` : null,
      stageName: stageName(applicationStage({ manager_support: r.managerSupport as "pending", shortlisted: r.shortlisted ? 1 : 0, decision: r.decision, response: r.response, enrolment_status: r.enrolmentStatus }), "staff", t, learningTeamRecords.has(r.personId)),
      total: r.total === null ? t("apprenticeship:panel.notScored") : formatNumber(r.total, locale, { maximumFractionDigits: 1 }),
    })),
  };
}

type OfferOutcome = { ok: true; count: number } | { ok: false; error: string; values?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, viewer, intake } = await intakeGuard(request, params);
  const form = await readFormData(request);
  if (form.get("intent") === "offer") {
    const offered = await offerFreePlaces(intake, actor);
    // A form from a page shown before the intake ended: said so, rather than that nobody was waiting.
    if (offered === "over") return data<OfferOutcome>({ ok: false, error: "intakes.errors.intakeOver" }, { status: 409 });
    // Nothing to offer: someone else offered the places, or took them, since the page was shown.
    if (offered === 0) return data<OfferOutcome>({ ok: false, error: "intakes.errors.nothingToOffer" }, { status: 409 });
    return data<OfferOutcome>({ ok: true, count: offered });
  }
  const id = parseId(String(form.get("application") ?? ""));
  const shortlist = form.get("shortlist") === "1";
  // Only the one application is read: the intake's list runs to hundreds.
  const found = id ? await applicationById(id) : undefined;
  const application = found?.intake_id === intake.id ? found : undefined;
  if (application) {
    // The page offers neither: a request for them is hand-made, or from a page read before the decision.
    if (application.person_id === viewer.personId) forbidden();
    // Already on (or off) the shortlist, from a resend or a colleague at the same moment, is done all the
    // same: a decision made meanwhile refuses it, and so does eligibility lost since the page was shown
    // (read under the intake's lock), which is said, as the page now offers no button for them.
    const result = await setShortlisted({ id: application.id, personId: application.person_id }, intake.cohort_id, shortlist, actor, await apprenticeshipSettings());
    if (!result.ok && result.reason === "notEligible") return data<OfferOutcome>({ ok: false, error: "intakes.errors.notEligible", values: { name: `${application.given_name} ${application.family_name}` } }, { status: 409 });
    if (!result.ok) conflict();
  }
  // Back to the page of the list the form was on.
  const page = requestedPage(request);
  return new Response(null, { status: 303, headers: { Location: `${new URL(request.url).pathname}${page > 1 ? `?page=${page}` : ""}` } });
}

export default function IntakePage() {
  const { t } = useTranslation(PLUGIN_ID);
  const { intake, applications, freePlaces, over, page, pageCount, withdrawn } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const offer = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={offer && !offer.ok ? [{ message: t(offer.error, { ...offer.values }) as string }] : []} />
        <SuccessBanner title={t("home.doneTitle")} message={offer?.ok ? t("intakes.offered", { count: offer.count }) : withdrawn && t(`withdraw.saved.${withdrawn}`)} />
        <span className="govuk-caption-l">{t("intakes.caption")}</span>
        <h1 className="govuk-heading-l">{intake.name}</h1>
        <p className="govuk-body">{intake.summary}</p>
        <p className="govuk-body">{intake.criteria}</p>
        {freePlaces ? (
          <>
            <h2 className="govuk-heading-m">{t("intakes.offerHeading")}</h2>
            <p className="govuk-body">{t("intakes.offerExplained")}</p>
            <SummaryList
              rows={[
                { key: "free", label: t("intakes.freePlaces"), value: String(freePlaces.free) },
                { key: "waiting", label: t("intakes.reservesWaiting"), value: String(freePlaces.waiting) },
              ]}
            />
            {freePlaces.free > 0 && freePlaces.waiting > 0 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="offer" />
                <Button>{t("intakes.offer")}</Button>
              </Form>
            ) : null}
          </>
        ) : null}
        {over ? (
          <>
            <h2 className="govuk-heading-m">{t("intakes.offerHeading")}</h2>
            <p className="govuk-body">{t("intakes.over")}</p>
          </>
        ) : null}
        {applications.length === 0 ? (
          <p className="govuk-body">{t("intakes.noApplications")}</p>
        ) : (
          <div className="pathways-table-scroll" role="region" aria-label={t("intakes.applicationsCaption")} tabIndex={0}>
            <Table
              caption={t("intakes.applicationsCaption")}
              rows={applications}
              rowKey={(a) => a.id}
              columns={[
                { key: "name", header: t("panel.applicant"), cell: (a) => (a.own ? a.name : <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/applications/${a.id}`}>{a.name}</Link>) },
                { key: "rank", header: t("panel.rank"), numeric: true, cell: (a) => a.rank ?? "" },
                { key: "total", header: t("panel.total"), numeric: true, cell: (a) => a.total },
                { key: "panelists", header: t("panel.panelists"), numeric: true, cell: (a) => a.panelists },
                { key: "eligible", header: t("panel.eligible"), cell: (a) => (a.eligible ? <Tag colour="green">{t("panel.yes")}</Tag> : <Tag colour="grey">{t("panel.no")}</Tag>) },
                { key: "stage", header: t("panel.stage"), cell: (a) => a.stageName },
                {
                  key: "shortlist",
                  header: t("panel.shortlist"),
                  cell: (a) =>
                    a.decision || a.own ? null : (
                      <Form method="post">
                        <input type="hidden" name="application" value={a.id} />
                        <input type="hidden" name="shortlist" value={a.shortlisted ? "0" : "1"} />
                        {a.shortlisted || a.eligible ? (
                          <Button variant="secondary" className="govuk-!-margin-bottom-0">
                            {t(a.shortlisted ? "panel.removeFromShortlist" : "panel.addToShortlist")}
                            <span className="govuk-visually-hidden">: {a.name}</span>
                          </Button>
                        ) : null}
                      </Form>
                    ),
                },
                {
                  key: "withdraw",
                  header: t("withdraw.column"),
                  cell: (a) =>
                    a.withdrawHref ? (
                      <Link className="govuk-link" to={a.withdrawHref}>
                        {t("withdraw.link")}
                        <span className="govuk-visually-hidden">: {a.name}</span>
                      </Link>
                    ) : null,
                },
              ]}
            />
          </div>
        )}
        <Pagination page={page} pageCount={pageCount} search={search} />
      </div>
    </div>
  );
}
