import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { describedBy, FieldMessages } from "../../../app/components/FieldMessages";
import { FormToken } from "../../../app/components/FormToken";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { managerCanAct } from "../../../app/services/manager-on-portal.server";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { formatDate } from "../../../app/utils/dates";
import type { Locale } from "../../../app/utils/i18n";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { parseId } from "../../../app/utils/http.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageMeta } from "../../../app/utils/meta";
import { can } from "../../../app/utils/permissions.server";
import { offerResponseSchema, otjSchema } from "../forms";
import { OWN_PAGE_SECTIONS, PLUGIN_ID } from "../programme";
import { applicationEligibility, applicationsOfPerson, openToChange, respond } from "../server/applications.server";
import { currentPlacesOf } from "../server/current-place.server";
import { openIntakes } from "../server/intakes.server";
import { apprentices, currentApprenticeship, logOffTheJob, weekOf, weeklyLog, type Apprentice } from "../server/progress.server";
import { apprenticeshipSettings } from "../server/settings.server";
import { applicationStage, eligibilityText, hours, otjStanding, practiceDays, stageName, weeklyMinimum } from "../server/views.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** A member of staff's apprenticeship page: open intakes, their applications, and as an apprentice, their log. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  // London's date: from midnight to 1am in summer, UTC's would still list an intake that closed yesterday.
  const today = londonToday();
  // Someone moved to a new intake may still hold the old one's place: their page is the one they are on now.
  const [intakes, applications, settings, apprentice, places] = await Promise.all([openIntakes(today), applicationsOfPerson(viewer.personId), apprenticeshipSettings(), apprentices([viewer.personId]).then(currentApprenticeship), currentPlacesOf(viewer.personId)]);
  const log = apprentice ? await weeklyLog(viewer.personId) : null;
  const saved = new URL(request.url).searchParams.get("saved");
  // Asked only while an application waits for support: then whether L&D record it names the stage, and the
  // reason it is not yet eligible.
  const waiting = applications.some((a) => a.manager_support === "pending");
  const supportByLearningTeam = waiting && !(await managerCanAct(viewer.personId));
  return {
    title: t("apprenticeship:home.title"),
    saved: saved && ["applied", "appliedToLearningTeam", "logged", "accepted", "declined"].includes(saved) ? saved : null,
    manage: can(viewer, "cohorts.manage"),
    intakes: intakes.map((i) => ({
      id: i.id,
      name: i.name,
      university: i.university,
      startsOn: formatDate(i.starts_on, locale),
      closesOn: formatDate(i.enrolment_closes_on, locale),
      applied: applications.some((a) => a.intake_id === i.id),
      // Someone holding a place on another intake cannot apply for this one (the apply page refuses): their place is named instead.
      placeHeld: places.find((p) => p.cohortId !== i.cohort_id)?.name ?? null,
    })),
    // Where on this page the place held is shown: their apprenticeship once it has begun, else the application that gave it.
    placeHref: apprentice ? `#${OWN_PAGE_SECTIONS.apprenticeship}` : applications.length > 0 ? `#${OWN_PAGE_SECTIONS.applications}` : null,
    applications: applications.map((a) => {
      const stage = applicationStage(a);
      const { eligible, reasons } = applicationEligibility(a, settings, supportByLearningTeam ? "learning_development" : "manager");
      return {
        id: a.id,
        intakeId: a.intake_id,
        intake: a.intake_name,
        stage,
        stageName: stageName(stage, "applicant", t, supportByLearningTeam),
        eligible,
        eligibility: eligibilityText(reasons, settings.minServiceMonths, "applicant", t),
        managerReason: a.manager_support === "withheld" ? a.manager_reason : null,
        feedback: a.decision ? a.feedback : null,
        canRespond: a.enrolment_status === "enrolled" && !a.response && a.decision !== null,
        // Not once shortlisted: the panel reads it as it was, and a change sent now would be refused.
        canEdit: openToChange(a),
      };
    }),
    apprentice: apprentice ? ownApprenticeship(apprentice, log!.rows, locale, t) : null,
    // The hours form's one-time token: the same form sent twice (a second click, a resend) logs its hours once.
    formToken: newFormToken(),
  };
}

type OtjEntry = Awaited<ReturnType<typeof weeklyLog>>["rows"][number];

