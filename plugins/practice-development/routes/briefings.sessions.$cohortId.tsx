import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { Details } from "../../../app/components/Details";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { Table } from "../../../app/components/Table";
import { saveRegister } from "../../../app/services/attendance.server";
import { sessionsOf } from "../../../app/services/cohorts.server";
import { ACTIVE_STATUSES, rosterOf } from "../../../app/services/enrolment.server";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { SessionRegister, registerErrorItems, type RegisterRefusal } from "../components/SessionRegister";
import { beforeStart, canWithdraw, rosterStatusText, WITHDRAWABLE, withdrawalOutcomeNamed } from "../places";
import { postBackTo } from "../post-back";
import { BASE, PLUGIN_ID } from "../programme";
import { cohortGuard } from "../server/briefings/guards.server";
import { registersOf, shownMarks } from "../server/briefings/registers.server";
import { errorKeyOf, withdrawFromCohort } from "../server/briefings/sessions.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cohort, locale, viewer } = await cohortGuard(request, params, "cohorts.manage");
  const [sessions, enrolments] = await Promise.all([sessionsOf(cohort.id), rosterOf(cohort.id)]);
  // The list is of who holds or waits for a place (or held one, completed or not), as its caption says:
  // someone withdrawn or declined is counted beneath it, named in a fold there, not in the list nor its count.
  const roster = enrolments.filter((r) => ACTIVE_STATUSES.includes(r.status));
  const notListed = (status: string) => enrolments.filter((r) => r.status === status).map((r) => ({ id: r.id, name: `${r.given_name} ${r.family_name}`, team: r.team_name }));
  // A Withdraw button only where the withdrawal would take it (`canWithdraw`): no place once the last session
  // has ended, nor the viewer's own once the first has begun; a request or a spot on the waiting list always.
  const scheduled = sessions.filter((s) => s.status === "scheduled");
  const span = { first: scheduled[0]?.starts_at ?? null, last: scheduled.map((s) => s.ends_at).sort().at(-1) ?? null };
  return {
    title: cohort.name,
    // `begun`: nobody still waiting will be given a place (booking has closed, a place freed goes to nobody).
    // `everyDateCancelled`: not begun and never ended (`hasEnded`): nobody attended, so its places stay withdrawable.
    cohort: { id: cohort.id, name: cohort.name, kind: cohort.kind, briefingId: cohort.briefing_id, briefingTitle: cohort.briefing_title, version: cohort.briefing_version, capacity: cohort.capacity, dates: `${formatDate(cohort.starts_on, locale)} – ${formatDate(cohort.ends_on, locale)}`, begun: !beforeStart(span.first), everyDateCancelled: sessions.length > 0 && scheduled.length === 0 },
    sessions: await registersOf(sessions, cohort.id, viewer.personId, locale),
    roster: roster.map((r) => ({ id: r.id, name: `${r.given_name} ${r.family_name}`, team: r.team_name, status: r.status, position: r.waitlist_position, withdrawable: (WITHDRAWABLE as readonly string[]).includes(r.status) && canWithdraw(r, span, r.person_id === viewer.personId) })),
    notListed: { withdrawn: notListed("withdrawn"), declined: notListed("declined") },
  };
}

/**
 * A refused post: the message, the session it concerns when there is one to show it beside, and for a
 * register some of whose marks colleagues changed meanwhile, whose (`people`) and which places (`rows`), so
 * the message sits beside those people's marks.
 */
type Refused = RegisterRefusal;

export async function action({ request, params }: ActionFunctionArgs) {
  const { cohort, actor, locale } = await cohortGuard(request, params, "cohorts.manage");
  const form = await readFormData(request);
  if (form.get("intent") === "withdraw") {
    const result = await withdrawFromCohort(cohort.id, parseId(String(form.get("enrolment") ?? "")) ?? 0, actor);
    if (!result.ok) return data<Refused>({ error: errorKeyOf(result.error) }, { status: 400 });
    throw redirect(`${BASE}/briefings/sessions/${cohort.id}?saved=withdrawn&outcome=${result.outcome}`);
  }
  const sessionId = parseId(String(form.get("session") ?? ""));
  const sessions = await sessionsOf(cohort.id);
  if (!sessionId || !sessions.some((s) => s.id === sessionId)) return data<Refused>({ error: "register.errors.session" }, { status: 400 });
  // The core refuses, changing nothing, a register for a session to come or cancelled (checked in its transaction).
  // Only the marks the user changed from those the form showed are written; one a colleague changed too is refused.
  const { marks, shown } = shownMarks(form);
  const saved = await saveRegister(sessionId, cohort.id, marks, actor, undefined, shown);
  if (!saved.ok && saved.error === "changedMeanwhile") {
    const people = new Intl.ListFormat(locale, { type: "conjunction" }).format(saved.rows.map((r) => `${r.givenName} ${r.familyName}`));
    return data<Refused>({ error: "register.errors.changedMeanwhile", session: sessionId, people, rows: saved.rows.map((r) => r.enrolmentId) }, { status: 409 });
  }
  if (!saved.ok) return data<Refused>({ error: "register.errors.notHeld", session: sessionId }, { status: 409 });
  throw redirect(`${BASE}/briefings/sessions/${cohort.id}?saved=register`);
}

