import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { Pagination } from "../../../app/components/Pagination";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { parseId } from "../../../app/utils/http.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { can } from "../../../app/utils/permissions.server";
import { CancelledCohorts, CohortTable, StartedCohorts, searchForList, type CohortRow } from "../components/CohortTable";
import { cancelledMessage, givenUpBy, placesByCohort, standingOn } from "../places";
import { BASE, PLUGIN_ID, SOS_STAGES, type SosStage } from "../programme";
import { guard, pageOfList } from "../server/briefings/guards.server";
import { bookPlace, cancelOwnPlace, errorKeyOf, placesOn, prerequisiteOf, sosStagesDone } from "../server/briefings/sessions.server";
import { cancelledCohorts, cohortNamed, heldCohorts, startedCohorts, upcomingCohorts } from "../server/briefings/session-lists.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale } = await guard(request, "programmes.view");
  const canManage = can(viewer, "cohorts.manage");
  const [lists, done] = await Promise.all([Promise.all(SOS_STAGES.map((kind) => stageCohorts(request, kind, viewer.personId, canManage))), sosStagesDone([viewer.personId])]);
  const mine = done.get(viewer.personId) ?? new Set<string>();
  const places = await placesOn(viewer.personId, lists.flatMap((l) => [...l.upcoming.rows, ...l.held]).map((c) => c.id));
  const held = placesByCohort(places, ["enrolled", "waitlisted", "requested", "approved", "completed"]);
  const when = (c: { starts_on: string; first_session: string | null }) => (c.first_session ? formatDate(c.starts_on, locale) : null);
  const row = (c: (typeof lists)[number]["held"][number]): CohortRow => {
    const place = held.get(c.id) ?? null;
    return { id: c.id, name: c.name, when: when(c), left: Math.max(0, c.capacity - c.taken), capacity: c.capacity, place, ...standingOn(place, c.first_session) };
  };
  return {
    title: fixedT(locale, PLUGIN_ID)("sos.title"),
    canManage,
    stages: SOS_STAGES.map((kind, i) => {
      const needs = prerequisiteOf(kind);
      const { upcoming, started, cancelled } = lists[i];
      return {
        kind,
        needs,
        done: mine.has(kind),
        ready: !needs || mine.has(needs),
        held: lists[i].held.map(row),
        cohorts: { ...upcoming, rows: upcoming.rows.map(row) },
        started: started && { ...started, rows: started.rows.map((c) => ({ id: c.id, name: c.name, when: when(c) })) },
        cancelled: cancelled && { ...cancelled, rows: cancelled.rows.map((c) => ({ id: c.id, name: c.name })) },
      };
    }),
  };
}

/**
 * A stage's lists: the viewer's own sessions, a page of those to come, and for L&D a page of those that
 * have begun. Each is paged on its own (`?list=<stage>` or `?list=<stage>-started`).
 */
async function stageCohorts(request: Request, kind: SosStage, personId: number, canManage: boolean) {
  const [upcoming, held, started, cancelled] = await Promise.all([
    upcomingCohorts({ kind }, pageOfList(request, kind, kind === SOS_STAGES[0])),
    heldCohorts({ kind }, personId),
    canManage ? startedCohorts({ kind }, pageOfList(request, `${kind}-started`)) : null,
    canManage ? cancelledCohorts({ kind }, pageOfList(request, `${kind}-cancelled`)) : null,
  ]);
  return { upcoming, held, started, cancelled };
}

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, actor } = await guard(request, "programmes.view");
  const form = await readFormData(request);
  // The booking form predates intents, so a post without one books.
  const cancelling = form.get("intent") === "cancel";
  const cohortId = parseId(String(form.get("cohort") ?? ""));
  // The one cohort posted, whichever page showed it. A past cohort can still be named, so booking it is
  // refused as closed (by bookPlace, under the cohort's lock) and cancelling it as too late (by
  // cancelOwnPlace), rather than either as unknown.
  const named = cohortId ? await cohortNamed(cohortId, SOS_STAGES.map((kind) => ({ kind }))) : undefined;
  if (!cohortId || !named) return data({ error: "sessions.errors.unknownCohort" }, { status: 400 });
  if (!cancelling) {
    const booked = await bookPlace(cohortId, viewer.personId, actor);
    if (!booked.ok) return data({ error: errorKeyOf(booked.error) }, { status: 400 });
    throw redirect(`${BASE}/briefings/signs-of-safety?saved=booked`);
  }
  const cancelled = await cancelOwnPlace(cohortId, viewer.personId, actor);
  if (!cancelled.ok) return data({ error: errorKeyOf(cancelled.error) }, { status: 400 });
  // Worded for what was given up: a person leaving a waiting list held no booking.
  throw redirect(`${BASE}/briefings/signs-of-safety?saved=cancelled&outcome=${givenUpBy(cancelled.outcome)}`);
}

