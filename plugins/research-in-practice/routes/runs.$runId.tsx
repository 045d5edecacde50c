import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { FieldMessages } from "../../../app/components/FieldMessages";
import { Pagination } from "../../../app/components/Pagination";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Table } from "../../../app/components/Table";
import type { Actor } from "../../../app/services/audit.server";
import { formatDate, formatDateTime } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { completionSchema } from "../forms";
import { PLUGIN_ID } from "../programme";
import { coursePath, runById, type Run } from "../server/catalogue.server";
import { choosesOwnPlace, completeLearners, completionClosed, completionStateOf, placeOnRun, rosterPageOfRun, withdrawFromRun } from "../server/learners.server";
import { decidedByLearningTeam, statusKey } from "../server/request-decider.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

async function runContext(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const run = params.runId ? await runById(params.runId) : undefined;
  if (!run) notFound();
  return { ...context, run };
}

/**
 * A learner's status as L&D read it. The shared status words speak to the learner ("your manager") on
 * their own pages; here staff read about someone else, so a request awaiting approval is in the third person.
 */
function statusForStaff(t: TFunction, status: string, position: number | null, learningTeamDecides: boolean) {
  const key = status === "requested" ? `run.status.${statusKey(status, learningTeamDecides)}` : `status.${status}`;
  return t(`${PLUGIN_ID}:${key}`, { position });
}

/** The places and requests L&D may take back; a completed course stays on the learner's record. */
const WITHDRAWABLE = ["requested", "enrolled", "waitlisted"];

/**
 * L&D withdrawing a learner from this run; the core audits, and gives a freed place to the first waiting
 * while the run is still on offer (not withdrawn, not started), read under the cohort's lock
 * (`withdrawFromRun`), not from the run this request read before it. Not their own place: L&D may withdraw at
 * any time, so withdrawing themselves here would take them off a started run's list that a colleague
 * completes. They cancel their own place on the course page before the run starts, as any learner does.
 */
async function withdrawLearner(run: Run, learner: FormDataEntryValue | null, actor: Actor, sentTo: string) {
  const place = await placeOnRun(run, learner);
  if (place && place.person_id === actor.personId) return data({ intent: "withdraw" as const, error: "run.errors.ownWithdrawal" }, { status: 409 });
  const enrolment = place && WITHDRAWABLE.includes(place.status) ? place : undefined;
  const result = enrolment ? await withdrawFromRun(run, enrolment.id, actor) : undefined;
  if (!result?.ok) return data({ intent: "withdraw" as const, error: "run.errors.notWithdrawable" }, { status: 400 });
  // Back to the page of learners the withdrawal was made on.
  const back = new URL(sentTo);
  const page = back.searchParams.get("page");
  return new Response(null, { status: 303, headers: { Location: `${back.pathname}?${new URLSearchParams({ ...(page ? { page } : {}), saved: "withdrawn" })}` } });
}

