import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { Pagination } from "../../../app/components/Pagination";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { formatDate, formatDateTime } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { can } from "../../../app/utils/permissions.server";
import { CancelledCohorts, CohortTable, StartedCohorts, searchForList, type CohortRow } from "../components/CohortTable";
import { cancelledMessage, givenUpBy, placesByCohort, standingOn } from "../places";
import { postBackTo } from "../post-back";
import { BASE, COVERAGE_COLOUR, PLUGIN_ID } from "../programme";
import { confirmBriefing, versionsOf } from "../server/briefings/briefings.server";
import { coverageOf } from "../server/briefings/coverage.server";
import { briefingGuard, pageOfList } from "../server/briefings/guards.server";
import { bookPlace, cancelOwnPlace, errorKeyOf, placesOn } from "../server/briefings/sessions.server";
import { cohortNamed, countsTowards, cancelledCohorts, heldCohorts, startedCohorts, upcomingCohorts } from "../server/briefings/session-lists.server";
import { pdDb } from "../server/db.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const SAVED = ["created", "updated", "version", "reconfirm", "confirmed", "booked", "cancelled"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { briefing, viewer, locale } = await briefingGuard(request, params, "programmes.view");
  // Offered for booking: only the sessions that count towards the briefing now (of the version everyone
  // must confirm, or later). A place someone already holds on an earlier version's session stays theirs to
  // give up, and L&D still reach every session, each marked when it no longer counts.
  const sessionsOfBriefing = { kind: "briefing", briefingId: briefing.id } as const;
  const everySession = { ...sessionsOfBriefing, versions: "any" } as const;
  const canManage = can(viewer, "cohorts.manage");
  const [standing, confirmations, upcoming, earlier, held, started, cancelled, versions] = await Promise.all([
    coverageOf(pdDb(), [viewer.personId], [{ id: briefing.id, countsFrom: briefing.counts_from_version }]),
    pdDb().selectFrom("practice_development_confirmations").select(["version", "confirmed_at"]).where("briefing_id", "=", briefing.id).where("person_id", "=", viewer.personId).orderBy("version", "desc").limit(20).execute(),
    upcomingCohorts(sessionsOfBriefing, pageOfList(request, "upcoming", true)),
    canManage ? upcomingCohorts({ ...sessionsOfBriefing, versions: "earlier" }, pageOfList(request, "earlier")) : null,
    heldCohorts(everySession, viewer.personId),
    canManage ? startedCohorts(everySession, pageOfList(request, "started")) : null,
    canManage ? cancelledCohorts(everySession, pageOfList(request, "cancelled")) : null,
    versionsOf(briefing.id),
  ]);
  const places = await placesOn(viewer.personId, [...upcoming.rows, ...(earlier?.rows ?? []), ...held].map((c) => c.id));
  const rollouts = can(viewer, "person.view") ? await pdDb().selectFrom("practice_development_rollouts").select(["id", "due_on", "target_percent", "closed_at"]).where("briefing_id", "=", briefing.id).orderBy("due_on").limit(20).execute() : [];
  const teamNames = briefing.teams.length ? await pdDb().selectFrom("org_units").select("name").where("id", "in", briefing.teams).orderBy("name").execute() : [];
  const mine = placesByCohort(places, ["enrolled", "waitlisted", "requested", "approved"]);
  const when = (first: string | null) => (first ? formatDateTime(first, locale) : null);
  // The version a session delivers, when it no longer counts towards the briefing (null when it does).
  const earlierVersion = (s: { briefing_version: number | null }) => (countsTowards(s, briefing) ? null : s.briefing_version);
  const row = (s: (typeof held)[number]): CohortRow & { earlierVersion: number | null } => {
    const place = mine.get(s.id) ?? null;
    return { id: s.id, name: s.name, when: when(s.first_session), left: Math.max(0, s.capacity - s.taken), capacity: s.capacity, place, ...standingOn(place, s.first_session), earlierVersion: earlierVersion(s) };
  };
  return {
    title: briefing.title,
    briefing: { id: briefing.id, title: briefing.title, summary: briefing.summary, version: briefing.version, countsFrom: briefing.counts_from_version, link: briefing.link_url, document: briefing.document_url, delivery: briefing.delivery, induction: briefing.in_induction === 1, roles: briefing.roles, teams: teamNames.map((t) => t.name) },
    status: standing.get(`${viewer.personId}:${briefing.id}`) ?? "not_yet",
    confirmedCurrent: confirmations.some((c) => c.version === briefing.version),
    lastConfirmed: confirmations[0] ? { version: confirmations[0].version, on: formatDateTime(confirmations[0].confirmed_at, locale) } : null,
    held: held.map(row),
    sessions: { ...upcoming, rows: upcoming.rows.map(row) },
    earlier: earlier && { ...earlier, rows: earlier.rows.map(row) },
    started: started && { ...started, rows: started.rows.map((s) => ({ id: s.id, name: s.name, when: when(s.first_session), earlierVersion: earlierVersion(s) })) },
    cancelled: cancelled && { ...cancelled, rows: cancelled.rows.map((s) => ({ id: s.id, name: s.name, earlierVersion: earlierVersion(s) })) },
    versions: versions.map((v) => ({ version: v.version, on: formatDate(v.created_at, locale), reconfirm: v.requires_reconfirmation === 1 })),
    canManage,
    rollouts: rollouts.map((r) => ({ id: r.id, due: formatDate(r.due_on, locale), target: r.target_percent, closed: r.closed_at ? formatDate(r.closed_at, locale) : null })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { briefing, viewer, actor } = await briefingGuard(request, params, "programmes.view");
  const form = await readFormData(request);
  const intent = form.get("intent");
  if (intent === "confirm") {
    const version = parseId(String(form.get("version") ?? ""));
    const result = version ? await confirmBriefing(briefing.id, viewer.personId, version, actor) : ({ ok: false, error: "confirm.errors.notCurrent" } as const);
    if (!result.ok) return data({ error: result.error }, { status: 400 });
    throw redirect(`${BASE}/briefings/${briefing.id}?saved=confirmed`);
  }
  if (intent === "book" || intent === "cancel") {
    const cohortId = parseId(String(form.get("cohort") ?? ""));
    // The one cohort posted, whichever page showed it. A past session is still this briefing's, so booking
    // it is refused as closed (by bookPlace, under the cohort's lock) and cancelling a place on it as too
    // late (by cancelOwnPlace), rather than either as unknown. So is a session of an earlier version:
    // booking it is refused as no longer counting (by bookPlace, under the lock), and a place on it can
    // still be given up.
    const named = cohortId ? await cohortNamed(cohortId, [{ kind: "briefing", briefingId: briefing.id, versions: "any" }]) : undefined;
    if (!cohortId || !named) return data({ error: "sessions.errors.unknownCohort" }, { status: 400 });
    if (intent === "book") {
      const booked = await bookPlace(cohortId, viewer.personId, actor);
      if (!booked.ok) return data({ error: errorKeyOf(booked.error) }, { status: 400 });
      throw redirect(`${BASE}/briefings/${briefing.id}?saved=booked`);
    }
    const cancelled = await cancelOwnPlace(cohortId, viewer.personId, actor);
    if (!cancelled.ok) return data({ error: errorKeyOf(cancelled.error) }, { status: 400 });
    // Worded for what was given up: a person leaving a waiting list held no booking.
    throw redirect(`${BASE}/briefings/${briefing.id}?saved=cancelled&outcome=${givenUpBy(cancelled.outcome)}`);
  }
  return data({ error: "errors.unknownAction" }, { status: 400 });
}

export default function BriefingPage() {
  const { t } = useTranslation(PLUGIN_ID);
  // A session of an earlier version is named as one, wherever it is listed: attending it no longer counts.
  const marked = <R extends { name: string; earlierVersion: number | null }>(r: R): R => (r.earlierVersion === null ? r : { ...r, name: t("sessions.earlierVersionName", { name: r.name, version: r.earlierVersion }) });
  const { briefing, status, confirmedCurrent, lastConfirmed, held, sessions, earlier, started, cancelled, versions, canManage, rollouts } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  // The banner confirms the last save: not shown over a refused post's error.
  const saved = failed ? undefined : SAVED.find((s) => s === params.get("saved"));
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={failed ? [{ message: t(failed.error) }] : []} />
      {saved ? (
        <NotificationBanner title={t("saved.title")} success>
          <p className="govuk-notification-banner__heading">{t(saved === "cancelled" ? cancelledMessage(params.get("outcome")) : `saved.${saved}`)}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{t("title")}</span>
      <h1 className="govuk-heading-l">{briefing.title}</h1>
      <p className="govuk-body">
        <Tag colour={COVERAGE_COLOUR[status]}>{t(`coverage.${status}`)}</Tag>
      </p>
      <p className="govuk-body">{briefing.summary}</p>
      <SummaryList
        rows={[
          { key: "version", label: t("briefing.fields.version"), value: briefing.countsFrom === briefing.version ? String(briefing.version) : t("briefing.versionCountsFrom", { version: briefing.version, from: briefing.countsFrom }) },
          { key: "delivery", label: t("briefing.fields.delivery"), value: t(`delivery.${briefing.delivery}`) },
          { key: "link", label: t("briefing.fields.linkUrl"), value: briefing.link ? <a className="govuk-link" href={briefing.link} rel="noreferrer">{t("briefing.openLink")}<span className="govuk-visually-hidden"> {briefing.title}</span></a> : t("briefing.none") },
          { key: "document", label: t("briefing.fields.documentUrl"), value: briefing.document ? <a className="govuk-link" href={briefing.document} rel="noreferrer">{t("briefing.openDocument")}<span className="govuk-visually-hidden"> {briefing.title}</span></a> : t("briefing.none") },
          { key: "roles", label: t("briefing.fields.roles"), value: briefing.roles.length ? briefing.roles.map((r) => t(`common:roleCategory.${r}`)).join(", ") : t("briefing.everyone") },
          { key: "teams", label: t("briefing.fields.teams"), value: briefing.teams.length ? briefing.teams.join(", ") : t("briefing.everyone") },
          { key: "induction", label: t("home.induction"), value: t(briefing.induction ? "home.yes" : "home.no") },
        ]}
      />
      {canManage ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`${BASE}/briefings/${briefing.id}/edit`}>{t("briefing.editLink")}</Link>
          {" · "}
          <Link className="govuk-link" to={`${BASE}/rollouts/new?briefing=${briefing.id}`}>{t("rollout.newLink")}</Link>
          {briefing.delivery === "session" ? (
            <>
              {" · "}
              <Link className="govuk-link" to={`${BASE}/briefings/sessions/new?briefing=${briefing.id}`}>{t("sessions.newForBriefing")}</Link>
            </>
          ) : null}
        </p>
      ) : null}
      {rollouts.length ? (
        <>
          <h2 className="govuk-heading-m">{t("rollouts.title")}</h2>
          <ul className="govuk-list">
            {rollouts.map((r) => (
              <li key={r.id}>
                <Link className="govuk-link" to={`${BASE}/rollouts/${r.id}`}>{t("briefing.rolloutLink", { due: r.due, target: r.target })}</Link>
                {r.closed ? (
                  <>
                    {" "}
                    <Tag colour="grey">{t("briefing.rolloutClosed", { when: r.closed })}</Tag>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {briefing.delivery === "read" ? (
        <>
          <h2 className="govuk-heading-m">{t("confirm.heading")}</h2>
          {lastConfirmed ? <p className="govuk-body">{t("confirm.last", lastConfirmed)}</p> : null}
          {confirmedCurrent ? (
            <p className="govuk-body">{t("confirm.done", { version: briefing.version })}</p>
          ) : (
            <Form method="post" action={postBackTo(location)}>
              <input type="hidden" name="intent" value="confirm" />
              <input type="hidden" name="version" value={briefing.version} />
              <p className="govuk-body">{t("confirm.intro", { version: briefing.version })}</p>
              <Button>{t("confirm.button", { version: briefing.version })}</Button>
            </Form>
          )}
        </>
      ) : (
        <>
          <h2 className="govuk-heading-m">{t("sessions.heading")}</h2>
          <p className="govuk-body">{t("sessions.bookingRule")}</p>
          {held.length ? <CohortTable caption={t("sessions.heldCaption")} rows={held.map(marked)} canManage={canManage} notBookable={null} /> : null}
          {sessions.total === 0 ? (
            <p className="govuk-body">{t("sessions.none")}</p>
          ) : (
            <>
              <CohortTable caption={t("sessions.caption")} rows={sessions.rows} canManage={canManage} notBookable={status === "covered" ? "" : null} />
              <Pagination page={sessions.page} pageCount={sessions.pageCount} search={searchForList(location.search, "upcoming")} of={t("sessions.caption")} />
            </>
          )}
          {earlier && earlier.total > 0 ? (
            <>
              <h2 className="govuk-heading-m">{t("sessions.earlierHeading")}</h2>
              <p className="govuk-body">{t("sessions.earlierIntro", { count: earlier.total, from: briefing.countsFrom })}</p>
              <CohortTable caption={t("sessions.earlierCaption")} rows={earlier.rows.map(marked)} canManage={canManage} notBookable="sessions.earlierNotBookable" />
              <Pagination page={earlier.page} pageCount={earlier.pageCount} search={searchForList(location.search, "earlier")} of={t("sessions.earlierCaption")} />
            </>
          ) : null}
          {started && started.total > 0 ? (
            <>
              <StartedCohorts rows={started.rows.map(marked)} total={started.total} />
              <Pagination page={started.page} pageCount={started.pageCount} search={searchForList(location.search, "started")} of={t("sessions.startedCaption")} />
            </>
          ) : null}
          {cancelled && cancelled.total > 0 ? (
            <>
              <CancelledCohorts rows={cancelled.rows.map(marked)} total={cancelled.total} />
              <Pagination page={cancelled.page} pageCount={cancelled.pageCount} search={searchForList(location.search, "cancelled")} of={t("sessions.cancelledCaption")} />
            </>
          ) : null}
        </>
      )}
      <Table
        caption={t("briefing.versionsCaption")}
        rows={versions}
        rowKey={(v) => v.version}
        columns={[
          { key: "version", header: t("briefing.fields.version"), cell: (v) => v.version, numeric: true },
          { key: "on", header: t("briefing.versionOn"), cell: (v) => v.on },
          { key: "reconfirm", header: t("briefing.versionReconfirm"), cell: (v) => t(v.reconfirm ? "home.yes" : "home.no") },
        ]}
      />
    </>
  );
}
