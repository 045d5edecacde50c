import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { Pagination } from "../../../app/components/Pagination";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { cohortById } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { managerCanAct } from "../../../app/services/manager-on-portal.server";
import { db } from "../../../app/utils/db.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { parseId } from "../../../app/utils/http.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { can } from "../../../app/utils/permissions.server";
import { WithdrawPlace } from "../components/WithdrawPlace";
import { PLUGIN_ID } from "../programme";
import { OwnSessions } from "../components/OwnSessions";
import { onePlaceCheck } from "../server/one-place.server";
import { eligibilityOf, ownSessions, ownUnits, programmeHome, requestRefusal } from "../server/views.server";
import { withdrawOwnPlace } from "../server/cohort-page.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const [home, units, sessions] = await Promise.all([programmeHome(viewer.personId, locale, askedPage(new URL(request.url).searchParams)), ownUnits(viewer.personId, locale), ownSessions(viewer.personId, locale)]);
  return { title: fixedT(locale, PLUGIN_ID)("title"), ...home, units, sessions, canManage: can(viewer, "cohorts.manage"), isManager: can(viewer, "team.view") };
}

type Outcome = { ok: true; message: string } | { ok: false; error: string };

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, actor, locale } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const form = await readFormData(request);
  const intent = form.get("intent");
  if (intent === "request") {
    const cohortId = parseId(String(form.get("cohort") ?? ""));
    const cohort = cohortId ? await cohortById(cohortId, PLUGIN_ID) : undefined;
    if (!cohort) return data<Outcome>({ ok: false, error: "common:enrolment.errors.noCohort" }, { status: 400 });
    // Only the asker's eligibility matters here, not the page of cohorts the home shows.
    const eligibility = await eligibilityOf(viewer.personId, locale);
    if (!eligibility.eligible) return data<Outcome>({ ok: false, error: `${PLUGIN_ID}:${eligibility.reasonKey}` }, { status: 400 });
    // Checked here as well as left without a button: a page opened before the first day, or a hand-made post, can name one.
    const refusal = requestRefusal(cohort);
    if (refusal) return data<Outcome>({ ok: false, error: refusal }, { status: 400 });
    const result = await requestPlace({ cohortId: cohort.id, personId: viewer.personId, actor }, onePlaceCheck(viewer.personId, cohort.id));
    if (!result.ok && result.error === "enrolment.errors.already") {
      // A second click finds the request made: the person has what they asked for, said as the first said it.
      const asked = await askedAlready(cohort.id, viewer.personId);
      if (asked) return data<Outcome>({ ok: true, message: `${PLUGIN_ID}:home.outcome.${asked}` });
    }
    if (!result.ok) return data<Outcome>({ ok: false, error: result.error.startsWith("enrolment.") ? `common:${result.error}` : `${PLUGIN_ID}:home.errors.${result.error}` }, { status: 400 });
    // With nobody on their line who can act on the portal, the core sends the request to L&D: say so.
    const said = result.decider === "learning_development" ? "requestedToLearningTeam" : result.status;
    return data<Outcome>({ ok: true, message: `${PLUGIN_ID}:home.outcome.${said}` });
  }
  if (intent === "withdraw") {
    const enrolmentId = parseId(String(form.get("enrolment") ?? ""));
    const own = enrolmentId ? await ownLevel5Enrolment(enrolmentId, viewer.personId) : undefined;
    if (!own) return data<Outcome>({ ok: false, error: "common:enrolment.errors.notActive" }, { status: 400 });
    const result = await withdrawOwnPlace(own.cohort_id, own.id, actor);
    if (!result.ok) return data<Outcome>({ ok: false, error: `common:${result.error}` }, { status: 400 });
    return data<Outcome>({ ok: true, message: `${PLUGIN_ID}:home.outcome.withdrawn` });
  }
  return data<Outcome>({ ok: false, error: `${PLUGIN_ID}:home.unknownAction` }, { status: 400 });
}

/**
 * What the outcome of the viewer's earlier request on the cohort said, while it still stands as it was made
 * (waiting for a decision, a place or a waiting-list place), or null: a place completed or decided otherwise
 * is not the same request made twice, and keeps the core's refusal.
 */
async function askedAlready(cohortId: number, personId: number) {
  const place = await db().selectFrom("enrolments").select("status").where("cohort_id", "=", cohortId).where("person_id", "=", personId).executeTakeFirst();
  if (place?.status === "requested") return (await managerCanAct(personId)) ? "requested" : "requestedToLearningTeam";
  return place?.status === "enrolled" || place?.status === "waitlisted" ? place.status : null;
}

/**
 * The viewer's own enrolment, only when it is on a Level 5 cohort: a place on another programme's cohort is
 * withdrawn under that programme's own rules, never through this page.
 */
async function ownLevel5Enrolment(enrolmentId: number, personId: number) {
  return db()
    .selectFrom("enrolments")
    .innerJoin("cohorts", "cohorts.id", "enrolments.cohort_id")
    .select(["enrolments.id", "enrolments.cohort_id"])
    .where("enrolments.id", "=", enrolmentId)
    .where("enrolments.person_id", "=", personId)
    .where("cohorts.programme_id", "=", PLUGIN_ID)
    .executeTakeFirst();
}

