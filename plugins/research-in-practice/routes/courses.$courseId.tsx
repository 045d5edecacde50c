import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { FormToken } from "../../../app/components/FormToken";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Pagination } from "../../../app/components/Pagination";
import { Radios } from "../../../app/components/Radios";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import type { Actor } from "../../../app/services/audit.server";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound } from "../../../app/utils/http.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { askedPage } from "../../../app/utils/paging.server";
import { can } from "../../../app/utils/permissions.server";
import { tailoredRunSchema } from "../forms";
import { FEED_LANG, PLUGIN_ID } from "../programme";
import { COURSE_WITHDRAWN, courseById, createTailoredRunFromForm, onOffer, runById, runPath, startedRunsOf, upcomingRunsOf } from "../server/catalogue.server";
import { BOOKING_COURSE_WITHDRAWN, bookingsOf, bookPlace, cancelPlace } from "../server/learners.server";
import { decidedByLearningTeam, statusKey } from "../server/request-decider.server";
import { formatNumber } from "../../../app/utils/number-format";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

type Booking = Awaited<ReturnType<typeof bookingsOf>>[number];

/** What the learner holds on a run: "You are booked" only for a place; otherwise where they stand. */
function bookingLabel(t: TFunction, booking: Booking | undefined, learningTeamDecides: boolean) {
  if (!booking) return null;
  if (booking.status === "enrolled") return t(`${PLUGIN_ID}:course.booked`);
  return t(`${PLUGIN_ID}:status.${statusKey(booking.status, learningTeamDecides)}`, { position: booking.waitlist_position });
}

/** The learner's own bookings they may still undo, and what each undoing is called when done. */
const UNDONE = { enrolled: "cancelled", waitlisted: "left", requested: "requestWithdrawn" } as const;
type Undoable = keyof typeof UNDONE;

/**
 * The status of a booking the learner may still cancel, leave or withdraw: only before the run's first day,
 * the same rule as booking. `today` is London's date, where the run takes place. What the page offers; a
 * cancellation sent is decided again under the run's lock (`cancelPlace`), where the sync may have moved it.
 */
function undoable(booking: Booking | undefined, today: string): Undoable | null {
  if (!booking || booking.starts_on <= today || !(booking.status in UNDONE)) return null;
  return booking.status as Undoable;
}

/** The learner cancelling their own booking on a run; the core gives a freed place to the first waiting. */
async function cancelBooking(personId: number, runId: FormDataEntryValue | null, actor: Actor, here: string) {
  const booking = (await bookingsOf(personId)).find((b) => b.run_id === runId);
  const status = undoable(booking, londonToday());
  if (!booking || !status) return data({ intent: "withdraw" as const, error: "course.errors.notWithdrawable" }, { status: 400 });
  // Decided again under the run's lock: whether it has started (the sync may have moved it since the read
  // above), and whether the place given up goes to the first waiting (only while the run is on offer).
  // A refusal there means the booking or the run changed since it was read: a conflict, so the page is
  // drawn again as it now is. The message names what was given up under the lock, which may not be what
  // was read above (a waiting learner promoted meanwhile has given up a place).
  const result = await cancelPlace(booking.id, booking.cohort_id, actor);
  if (!result.ok) return data({ intent: "withdraw" as const, error: result.error }, { status: 409 });
  return new Response(null, { status: 303, headers: { Location: `${here}?saved=${UNDONE[result.was]}` } });
}

/**
 * The tailored-run form refused because the provider has withdrawn the course: the page was drawn before the
 * withdrawal, so a conflict (409), and the page is drawn again as it now is, without the form and saying why.
 */
const courseWithdrawnReply = () => data({ intent: "tailored" as const, error: COURSE_WITHDRAWN }, { status: 409 });

async function courseContext(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const course = params.courseId ? await courseById(params.courseId) : undefined;
  if (!course) notFound();
  return { ...context, course };
}