/**
 * The confirmation the page's address asks for: a register saved, someone withdrawn (worded for what that
 * did to the place, `outcome`, when it names one of `WITHDRAWAL_OUTCOMES`), or the session created.
 */
function savedMessage(params: URLSearchParams) {
  const saved = params.get("saved");
  if (saved === "register") return "saved.register";
  if (saved !== "withdrawn") return "saved.cohort";
  const outcome = withdrawalOutcomeNamed(params.get("outcome"));
  return outcome ? `saved.withdrawnOutcome.${outcome}` : "saved.withdrawn";
}

export default function SessionCohortPage() {
  const { t } = useTranslation(PLUGIN_ID);
  const { cohort, sessions, roster, notListed } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={registerErrorItems(t, sessions, failed)} />
      {/* The banner confirms the last save: not shown over a refused post's error. */}
      {params.get("saved") && !failed ? (
        <NotificationBanner title={t("saved.title")} success>
          <p className="govuk-notification-banner__heading">{t(savedMessage(params))}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{t(`kind.${cohort.kind}`)}</span>
      <h1 className="govuk-heading-l">{cohort.name}</h1>
      <p className="govuk-body">{cohort.dates}</p>
      {cohort.everyDateCancelled ? <p className="govuk-inset-text">{t("sessions.everyDateCancelled")}</p> : null}
      {cohort.briefingId ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`${BASE}/briefings/${cohort.briefingId}`}>{t("sessions.forBriefing", { title: cohort.briefingTitle, version: cohort.version })}</Link>
        </p>
      ) : null}
      <p className="govuk-body">
        <a className="govuk-link" href={`${BASE}/briefings/sessions/${cohort.id}/calendar`}>{t("sessions.calendar")}</a>
      </p>
      {sessions.map((s) => (
        <SessionRegister key={s.id} session={s} refusal={failed} />
      ))}
      {/* Nobody booked or waiting: a sentence (keeping the number of places) rather than a count of 0 over an empty table; once begun, not "yet", as booking has closed. */}
      {roster.length === 0 ? (
        <p className="govuk-body">{t(cohort.begun ? "sessions.rosterEmptyBegun" : "sessions.rosterEmpty", { capacity: cohort.capacity })}</p>
      ) : (
        <Table
          caption={t(cohort.begun ? "sessions.rosterCaptionBegun" : "sessions.rosterCaption", { people: roster.length, capacity: cohort.capacity, count: cohort.capacity })}
          rows={roster}
          rowKey={(r) => r.id}
          columns={[
            { key: "name", header: t("sessions.person"), cell: (r) => r.name },
            { key: "team", header: t("progress.team"), cell: (r) => r.team },
            { key: "status", header: t("home.status"), cell: (r) => rosterStatusText(t, r, cohort.begun) },
            {
              key: "action",
              header: t("sessions.action"),
              cell: (r) =>
                r.withdrawable ? (
                  <Form method="post" action={postBackTo(location)}>
                    <input type="hidden" name="intent" value="withdraw" />
                    <input type="hidden" name="enrolment" value={r.id} />
                    <Button variant="warning" className="govuk-!-margin-bottom-0">
                      {t("sessions.withdraw")}
                      <span className="govuk-visually-hidden"> {t("sessions.withdrawWho", { person: r.name, session: cohort.name })}</span>
                    </Button>
                  </Form>
                ) : null,
            },
          ]}
        />
      )}
      <NotListed people={notListed.withdrawn} sentence={t("sessions.rosterWithdrawn", { count: notListed.withdrawn.length })} namesTitle={t("sessions.rosterWithdrawnNames")} />
      <NotListed people={notListed.declined} sentence={t("sessions.rosterDeclined", { count: notListed.declined.length })} namesTitle={t("sessions.rosterDeclinedNames")} />
    </>
  );
}

/**
 * People left off the roster (withdrawn, or declined), counted in a sentence and named in a fold beneath it,
 * so L&D can still answer "who dropped out?" without the audit log. A native `<details>`: it opens without
 * JavaScript.
 */
function NotListed({ people, sentence, namesTitle }: { people: readonly { id: number; name: string; team: string }[]; sentence: string; namesTitle: string }) {
  if (people.length === 0) return null;
  return (
    <>
      <p className="govuk-body">{sentence}</p>
      <Details summary={namesTitle}>
        <ul className="govuk-list">
          {people.map((p) => (
            <li key={p.id}>{`${p.name}, ${p.team}`}</li>
          ))}
        </ul>
      </Details>
    </>
  );
}