const RESULT_COLOUR = { pass: "green", refer: "yellow", fail: "red" } as const;

type OwnUnit = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["units"]>[number];

/** The learner's own unit results with their assessor's feedback: where a unit's notice sends them. */
function OwnUnits({ units }: { units: OwnUnit[] }) {
  const { t } = useTranslation(PLUGIN_ID);
  return (
    <>
      <h2 className="govuk-heading-m" id="units">{t("home.unitsHeading")}</h2>
      <SummaryList
        rows={units.map((u) => ({
          key: String(u.id),
          label: u.title,
          value: u.result ? (
            <>
              <Tag colour={RESULT_COLOUR[u.result]}>{t(`learner.results.${u.result}`)}</Tag> {t("home.unitSubmitted", { date: u.submitted })}
              {u.feedback ? <p className="govuk-body">{t("home.unitFeedback", { feedback: u.feedback })}</p> : null}
            </>
          ) : (
            t("learner.notYet")
          ),
        }))}
      />
    </>
  );
}

export default function LeadershipHome() {
  const { t } = useTranslation(PLUGIN_ID);
  const { cohorts, page, pageCount, mine, units, sessions, placeHeld, eligibility, canManage, isManager } = useLoaderData<typeof loader>();
  const location = useLocation();
  const outcome = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={outcome && !outcome.ok ? [{ message: t(outcome.error) }] : []} />
      {outcome?.ok ? (
        <NotificationBanner title={t("home.outcome.title")} success>
          <p className="govuk-notification-banner__heading">{t(outcome.message)}</p>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">{t("title")}</h1>
      <p className="govuk-body-l">{t("summary")}</p>
      <p className="govuk-body">{t("home.intro")}</p>
      {!eligibility.eligible ? <div className="govuk-inset-text">{t(eligibility.reasonKey)}</div> : null}
      {/* One place a person: instead of a button on each cohort, where their place is. */}
      {placeHeld ? <div className="govuk-inset-text">{t(placeHeld.status === "completed" ? "home.completedAlready" : "home.placeHeld", { cohort: placeHeld.cohort })}</div> : null}
      {isManager ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/team`}>{t("team.link")}</Link>
        </p>
      ) : null}
      {mine.some((e) => e.status === "enrolled" || e.status === "completed") ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/learning`}>{t("learning.link")}</Link>
        </p>
      ) : null}
      {mine.length > 0 ? (
        <Table
          caption={t("home.mineCaption")}
          rows={mine}
          rowKey={(e) => e.id}
          columns={[
            { key: "cohort", header: t("home.cohort"), cell: (e) => e.cohort },
            { key: "status", header: t("home.status"), cell: (e) => <>{t(`status.${e.status}`, { position: e.position ?? "" })}{e.reason ? <><br />{e.reason}</> : null}</> },
            {
              key: "action",
              header: t("home.action"),
              cell: (e) =>
                e.withdrawable ? <WithdrawPlace enrolmentId={e.id} label={t("home.withdraw")} which={e.cohort} variant="secondary" /> : null,
            },
          ]}
        />
      ) : null}
      {sessions ? <OwnSessions place={sessions} /> : null}
      {units ? <OwnUnits units={units} /> : null}
      {canManage ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/cohorts/new`}>{t("home.createCohort")}</Link>
          {" · "}
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/reports`}>{t("home.uptake")}</Link>
          {" · "}
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/settings`}>{t("settings.link")}</Link>
          {" · "}
          {/* A link, not a count: grouping every Level 5 place on each view of the home cost it a quarter of its throughput at national scale. */}
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/several-places`}>{t("severalPlaces.title")}</Link>
        </p>
      ) : null}
      {cohorts.length === 0 ? (
        <p className="govuk-body">{t("home.noCohorts")}</p>
      ) : (
        <Table
          caption={t("home.cohortsCaption")}
          rows={cohorts}
          rowKey={(c) => c.id}
          columns={[
            { key: "name", header: t("home.cohort"), cell: (c) => (canManage ? <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/cohorts/${c.id}`}>{c.name}</Link> : c.name) },
            { key: "dates", header: t("home.dates"), cell: (c) => c.dates },
            { key: "places", header: t("home.places"), cell: (c) => t("home.placesLeft", { left: c.left, capacity: c.capacity, waiting: c.waiting }) },
            { key: "status", header: t("home.status"), cell: (c) => (c.open ? <Tag colour="green">{t("home.open")}</Tag> : <Tag colour="grey">{t("home.closed")}</Tag>) },
            {
              key: "action",
              header: t("home.action"),
              cell: (c) =>
                c.requestable && !c.held && eligibility.eligible ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="request" />
                    <input type="hidden" name="cohort" value={c.id} />
                    <Button className="govuk-!-margin-bottom-0">
                      {t("home.requestPlace")}
                      <span className="govuk-visually-hidden"> {c.name}</span>
                    </Button>
                  </Form>
                ) : null,
            },
          ]}
        />
      )}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
    </>
  );
}