/**
 * The viewer's own apprenticeship. Once registered as a social worker they have finished: no hours,
 * reviews or practice days are due, as readiness and the /me card say, so the page says when they finished
 * instead (not "0 of 30 days" still to do), and their past hours stay as a record.
 */
function ownApprenticeship(apprentice: Apprentice, logged: OtjEntry[], locale: Locale, t: TFunction) {
  const record = {
    cohort: apprentice.cohort,
    entries: logged.map((r) => ({ id: r.id, week: formatDate(r.week_of, locale), hours: hours(r.minutes, locale), activity: r.activity })),
  };
  const registeredOn = apprentice.completion?.registered_on;
  if (registeredOn) return { ...record, finished: t("apprenticeship:widget.me.finished", { date: formatDate(registeredOn, locale) }) };
  return {
    ...record,
    finished: null,
    behind: apprentice.compliance.behind > 0,
    // Put into words here, where each count is still a number its noun can agree with.
    standing: otjStanding(apprentice.compliance, locale, t),
    weekly: weeklyMinimum(apprentice.compliance, locale, t),
    reviewDue: formatDate(apprentice.reviewDue, locale),
    reviewOverdue: apprentice.reviewOverdue,
    practice: apprentice.practice.map((p) => ({ kind: p.kind, days: practiceDays(p.done, p.required, t) })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, actor, locale, t } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const form = await readFormData(request);
  if (form.get("intent") === "respond") {
    const id = parseId(String(form.get("application") ?? ""));
    const mine = (await applicationsOfPerson(viewer.personId)).find((a) => a.id === id);
    // Declining withdraws the place for good, so only an answer that says "declined" declines.
    const answer = offerResponseSchema.safeParse({ response: form.get("response") ?? undefined });
    if (!answer.success) return data({ intent: "respond" as const, error: "offer.errors.response", application: mine?.id ?? null }, { status: 400 });
    const accept = answer.data.response === "accepted";
    const result = mine ? await respond(mine, accept, actor) : { ok: false as const, error: "offer.errors.none" };
    // Beside the offer answered (a place held on another intake, say), and linked from the summary.
    if (!result.ok) return data({ intent: "respond" as const, error: result.error, application: mine?.id ?? null }, { status: 400 });
    return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}?saved=${accept ? "accepted" : "declined"}` } });
  }
  const submission = parseWithZod(form, { schema: otjSchema });
  const apprentice = currentApprenticeship(await apprentices([viewer.personId]));
  // Registered social workers have finished: hours logged now would count towards nothing. Refused before
  // the fields are checked, as their page has no form to correct them in.
  if (apprentice?.completion?.registered_on) return data({ intent: "otj" as const, reply: submission.reply({ formErrors: ["otj.errors.finished"] }) }, { status: 400 });
  if (submission.status !== "success") return data({ intent: "otj" as const, reply: submission.reply() }, { status: 400 });
  if (!apprentice) return data({ intent: "otj" as const, reply: submission.reply({ formErrors: ["otj.errors.notApprentice"] }) }, { status: 400 });
  // Hours are owed from the week the apprenticeship starts, or for a late joiner from the week they were given
  // their place or accepted their offer (`owedFrom`): a week over before then counts towards nothing, yet would
  // be added to what they have logged and hide a shortfall. A late joiner is told the day, which their intake's
  // start is not, in words true of both.
  if (weekOf(submission.value.weekOf) < weekOf(apprentice.owedFrom)) {
    const late = apprentice.owedFrom > apprentice.startsOn;
    const detail = late ? t("apprenticeship:otj.errors.beforePlace", { date: formatDate(apprentice.owedFrom, locale) }) : undefined;
    return data({ intent: "otj" as const, reply: submission.reply({ fieldErrors: { weekOf: [late ? "otj.errors.beforePlace" : "otj.errors.beforeStart"] } }), detail }, { status: 400 });
  }
  const logged = await logOffTheJob(viewer.personId, { weekOf: submission.value.weekOf, minutes: Math.round(submission.value.hours * 60), activity: submission.value.activity }, actor, formTokenOf(form));
  // Registered while the hours were on their way: refused as above, now that the page says they finished.
  if (!logged.ok) return data({ intent: "otj" as const, reply: submission.reply({ formErrors: [logged.error] }) }, { status: 400 });
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}?saved=logged` } });
}