export default function SignsOfSafety() {
  const { t } = useTranslation(PLUGIN_ID);
  const { stages, canManage } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  // The banner confirms the last booking or cancellation: not shown over a refused post's error.
  const saved = failed ? null : params.get("saved");
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={failed ? [{ message: t(failed.error) }] : []} />
      {saved ? (
        <NotificationBanner title={t("saved.title")} success>
          <p className="govuk-notification-banner__heading">{t(saved === "cancelled" ? cancelledMessage(params.get("outcome")) : "saved.booked")}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{t("title")}</span>
      <h1 className="govuk-heading-l">{t("sos.title")}</h1>
      <p className="govuk-body">{t("sos.intro")}</p>
      <p className="govuk-body">{t("sessions.bookingRule")}</p>
      {canManage ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`${BASE}/briefings/sessions/new`}>{t("sessions.newLink")}</Link>
        </p>
      ) : null}
      {stages.map((stage, index) => (
        <section key={stage.kind} aria-labelledby={`stage-${stage.kind}`}>
          <h2 className="govuk-heading-m" id={`stage-${stage.kind}`}>{t("sos.stageHeading", { n: index + 1, name: t(`kind.${stage.kind}`) })}</h2>
          <p className="govuk-body">{t(`sos.describe.${stage.kind}`)}</p>
          {stage.needs ? <div className="govuk-inset-text">{t("sos.prerequisite", { name: t(`kind.${stage.needs}`) })}{stage.ready ? ` ${t("sos.prerequisiteMet")}` : ""}</div> : null}
          {stage.done ? <p className="govuk-body">{t("sos.stageDone")}</p> : null}
          {stage.held.length ? <CohortTable caption={t("sos.heldCaption", { name: t(`kind.${stage.kind}`) })} rows={stage.held} canManage={canManage} notBookable={null} /> : null}
          {stage.cohorts.total === 0 ? (
            <p className="govuk-body">{t("sos.noCohorts")}</p>
          ) : (
            <>
              <CohortTable caption={t("sos.cohortsCaption", { name: t(`kind.${stage.kind}`) })} rows={stage.cohorts.rows} canManage={canManage} notBookable={stage.ready ? null : "sos.notYetReady"} />
              <Pagination page={stage.cohorts.page} pageCount={stage.cohorts.pageCount} search={searchForList(location.search, stage.kind)} of={t("sos.cohortsCaption", { name: t(`kind.${stage.kind}`) })} />
            </>
          )}
          {stage.started && stage.started.total > 0 ? (
            <>
              <StartedCohorts rows={stage.started.rows} total={stage.started.total} headingLevel="h3" />
              <Pagination page={stage.started.page} pageCount={stage.started.pageCount} search={searchForList(location.search, `${stage.kind}-started`)} of={`${t("sessions.startedCaption")}: ${t(`kind.${stage.kind}`)}`} />
            </>
          ) : null}
          {stage.cancelled && stage.cancelled.total > 0 ? (
            <>
              <CancelledCohorts rows={stage.cancelled.rows} total={stage.cancelled.total} headingLevel="h3" />
              <Pagination page={stage.cancelled.page} pageCount={stage.cancelled.pageCount} search={searchForList(location.search, `${stage.kind}-cancelled`)} of={`${t("sessions.cancelledCaption")}: ${t(`kind.${stage.kind}`)}`} />
            </>
          ) : null}
        </section>
      ))}
    </>
  );
}