/** A run's learners for L&D, a page at a time: who attended and completed; completing writes their CPD hours. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, t, viewer, run } = await runContext(request, params);
  const url = new URL(request.url);
  const [shown, state] = await Promise.all([rosterPageOfRun(run, askedPage(url.searchParams)), completionStateOf(run.id)]);
  const roster = shown.rows;
  const closed = completionClosed(state);
  const toLearningTeam = await decidedByLearningTeam(roster.filter((r) => r.status === "requested").map((r) => r.person_id));
  return {
    title: t("research-in-practice:run.title", { course: run.title, date: formatDate(run.starts_on, locale) }),
    run: { course: run.title, courseId: run.course_id, courseHref: coursePath(run.course_id), date: formatDate(run.starts_on, locale), venue: run.venue, capacity: run.capacity },
    // Until completion opens the page offers no boxes, and says when it opens or why it never will.
    closed: closed ? t(`research-in-practice:run.closed.${closed}`, { when: formatDateTime(state.starts_at, locale) }) : null,
    withdrawn: url.searchParams.get("saved") === "withdrawn",
    paging: { total: shown.total, page: shown.page, pageCount: shown.pageCount },
    learners: roster.map((r) => ({ id: r.id, name: `${r.given_name} ${r.family_name}`, employee: r.employee_number, status: r.status, statusLabel: statusForStaff(t, r.status, r.waitlist_position, toLearningTeam.has(r.person_id)), withdrawable: WITHDRAWABLE.includes(r.status) && r.person_id !== viewer.personId, own: r.person_id === viewer.personId })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, run } = await runContext(request, params);
  const form = await readFormData(request);
  if (form.get("intent") === "withdraw") return withdrawLearner(run, form.get("learner"), actor, request.url);
  const submission = parseWithZod(form, { schema: completionSchema });
  if (submission.status !== "success") return data({ reply: submission.reply() }, { status: 400 });
  // The page offers no box for the viewer's own place; a form sent with it anyway records nothing.
  if (await choosesOwnPlace(run, submission.value.learner, actor)) return data({ reply: submission.reply({ fieldErrors: { learner: ["run.errors.own"] } }) }, { status: 400 });
  const result = await completeLearners(run, submission.value.learner, actor);
  // Completion is closed on the run (a page left open, or a form sent anyway), or everyone ticked had
  // already completed or left it: nothing was recorded, so say why at the field rather than report a
  // completion of nobody.
  if (!result.ok) return data({ reply: submission.reply({ fieldErrors: { learner: [result.error] } }) }, { status: result.error === "run.errors.learner" ? 400 : 409 });
  // The reply clears an error left from an earlier try, so the page shows the success alone.
  return { completed: result.completed, reply: submission.reply({ resetForm: true }) };
}

export default function RunPage() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const [form, fields] = useForm<z.input<typeof completionSchema>>({ id: "completion", lastResult: result && "reply" in result ? result.reply : undefined });
  type Learner = (typeof page.learners)[number];
  // The viewer's own place is recorded by a colleague, so it has no box here; nor has anyone's until completion opens.
  const completable = (l: Learner) => !page.closed && l.status === "enrolled" && !l.own;
  const enrolled = page.learners.filter(completable);
  const learnerError = firstError(t, fields.learner);
  // The checkboxes sit in the table's rows, so the summary links to the first of them.
  const firstBox = enrolled.length > 0 ? `learner-${enrolled[0].id}` : undefined;
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={learnerError ? [{ fieldId: firstBox, message: learnerError }] : result && "error" in result ? [{ message: t(result.error) }] : []} />
      <SuccessBanner title={t("course.doneTitle")} message={result && "completed" in result ? t("run.completed", { count: result.completed }) : page.withdrawn && t("run.withdrawn")} />
      <span className="govuk-caption-l">{page.run.course}</span>
      <h1 className="govuk-heading-l">{t("run.heading", { date: page.run.date })}</h1>
      <p className="govuk-body">{t("run.summary", { venue: page.run.venue, capacity: page.run.capacity })}</p>
      {page.closed ? <div className="govuk-inset-text">{page.closed}</div> : null}
      {page.learners.length === 0 ? (
        <p className="govuk-body">{t("run.none")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} noValidate>
          <div className={`govuk-form-group${learnerError ? " govuk-form-group--error" : ""}`}>
            <FieldMessages id="learner" error={learnerError} />
            <Table
              caption={t("run.caption", { total: page.paging.total, page: page.paging.page, pages: page.paging.pageCount })}
              rows={page.learners}
              rowKey={(l) => l.id}
              columns={[
                { key: "name", header: t("run.learner"), cell: (l) => `${l.name} (${l.employee})` },
                { key: "status", header: t("home.status"), cell: (l) => l.statusLabel },
                // Until completion opens, the page offers no column to record it.
                ...(page.closed ? [] : [{
                  key: "complete",
                  header: t("run.complete"),
                  cell: (l: Learner) =>
                    completable(l) ? (
                      <div className="govuk-checkboxes govuk-checkboxes--small">
                        <div className="govuk-checkboxes__item">
                          <input className="govuk-checkboxes__input" id={`learner-${l.id}`} name="learner" type="checkbox" value={l.id} aria-describedby={learnerError ? "learner-error" : undefined} />
                          <label className="govuk-label govuk-checkboxes__label" htmlFor={`learner-${l.id}`}>
                            <span className="govuk-visually-hidden">{t("run.completeLearner", { name: l.name })}</span>
                            {t("run.attended")}
                          </label>
                        </div>
                      </div>
                    ) : l.own && l.status === "enrolled" ? (
                      t("run.ownPlace")
                    ) : null,
                }]),
                {
                  key: "withdraw",
                  header: t("run.withdraw"),
                  // Each button submits its own form below: forms cannot nest inside the completion form.
                  cell: (l) =>
                    l.withdrawable ? (
                      <Button variant="warning" form={`withdraw-${l.id}`} className="govuk-!-margin-bottom-0">
                        {t("run.withdraw")}
                        <span className="govuk-visually-hidden">: {l.name}</span>
                      </Button>
                    ) : null,
                },
              ]}
            />
          </div>
          {enrolled.length > 0 ? <Button>{t("run.submit")}</Button> : null}
        </Form>
      )}
      <Pagination page={page.paging.page} pageCount={page.paging.pageCount} search={location.search} />
      {page.learners.filter((l) => l.withdrawable).map((l) => (
        <Form key={l.id} method="post" id={`withdraw-${l.id}`}>
          <input type="hidden" name="intent" value="withdraw" />
          <input type="hidden" name="learner" value={l.id} />
        </Form>
      ))}
      <p className="govuk-body"><Link className="govuk-link" to={page.run.courseHref}>{t("run.back")}</Link></p>
    </>
  );
}
