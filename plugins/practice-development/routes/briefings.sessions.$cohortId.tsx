import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { Table } from "../../../app/components/Table";
import { registerFor, saveRegister } from "../../../app/services/attendance.server";
import { sessionsOf } from "../../../app/services/cohorts.server";
import { rosterOf } from "../../../app/services/enrolment.server";
import type { Mark } from "../../../app/utils/cohort-form";
import { formatDate, formatDateTime } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { BASE, PLUGIN_ID } from "../programme";
import { cohortGuard } from "../server/briefings/guards.server";
import { WITHDRAWABLE, errorKeyOf, withdrawFromCohort } from "../server/briefings/sessions.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cohort, locale, viewer } = await cohortGuard(request, params, "cohorts.manage");
  const [sessions, roster] = await Promise.all([sessionsOf(cohort.id), rosterOf(cohort.id)]);
  const registers = await Promise.all(sessions.map((s) => registerFor(s.id, cohort.id)));
  return {
    title: cohort.name,
    cohort: { id: cohort.id, name: cohort.name, kind: cohort.kind, briefingId: cohort.briefing_id, briefingTitle: cohort.briefing_title, version: cohort.briefing_version, capacity: cohort.capacity, dates: `${formatDate(cohort.starts_on, locale)} – ${formatDate(cohort.ends_on, locale)}` },
    sessions: sessions.map((s, i) => ({ id: s.id, title: s.title, when: formatDateTime(s.starts_at, locale), register: registers[i].map((r) => ({ enrolmentId: r.enrolment_id, name: `${r.given_name} ${r.family_name}`, present: r.mark === "present", own: r.person_id === viewer.personId })) })),
    roster: roster.map((r) => ({ id: r.id, name: `${r.given_name} ${r.family_name}`, team: r.team_name, status: r.status, position: r.waitlist_position, withdrawable: (WITHDRAWABLE as readonly string[]).includes(r.status) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { cohort, actor } = await cohortGuard(request, params, "cohorts.manage");
  const form = await readFormData(request);
  if (form.get("intent") === "withdraw") {
    const result = await withdrawFromCohort(cohort.id, parseId(String(form.get("enrolment") ?? "")) ?? 0, actor);
    if (!result.ok) return data({ error: errorKeyOf(result.error) }, { status: 400 });
    throw redirect(`${BASE}/briefings/sessions/${cohort.id}?saved=withdrawn`);
  }
  const sessionId = parseId(String(form.get("session") ?? ""));
  const sessions = await sessionsOf(cohort.id);
  if (!sessionId || !sessions.some((s) => s.id === sessionId)) return data({ error: "register.errors.session" }, { status: 400 });
  const present = new Set(form.getAll("present").map(String));
  const expected = await registerFor(sessionId, cohort.id);
  const marks = new Map<number, Mark | null>(expected.map((r) => [r.enrolment_id, present.has(String(r.enrolment_id)) ? "present" : "absent"]));
  const saved = await saveRegister(sessionId, cohort.id, marks, actor);
  if (!saved.ok) return data({ error: "register.errors.notHeld" }, { status: 409 });
  throw redirect(`${BASE}/briefings/sessions/${cohort.id}?saved=register`);
}

export default function SessionCohortPage() {
  const { t } = useTranslation(PLUGIN_ID);
  const { cohort, sessions, roster } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={failed ? [{ message: t(failed.error) }] : []} />
      {saved ? (
        <NotificationBanner title={t("saved.title")} success>
          <p className="govuk-notification-banner__heading">{t(saved === "register" || saved === "withdrawn" ? `saved.${saved}` : "saved.cohort")}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{t(`kind.${cohort.kind}`)}</span>
      <h1 className="govuk-heading-l">{cohort.name}</h1>
      <p className="govuk-body">{cohort.dates}</p>
      {cohort.briefingId ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`${BASE}/briefings/${cohort.briefingId}`}>{t("sessions.forBriefing", { title: cohort.briefingTitle, version: cohort.version })}</Link>
        </p>
      ) : null}
      <p className="govuk-body">
        <a className="govuk-link" href={`${BASE}/briefings/sessions/${cohort.id}/calendar`}>{t("sessions.calendar")}</a>
      </p>
      {sessions.map((s) => (
        <Form method="post" key={s.id} id={`register-${s.id}`}>
          <input type="hidden" name="session" value={s.id} />
          <div className="govuk-form-group">
            <fieldset className="govuk-fieldset">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{t("register.legend", { title: s.title, when: s.when })}</legend>
              {s.register.length === 0 ? (
                <p className="govuk-body">{t("register.nobody")}</p>
              ) : (
                <div className="govuk-checkboxes govuk-checkboxes--small">
                  {s.register.map((r) =>
                    // Nobody marks their own attendance: the core keeps the marker's own place as it is.
                    r.own ? (
                      <p className="govuk-body" key={r.enrolmentId}>{t("register.ownRow", { name: r.name })}</p>
                    ) : (
                      <div className="govuk-checkboxes__item" key={r.enrolmentId}>
                        <input className="govuk-checkboxes__input" id={`present-${s.id}-${r.enrolmentId}`} name="present" type="checkbox" value={r.enrolmentId} defaultChecked={r.present} />
                        <label className="govuk-label govuk-checkboxes__label" htmlFor={`present-${s.id}-${r.enrolmentId}`}>{r.name}</label>
                      </div>
                    ),
                  )}
                </div>
              )}
            </fieldset>
          </div>
          {s.register.length ? <Button variant="secondary">{t("register.save")}<span className="govuk-visually-hidden"> {s.title}</span></Button> : null}
        </Form>
      ))}
      {/* Nobody booked or waiting yet: a sentence (keeping the number of places) rather than a count of 0 over an empty table. */}
      {roster.length === 0 ? (
        <p className="govuk-body">{t("sessions.rosterEmpty", { capacity: cohort.capacity })}</p>
      ) : (
        <Table
          caption={t("sessions.rosterCaption", { people: roster.length, capacity: cohort.capacity, count: cohort.capacity })}
          rows={roster}
          rowKey={(r) => r.id}
          columns={[
            { key: "name", header: t("sessions.person"), cell: (r) => r.name },
            { key: "team", header: t("progress.team"), cell: (r) => r.team },
            { key: "status", header: t("home.status"), cell: (r) => t(`common:status.${r.status}`, { position: r.position ?? "" }) },
            {
              key: "action",
              header: t("sessions.action"),
              cell: (r) =>
                r.withdrawable ? (
                  <Form method="post">
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
    </>
  );
}