/**
 * A course: what it covers, its runs still to come with places, booking, and for L&D a tailored council-only
 * run and the runs that have started, a page at a time, leading to each run's learners.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, locale, t, course } = await courseContext(request, params);
  const url = new URL(request.url);
  const today = londonToday();
  const manage = can(viewer, "cohorts.manage");
  const [runs, mine, started] = await Promise.all([upcomingRunsOf(course.id, today), bookingsOf(viewer.personId), manage ? startedRunsOf(course.id, askedPage(url.searchParams), today) : null]);
  const saved = url.searchParams.get("saved");
  const learningTeamDecides = mine.some((b) => b.status === "requested") && (await decidedByLearningTeam([viewer.personId])).size > 0;
  return {
    title: course.title,
    course: { id: course.id, title: course.title, format: course.format, summary: course.summary, objectives: course.objectives, hours: formatNumber(course.cpd_hours, locale), kss: course.kss, pcf: course.pcf, withdrawn: course.withdrawn === 1 },
    manage,
    // The tailored-run form's one-time token: the same form sent twice (a double click, a resend) makes one run.
    // A course the provider has withdrawn is offered no form, so it has no token either.
    formToken: manage && course.withdrawn !== 1 ? newFormToken() : null,
    saved: saved && ["enrolled", "waitlisted", "requested", "requestedToLearningTeam", "tailored", ...Object.values(UNDONE)].includes(saved) ? saved : null,
    runs: runs.map((r) => ({
      id: r.id,
      href: runPath(r.id),
      date: formatDate(r.starts_on, locale),
      venue: r.venue,
      left: Math.max(0, r.capacity - Number(r.taken)),
      tailored: r.tailored === 1,
      approval: r.requires_manager_approval === 1,
      // A council-only run is not withdrawn with its course (it is not in the feed), so the course is asked too.
      bookable: onOffer({ ...r, course_withdrawn: course.withdrawn }, today) && !mine.some((b) => b.run_id === r.id),
      booking: bookingLabel(t, mine.find((b) => b.run_id === r.id), learningTeamDecides),
      cancel: undoable(mine.find((b) => b.run_id === r.id), today),
      withdrawn: r.withdrawn === 1,
      statusLabel: t(`research-in-practice:course.${r.withdrawn ? "withdrawn" : "scheduled"}`),
    })),
    started: started && { ...started, rows: started.rows.map((r) => ({ id: r.id, href: runPath(r.id), date: formatDate(r.starts_on, locale), venue: r.venue, tailored: r.tailored === 1, withdrawn: r.withdrawn === 1 })) },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, actor, course } = await courseContext(request, params);
  const form = await readFormData(request);
  const here = new URL(request.url).pathname;
  if (form.get("intent") === "withdraw") return cancelBooking(viewer.personId, form.get("run"), actor, here);
  if (form.get("intent") === "tailored") {
    if (!can(viewer, "cohorts.manage")) return new Response(null, { status: 403 });
    // Refused before its fields are checked: the page drawn again offers no form for their errors to point at.
    if (course.withdrawn === 1) return courseWithdrawnReply();
    const submission = parseWithZod(form, { schema: tailoredRunSchema });
    if (submission.status !== "success") return data({ intent: "tailored" as const, reply: submission.reply() }, { status: 400 });
    // Sent again, the form makes nothing; the page it lands on lists the run its first send made. Whether the
    // course is withdrawn is decided again where the run is written, so a sync withdrawing it since is seen.
    const made = await createTailoredRunFromForm(course, { ...submission.value, managerApproval: submission.value.managerApproval === "yes" }, actor, formTokenOf(form));
    if (!made.ok) return courseWithdrawnReply();
    return new Response(null, { status: 303, headers: { Location: `${here}?saved=tailored` } });
  }
  // Only the run being booked is read, and only if it is this course's; whether it is still on offer is
  // decided under its cohort's lock, where the sync withdraws it.
  const runId = form.get("run");
  const run = typeof runId === "string" ? await runById(runId) : undefined;
  if (!run || run.course_id !== course.id) return data({ intent: "book" as const, error: "course.errors.notBookable" }, { status: 400 });
  // A run that needs approval becomes a request in the manager's /team inbox, or L&D's when nobody on the
  // learner's line can act on the portal; the page says which.
  const result = await bookPlace(run, viewer.personId, actor);
  // The course was withdrawn since the page offered the date: a conflict, so the page is drawn again without it.
  if (!result.ok) return data({ intent: "book" as const, error: result.error }, { status: result.error === BOOKING_COURSE_WITHDRAWN ? 409 : 400 });
  const saved = result.decider === "learning_development" ? "requestedToLearningTeam" : result.status;
  return new Response(null, { status: 303, headers: { Location: `${here}?saved=${saved}` } });
}

export default function CoursePage() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const [form, fields] = useForm<z.input<typeof tailoredRunSchema>>({ id: "tailored", lastResult: result?.intent === "tailored" && "reply" in result ? result.reply : undefined });
  const errors = [...summaryItems(t, [fields.name, fields.startsOn, fields.endsOn, fields.venue, fields.capacity, fields.managerApproval], form.errors), ...(result && "error" in result ? [{ message: t(result.error) }] : [])];
  const c = page.course;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("course.doneTitle")} message={page.saved && t(`course.saved.${page.saved}`)} />
        <span className="govuk-caption-l">{t(`formats.${c.format}`)}</span>
        <h1 className="govuk-heading-l">{c.title} {c.withdrawn ? <Tag colour="red">{t("course.withdrawn")}</Tag> : null}</h1>
        <p className="govuk-body" lang={FEED_LANG}>{c.summary}</p>
        <h2 className="govuk-heading-m">{t("course.objectives")}</h2>
        <ol className="govuk-list govuk-list--number" lang={FEED_LANG}>
          {c.objectives.map((o) => <li key={o}>{o}</li>)}
        </ol>
        <p className="govuk-body">{t("course.hours", { hours: c.hours })}</p>
        {c.kss.length > 0 ? <p className="govuk-body">{t("course.kss", { statements: c.kss.join(", ") })}</p> : null}
        {/* The label is ours, in the page's language; the domains are the provider's, in English. */}
        {c.pcf.length > 0 ? <p className="govuk-body">{t("course.pcf")} <span lang={FEED_LANG}>{c.pcf.join(", ")}</span></p> : null}
        <h2 className="govuk-heading-m">{t("course.runs")}</h2>
        {/* Its council-only runs stay listed for those holding a place, who may still give it up; none can be booked. */}
        {c.withdrawn && page.runs.length > 0 ? <div className="govuk-inset-text">{t("course.bookingCourseWithdrawn")}</div> : null}
        {page.runs.length === 0 ? (
          // An e-learning course is self-paced; any other has no date to offer until the provider schedules one.
          <p className="govuk-body">{t(c.format === "e_learning" ? "course.noRuns" : "course.noUpcomingRuns")}</p>
        ) : (
          <Table
            caption={t("course.runsCaption")}
            rows={page.runs}
            rowKey={(r) => r.id}
            columns={[
              { key: "date", header: t("home.date"), cell: (r) => (page.manage ? <Link className="govuk-link" to={r.href}>{r.date}</Link> : r.date) },
              { key: "venue", header: t("course.venue"), cell: (r) => <>{r.venue}{r.tailored ? <> <Tag colour="blue">{t("course.tailored")}</Tag></> : null}</> },
              { key: "left", header: t("course.placesLeft"), numeric: true, cell: (r) => (r.withdrawn ? r.statusLabel : r.left) },
              {
                key: "book",
                header: t("course.book"),
                cell: (r) =>
                  r.booking ? (
                    <>
                      {r.booking}
                      {r.cancel ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="withdraw" />
                          <input type="hidden" name="run" value={r.id} />
                          <Button variant="secondary" className="govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                            {t(`course.cancel.${r.cancel}`)}
                            <span className="govuk-visually-hidden">: {r.date}</span>
                          </Button>
                        </Form>
                      ) : null}
                    </>
                  ) : r.bookable ? (
                    <Form method="post">
                      <input type="hidden" name="run" value={r.id} />
                      <Button className="govuk-!-margin-bottom-0">
                        {t(r.left > 0 ? "course.bookPlace" : "course.joinWaitingList")}
                        <span className="govuk-visually-hidden">: {r.date}</span>
                      </Button>
                    </Form>
                  ) : null,
              },
            ]}
          />
        )}
        {page.started && page.started.total > 0 ? (
          <>
            <h2 className="govuk-heading-m">{t("course.startedHeading")}</h2>
            <p className="govuk-body">{t("course.startedIntro", { count: page.started.total })}</p>
            <Table
              caption={t("course.startedCaption")}
              rows={page.started.rows}
              rowKey={(r) => r.id}
              columns={[
                { key: "date", header: t("home.date"), cell: (r) => <Link className="govuk-link" to={r.href}>{r.date}</Link> },
                { key: "venue", header: t("course.venue"), cell: (r) => <>{r.venue}{r.tailored ? <> <Tag colour="blue">{t("course.tailored")}</Tag></> : null}{r.withdrawn ? <> <Tag colour="red">{t("course.withdrawn")}</Tag></> : null}</> },
              ]}
            />
            <Pagination page={page.started.page} pageCount={page.started.pageCount} search={location.search} />
          </>
        ) : null}
        {page.manage && c.withdrawn ? (
          <>
            <h2 className="govuk-heading-m">{t("course.tailoredHeading")}</h2>
            <p className="govuk-body">{t("course.tailoredCourseWithdrawn")}</p>
          </>
        ) : page.manage ? (
          <Form method="post" {...getFormProps(form)} noValidate>
            {page.formToken ? <FormToken value={page.formToken} /> : null}
            <input type="hidden" name="intent" value="tailored" />
            <h2 className="govuk-heading-m">{t("course.tailoredHeading")}</h2>
            <p className="govuk-body">{t("course.tailoredIntro")}</p>
            <Field {...getInputProps(fields.name, { type: "text" })} key={fields.name.key} id={fields.name.id} name={fields.name.name} label={t("course.runName")} hint={t("course.runNameHint")} error={firstError(t, fields.name)} />
            <Field {...getInputProps(fields.startsOn, { type: "date" })} key={fields.startsOn.key} id={fields.startsOn.id} name={fields.startsOn.name} label={t("course.startsOn")} error={firstError(t, fields.startsOn)} />
            <Field {...getInputProps(fields.endsOn, { type: "date" })} key={fields.endsOn.key} id={fields.endsOn.id} name={fields.endsOn.name} label={t("course.endsOn")} error={firstError(t, fields.endsOn)} />
            <Field {...getInputProps(fields.venue, { type: "text" })} key={fields.venue.key} id={fields.venue.id} name={fields.venue.name} label={t("course.venue")} error={firstError(t, fields.venue)} />
            <Field {...getInputProps(fields.capacity, { type: "text" })} key={fields.capacity.key} id={fields.capacity.id} name={fields.capacity.name} label={t("course.capacity")} inputMode="numeric" className="govuk-input--width-4" error={firstError(t, fields.capacity)} />
            <Radios id={fields.managerApproval.id} name={fields.managerApproval.name} legend={t("course.approval")} error={firstError(t, fields.managerApproval)} defaultValue={fields.managerApproval.initialValue as string | undefined} inline options={[{ value: "yes", label: t("course.yes") }, { value: "no", label: t("course.no") }]} />
            <Button>{t("course.createRun")}</Button>
          </Form>
        ) : null}
        <p className="govuk-body"><Link className="govuk-link" to={`/programmes/${PLUGIN_ID}`}>{t("course.back")}</Link></p>
      </div>
    </div>
  );
}