const STAGE_COLOUR: Record<string, "grey" | "blue" | "green" | "red" | "yellow"> = { submitted: "grey", supported: "blue", not_supported: "red", shortlisted: "blue", offered: "green", accepted: "green", reserve: "yellow", declined: "red", offer_declined: "grey", withdrawn: "grey" };

/** Where a finished apprentice reads that they finished, and why hours they send are refused. */
const FINISHED_ID = "otj-finished";

export default function ApprenticeshipHome() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof otjSchema>>({ id: "otj", lastResult: result?.intent === "otj" ? result.reply : undefined });
  // A refused answer to an offer belongs next to that offer's buttons when it names the offer.
  const responseRefused = result?.intent === "respond" ? result : null;
  const responseId = (applicationId: number) => `response-${applicationId}`;
  const responseError = (applicationId: number) => (responseRefused?.application === applicationId ? t(responseRefused.error) : undefined);
  // A finished apprentice has no log form, so a refused post's reason stands beside the statement that they finished.
  const finished = page.apprentice?.finished ?? null;
  const finishedError = finished && form.errors?.length ? t(form.errors[0]) : undefined;
  // A refusal naming a day comes worded from the action, which knows the day: the key alone has no date.
  const otjDetail = result?.intent === "otj" && "detail" in result ? result.detail : undefined;
  const weekError = fields.weekOf.errors?.length ? (otjDetail ?? firstError(t, fields.weekOf)) : undefined;
  const otjErrors = finished
    ? finishedError
      ? [{ fieldId: FINISHED_ID, message: finishedError }]
      : []
    : summaryItems(t, [fields.weekOf, fields.hours, fields.activity], form.errors).map((item) => (item.fieldId === fields.weekOf.id && weekError ? { ...item, message: weekError } : item));
  const errors = [...otjErrors, ...(responseRefused ? [{ fieldId: responseRefused.application ? responseId(responseRefused.application) : undefined, message: t(responseRefused.error) }] : [])];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("home.doneTitle")} message={page.saved && t(`home.saved.${page.saved}`)} />
        <h1 className="govuk-heading-l">{t("home.title")}</h1>
        <p className="govuk-body">{t("home.intro")}</p>
        {page.manage ? (
          <ul className="govuk-list">
            <li><Link className="govuk-link" to="intakes">{t("intakes.title")}</Link></li>
            <li><Link className="govuk-link" to="apprentices">{t("apprentices.title")}</Link></li>
            <li><Link className="govuk-link" to="funding">{t("funding.title")}</Link></li>
            <li><Link className="govuk-link" to="settings">{t("settings.title")}</Link></li>
          </ul>
        ) : null}
        {page.apprentice ? (
          <section aria-labelledby="my-apprenticeship">
            <h2 className="govuk-heading-m" id={OWN_PAGE_SECTIONS.apprenticeship}>{t("home.apprenticeHeading", { cohort: page.apprentice.cohort })}</h2>
            {page.apprentice.finished !== null ? (
              <div className={`govuk-form-group${finishedError ? " govuk-form-group--error" : ""}`}>
                <FieldMessages id={FINISHED_ID} error={finishedError} />
                <p className="govuk-body" id={FINISHED_ID} tabIndex={-1}>{page.apprentice.finished}</p>
              </div>
            ) : null}
            {page.apprentice.finished === null ? (
              <>
                <SummaryList
                  rows={[
                    { key: "otj", label: t("otj.label"), value: page.apprentice.behind ? <><Tag colour="red">{t("otj.behindTag")}</Tag> {page.apprentice.standing}</> : <><Tag colour="green">{t("otj.onTrackTag")}</Tag> {page.apprentice.standing}</> },
                    { key: "weekly", label: t("otj.weekly"), value: page.apprentice.weekly },
                    { key: "review", label: t("review.next"), value: page.apprentice.reviewOverdue ? <><Tag colour="red">{t("review.overdueTag")}</Tag> {page.apprentice.reviewDue}</> : page.apprentice.reviewDue },
                    ...page.apprentice.practice.map((p) => ({ key: p.kind, label: t(`practice.kinds.${p.kind}`), value: p.days })),
                  ]}
                />
                <h3 className="govuk-heading-s">{t("otj.addHeading")}</h3>
                <Form method="post" {...getFormProps(form)} noValidate>
                  <FormToken value={page.formToken} />
                  <Field {...getInputProps(fields.weekOf, { type: "date" })} key={fields.weekOf.key} id={fields.weekOf.id} name={fields.weekOf.name} label={t("otj.week")} hint={t("otj.weekHint")} error={weekError} />
                  <Field {...getInputProps(fields.hours, { type: "text" })} key={fields.hours.key} id={fields.hours.id} name={fields.hours.name} label={t("otj.hours")} inputMode="decimal" className="govuk-input--width-4" error={firstError(t, fields.hours)} />
                  <Field {...getInputProps(fields.activity, { type: "text" })} key={fields.activity.key} id={fields.activity.id} name={fields.activity.name} label={t("otj.activity")} hint={t("otj.activityHint")} error={firstError(t, fields.activity)} />
                  <Button>{t("otj.submit")}</Button>
                </Form>
              </>
            ) : null}
            {page.apprentice.entries.length > 0 ? (
              <Table
                caption={t("otj.caption")}
                rows={page.apprentice.entries}
                rowKey={(e) => e.id}
                columns={[
                  { key: "week", header: t("otj.week"), cell: (e) => e.week },
                  { key: "activity", header: t("otj.activity"), cell: (e) => e.activity },
                  { key: "hours", header: t("otj.hours"), numeric: true, cell: (e) => e.hours },
                ]}
              />
            ) : null}
          </section>
        ) : null}
        <h2 className="govuk-heading-m" id={OWN_PAGE_SECTIONS.intakes}>{t("home.intakesHeading")}</h2>
        {page.intakes.length === 0 ? (
          <p className="govuk-body">{t("home.noIntakes")}</p>
        ) : (
          <ul className="govuk-list">
            {page.intakes.map((i) => (
              <li key={i.id}>
                <p className="govuk-body">{t("home.intake", { name: i.name, university: i.university, startsOn: i.startsOn, closesOn: i.closesOn })}</p>
                {i.placeHeld ? (
                  <p className="govuk-body">
                    {t("home.placeHeld", { intake: i.placeHeld })}
                    {page.placeHref ? <> <a className="govuk-link" href={page.placeHref}>{t("home.seePlace")}</a></> : null}
                  </p>
                ) : !i.applied ? (
                  <Link className="govuk-button" to={`apply/${i.id}`}>{t("home.apply")}<span className="govuk-visually-hidden">: {i.name}</span></Link>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {page.applications.length > 0 ? <h2 className="govuk-heading-m" id={OWN_PAGE_SECTIONS.applications}>{t("home.applicationsHeading")}</h2> : null}
        {page.applications.map((a) => (
          <section key={a.id} className="pathways-widget" aria-label={a.intake}>
            <h3 className="govuk-heading-s">{a.intake} <Tag colour={STAGE_COLOUR[a.stage]}>{a.stageName}</Tag></h3>
            {a.eligible ? (
              <p className="govuk-body">{a.eligibility[0]}</p>
            ) : (
              <ul className="govuk-list govuk-list--bullet">
                {a.eligibility.map((reason) => <li key={reason}>{reason}</li>)}
              </ul>
            )}
            {a.managerReason ? <p className="govuk-body">{t("home.managerReason", { reason: a.managerReason })}</p> : null}
            {a.feedback ? <p className="govuk-body">{t("home.feedback", { feedback: a.feedback })}</p> : null}
            {a.canRespond ? (
              <div className={`govuk-form-group${responseError(a.id) ? " govuk-form-group--error" : ""}`}>
                <FieldMessages id={responseId(a.id)} error={responseError(a.id)} />
                <Form method="post" className="govuk-button-group">
                  <input type="hidden" name="intent" value="respond" />
                  <input type="hidden" name="application" value={a.id} />
                  <Button id={responseId(a.id)} name="response" value="accepted" aria-describedby={describedBy(responseId(a.id), undefined, responseError(a.id)).describedBy}>{t("offer.accept")}</Button>
                  <Button name="response" value="declined" variant="secondary">{t("offer.decline")}</Button>
                </Form>
              </div>
            ) : null}
            {a.canEdit ? <Link className="govuk-link" to={`apply/${a.intakeId}`}>{t("home.edit")}<span className="govuk-visually-hidden">: {a.intake}</span></Link> : null}
          </section>
        ))}
      </div>
    </div>
  );
}
