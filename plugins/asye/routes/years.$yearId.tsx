import { getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { FormToken } from "../../../app/components/FormToken";
import { NotificationBanner, SuccessBanner } from "../../../app/components/NotificationBanner";
import { Radios } from "../../../app/components/Radios";
import { Textarea } from "../../../app/components/Textarea";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { forbidden, parseId } from "../../../app/utils/http.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { YearRecord } from "../components/YearRecord";
import { decisionSchema, evidenceSchema, leaveSchema, reassignSchema, recommendationSchema, reviewSchema, supervisionSchema } from "../forms";
import { DECISIONS, EVIDENCE_KINDS, PLUGIN_ID, RECOMMENDATIONS, REVIEW_OUTCOMES } from "../programme";
import { addEvidence, recordLeave, recordReview, recordSupervision } from "../server/changes.server";
import { decide, recommend, recommendationWait } from "../server/decisions.server";
import { contextFor, yearGuard } from "../server/guards.server";
import { personByEmployeeNumber } from "../server/list.server";
import { reassign, rolesAsNumbers } from "../server/reassign.server";
import { reviewOpensOn } from "../server/schedule";
import { isOpen } from "../server/year-lock.server";
import type { YearPicture } from "../server/years.server";
import { yearView } from "../server/views.server";

// The forms share date and text inputs; their fields belong to different schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<string, any, string[]>;

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
// After "the recommendation changed" (409) the decision form sends the recommendation as it stands now, or it would be refused again.
export const shouldRevalidate = revalidateOnConflict;

const SAVED = ["started", "review", "evidence", "supervision", "leave", "recommendation", "pass", "extend", "fail", "reassign"];
const INTENTS = ["review", "evidence", "supervision", "leave", "recommendation", "decision", "reassign"] as const;
type Intent = (typeof INTENTS)[number];

/** The reviews not yet recorded that can be held by today, so a later one (the final review in month 1) is not offered by mistake. */
const reviewsToRecord = (picture: YearPicture, today = londonToday()) => picture.reviews.filter((r) => !r.recorded && reviewOpensOn(picture.year.starts_on, picture.schedule, r.month) <= today).map((r) => r.month);

/**
 * One ASYE year for the people who support it: its manager, assessor and supervisor record reviews,
 * evidence, supervision and leave; the assessor recommends; L&D (the panel) decide.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, locale, t, picture, isAssessor, canDecide } = await yearGuard(request, params);
  const open = picture.status === "in_progress" || picture.status === "awaiting_decision";
  const query = new URL(request.url).searchParams;
  const saved = query.get("saved");
  const view = yearView(picture, locale);
  // The assessor is told why they cannot recommend yet, rather than finding no form.
  const waiting = open && isAssessor ? recommendationWait(picture) : null;
  // The year's assessor is not on the panel that moderates their recommendation, even when they are L&D.
  const onThePanel = canDecide && !isAssessor;
  // Leave recorded since the recommendation can move the year's end past today: the panel waits for it too.
  const decisionWait = open && onThePanel && picture.year.recommendation !== null && recommendationWait(picture) !== null;
  const canReassign = open && canDecide;
  return {
    title: t("asye:year.title", { name: view.name }),
    view,
    open,
    months: reviewsToRecord(picture),
    canRecommend: open && isAssessor && waiting === null,
    recommendationWait: waiting,
    canDecide: open && onThePanel && picture.year.recommendation !== null && picture.year.recommended_by !== viewer.personId && !decisionWait,
    decisionWait,
    // L&D change the assessor or supervisor, by employee number as on the start form; the ids the page
    // showed go back with the form, so a colleague's change made since is read first.
    roles: canReassign ? { ...(await rolesAsNumbers(picture)), shownAssessor: picture.year.assessor_id, shownSupervisor: picture.year.supervisor_id } : null,
    // The recommendation the decision form is about, sent back with the decision so a changed one is read first.
    recommendedAt: picture.year.recommended_at,
    saved: saved && SAVED.includes(saved) ? saved : null,
    // From the start form, when the year had been started already (a second click, or a colleague).
    alreadyStarted: query.get("notice") === "alreadyStarted",
    // The forms that add a row each time they are saved, each with its own token: a form sent after another
    // from a page left open (the back button) is still saved.
    formTokens: { evidence: newFormToken(), leave: newFormToken() },
  };
}

const failed = (intent: Intent, reply: SubmissionResult<string[]>, status = 400) => data({ intent, reply }, { status });

/** A recommendation or decision the year changed under while the page was open: the core's 409, "changed by someone else meanwhile". */
const CHANGED_MEANWHILE: string[] = ["year.errors.decidedMeanwhile", "recommendation.errors.changed", "decision.errors.recommendationChanged", "decision.errors.notEnded", "decision.errors.yearChanged", "reassign.errors.changed"];
const refusalStatus = (error: string) => (CHANGED_MEANWHILE.includes(error) ? 409 : 400);

/** The forms that record on a running year, each with the field a refusal for a decided year is shown at. */
const RECORDING = {
  review: { schema: reviewSchema, field: "month" },
  evidence: { schema: evidenceSchema, field: "kind" },
  supervision: { schema: supervisionSchema, field: "heldOn" },
  leave: { schema: leaveSchema, field: "startsOn" },
} as const;

/**
 * A form posted after the year was decided (open in another tab, or a colleague decided first) comes back
 * with what was typed, so nothing is lost, and with only the refusal: the rest cannot be saved either.
 */
function refusedAsDecided(intent: keyof typeof RECORDING, form: FormData) {
  const { schema, field } = RECORDING[intent];
  const typed = parseWithZod(form, { schema }).reply();
  return failed(intent, { ...typed, status: "error", error: { [field]: ["year.errors.decided"] } });
}

/** Nobody holds the number typed, or several do in other capitals and none as typed. */
const notHeld = (found: { ambiguous?: string[] }) => [found.ambiguous ? "start.errors.ambiguousPerson" : "start.errors.unknownPerson"];

/** L&D give a running year a new assessor or supervisor; null once saved. */
async function reassignFrom(form: FormData, picture: YearPicture, actor: Parameters<typeof reassign>[2]) {
  const submission = parseWithZod(form, { schema: reassignSchema });
  if (submission.status !== "success") return failed("reassign", submission.reply());
  const [assessor, supervisor] = await Promise.all([personByEmployeeNumber(submission.value.assessor), personByEmployeeNumber(submission.value.supervisor)]);
  if (!assessor.person || !supervisor.person) {
    const fieldErrors = { ...(assessor.person ? {} : { assessor: notHeld(assessor) }), ...(supervisor.person ? {} : { supervisor: notHeld(supervisor) }) };
    return failed("reassign", submission.reply({ fieldErrors }));
  }
  const shown = { shownAssessorId: parseId(submission.value.shownAssessor) ?? null, shownSupervisorId: parseId(submission.value.shownSupervisor) ?? null };
  const result = await reassign(picture, { assessorId: assessor.person.id, supervisorId: supervisor.person.id, ...shown }, actor);
  // The worker given either role is shown at that field; a decided or changed year concerns the whole form.
  if (!result.ok) return failed("reassign", submission.reply(result.fieldErrors ? { fieldErrors: result.fieldErrors } : { formErrors: [result.error] }), refusalStatus(result.error));
  return null;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, locale, picture, canDecide } = await yearGuard(request, params);
  const form = await readFormData(request);
  const intent = INTENTS.find((i) => i === form.get("intent")) ?? "review";
  const done = (saved: string) => new Response(null, { status: 303, headers: { Location: `${new URL(request.url).pathname}?saved=${saved}` } });
  if (intent === "reassign") {
    // Who assesses and supervises is L&D's to change, as it is theirs to set at the start.
    if (!canDecide) forbidden();
    return (await reassignFrom(form, picture, actor)) ?? done(intent);
  }
  // A decided year is a record: its reviews, evidence, supervision and leave no longer change.
  if (intent !== "decision" && intent !== "recommendation" && !isOpen(picture)) return refusedAsDecided(intent, form);
  if (intent === "evidence") {
    const submission = parseWithZod(form, { schema: evidenceSchema });
    if (submission.status !== "success") return failed(intent, submission.reply());
    // The same form sent again (a second click, a resend) finds its evidence added, and says so as the first did.
    const result = await addEvidence(picture, submission.value, actor, formTokenOf(form));
    if (!result.ok) return failed(intent, submission.reply({ fieldErrors: result.fieldErrors }), refusalStatus(result.error));
    return done(intent);
  }
  if (intent === "supervision") {
    const submission = parseWithZod(form, { schema: supervisionSchema });
    if (submission.status !== "success") return failed(intent, submission.reply());
    const result = await recordSupervision(picture, submission.value.heldOn, actor);
    if (!result.ok) return failed(intent, submission.reply({ fieldErrors: result.fieldErrors }), refusalStatus(result.error));
    return done(intent);
  }
  if (intent === "leave") {
    const submission = parseWithZod(form, { schema: leaveSchema });
    if (submission.status !== "success") return failed(intent, submission.reply());
    const result = await recordLeave(picture, submission.value, actor, formTokenOf(form));
    if (!result.ok) return failed(intent, submission.reply({ fieldErrors: result.fieldErrors }), refusalStatus(result.error));
    return done(intent);
  }
  if (intent === "recommendation") {
    const submission = parseWithZod(form, { schema: recommendationSchema });
    if (submission.status !== "success") return failed(intent, submission.reply());
    const result = await recommend(picture, submission.value, actor);
    // Too early is shown at the recommendation's field; the other refusals concern the whole form.
    if (!result.ok) return failed(intent, submission.reply(result.fieldErrors ? { fieldErrors: result.fieldErrors } : { formErrors: [result.error] }), refusalStatus(result.error));
    return done(intent);
  }
  if (intent === "decision") {
    // The decision is the panel's: L&D and admins only.
    if (!canDecide) forbidden();
    const submission = parseWithZod(form, { schema: decisionSchema });
    if (submission.status !== "success") return failed(intent, submission.reply());
    const result = await decide(contextFor(locale, actor), picture, submission.value, actor);
    // A date before the year or its recommendation is shown at the date; the other refusals concern the whole form.
    if (!result.ok) return failed(intent, submission.reply(result.fieldErrors ? { fieldErrors: result.fieldErrors } : { formErrors: [result.error] }), refusalStatus(result.error));
    return done(submission.value.decision);
  }
  const submission = parseWithZod(form, { schema: reviewSchema });
  if (submission.status !== "success") return failed("review", submission.reply());
  const result = await recordReview(picture, submission.value, actor);
  if (!result.ok) return failed("review", submission.reply({ fieldErrors: result.fieldErrors }), refusalStatus(result.error));
  return done("review");
}

export default function YearPage() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const reply = (intent: Intent) => (result?.intent === intent ? result.reply : undefined);
  // A refused form stays on the page with what was typed, even once the year is decided and closed to it.
  const refused = (intent: Intent) => result?.intent === intent;
  const [reviewForm, reviewFields] = useForm<z.input<typeof reviewSchema>>({ id: "review", lastResult: reply("review") });
  const [evidenceForm, evidenceFields] = useForm<z.input<typeof evidenceSchema>>({ id: "evidence", lastResult: reply("evidence") });
  const [supervisionForm, supervisionFields] = useForm<z.input<typeof supervisionSchema>>({ id: "supervision", lastResult: reply("supervision") });
  const [leaveForm, leaveFields] = useForm<z.input<typeof leaveSchema>>({ id: "leave", lastResult: reply("leave") });
  const [recommendationForm, recommendationFields] = useForm<z.input<typeof recommendationSchema>>({ id: "recommendation", lastResult: reply("recommendation") });
  const [decisionForm, decisionFields] = useForm<z.input<typeof decisionSchema>>({ id: "decision", lastResult: reply("decision") });
  const [reassignForm, reassignFields] = useForm<z.input<typeof reassignSchema>>({ id: "reassign", lastResult: reply("reassign"), defaultValue: page.roles ? { assessor: page.roles.assessor, supervisor: page.roles.supervisor } : undefined });
  const errors = [
    ...summaryItems(t, [reviewFields.month, reviewFields.heldOn, reviewFields.outcome, reviewFields.note], reviewForm.errors),
    ...summaryItems(t, [evidenceFields.kind, evidenceFields.occurredOn, evidenceFields.title], evidenceForm.errors),
    ...summaryItems(t, [supervisionFields.heldOn], supervisionForm.errors),
    ...summaryItems(t, [leaveFields.startsOn, leaveFields.endsOn, leaveFields.reason], leaveForm.errors),
    ...summaryItems(t, [recommendationFields.recommendation, recommendationFields.note], recommendationForm.errors),
    ...summaryItems(t, [decisionFields.decision, decisionFields.decidedOn, decisionFields.extensionWeeks, decisionFields.note], decisionForm.errors),
    ...summaryItems(t, [reassignFields.assessor, reassignFields.supervisor], reassignForm.errors),
  ];
  const date = (field: AnyField, label: string) => <Field {...getInputProps(field, { type: "date" })} key={field.key} id={field.id} name={field.name} label={label} error={firstError(t, field)} />;
  const text = (field: AnyField, label: string, extra: Record<string, unknown> = {}) => <Field {...getInputProps(field, { type: "text" })} key={field.key} id={field.id} name={field.name} label={label} error={firstError(t, field)} {...extra} />;
  const note = (field: AnyField, label: string, hint?: string) => <Textarea {...getTextareaProps(field)} key={field.key} id={field.id} name={field.name} label={label} hint={hint} error={firstError(t, field)} />;
  const radios = (field: AnyField, legend: string, options: { value: string; label: string }[]) => <Radios id={field.id} name={field.name} legend={legend} error={firstError(t, field)} defaultValue={field.initialValue as string | undefined} small options={options} />;
  const { view } = page;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("home.doneTitle")} message={page.saved && t(`year.saved.${page.saved}`)} />
        {page.alreadyStarted ? (
          <NotificationBanner title={t("year.alreadyStarted.title")}>
            <p className="govuk-notification-banner__heading">{t("year.alreadyStarted.message")}</p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">{t("title")}</span>
        <h1 className="govuk-heading-l">{view.name}</h1>
        <YearRecord view={view} />
        {(page.open && page.months.length > 0) || refused("review") ? (
          <Form method="post" {...getFormProps(reviewForm)} noValidate>
            <input type="hidden" name="intent" value="review" />
            <h2 className="govuk-heading-m">{t("review.addHeading")}</h2>
            {radios(reviewFields.month, t("review.month"), page.months.map((m) => ({ value: String(m), label: t("review.monthValue", { month: m }) })))}
            {date(reviewFields.heldOn, t("review.heldOn"))}
            {radios(reviewFields.outcome, t("review.outcome"), REVIEW_OUTCOMES.map((o) => ({ value: o, label: t(`review.outcomes.${o}`) })))}
            {note(reviewFields.note, t("review.note"), t("review.noteHint"))}
            <Button>{t("review.submit")}</Button>
          </Form>
        ) : null}
        {page.open || refused("evidence") ? (
          <Form method="post" {...getFormProps(evidenceForm)} noValidate>
            <input type="hidden" name="intent" value="evidence" />
            <FormToken value={page.formTokens.evidence} />
            <h2 className="govuk-heading-m">{t("evidence.addHeading")}</h2>
            {radios(evidenceFields.kind, t("evidence.kind"), EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`evidence.kinds.${k}`) })))}
            {date(evidenceFields.occurredOn, t("evidence.occurredOn"))}
            {text(evidenceFields.title, t("evidence.title"), { hint: t("evidence.titleHint") })}
            <Button>{t("evidence.submit")}</Button>
          </Form>
        ) : null}
        {page.open || refused("supervision") ? (
          <Form method="post" {...getFormProps(supervisionForm)} noValidate>
            <input type="hidden" name="intent" value="supervision" />
            <h2 className="govuk-heading-m">{t("supervision.addHeading")}</h2>
            {date(supervisionFields.heldOn, t("supervision.heldOn"))}
            <Button>{t("supervision.submit")}</Button>
          </Form>
        ) : null}
        {page.open || refused("leave") ? (
          <Form method="post" {...getFormProps(leaveForm)} noValidate>
            <input type="hidden" name="intent" value="leave" />
            <FormToken value={page.formTokens.leave} />
            <h2 className="govuk-heading-m">{t("leave.addHeading")}</h2>
            <p className="govuk-body">{t("leave.intro")}</p>
            {date(leaveFields.startsOn, t("leave.startsOn"))}
            {date(leaveFields.endsOn, t("leave.endsOn"))}
            {text(leaveFields.reason, t("leave.reason"))}
            <Button>{t("leave.submit")}</Button>
          </Form>
        ) : null}
        {page.canRecommend || page.recommendationWait || refused("recommendation") ? (
          <>
            <h2 className="govuk-heading-m">{t("recommendation.addHeading")}</h2>
            {page.recommendationWait ? <p className="govuk-inset-text">{t(`recommendation.wait.${page.recommendationWait}`, { date: view.endsOn })}</p> : null}
            {page.canRecommend || refused("recommendation") ? (
              <Form method="post" {...getFormProps(recommendationForm)} noValidate>
                <input type="hidden" name="intent" value="recommendation" />
                {radios(recommendationFields.recommendation, t("recommendation.legend"), RECOMMENDATIONS.map((r) => ({ value: r, label: t(`recommendation.choices.${r}`) })))}
                {note(recommendationFields.note, t("recommendation.note"))}
                <Button>{t("recommendation.submit")}</Button>
              </Form>
            ) : null}
          </>
        ) : null}
        {page.decisionWait ? (
          <>
            <h2 className="govuk-heading-m">{t("decision.addHeading")}</h2>
            <p className="govuk-inset-text">{t("decision.wait", { date: view.endsOn })}</p>
          </>
        ) : null}
        {page.canDecide || refused("decision") ? (
          <Form method="post" {...getFormProps(decisionForm)} noValidate>
            <input type="hidden" name="intent" value="decision" />
            <input type="hidden" name="recommendedAt" value={page.recommendedAt ?? ""} />
            <h2 className="govuk-heading-m">{t("decision.addHeading")}</h2>
            {radios(decisionFields.decision, t("decision.legend"), DECISIONS.map((d) => ({ value: d, label: t(`decision.choices.${d}`) })))}
            {date(decisionFields.decidedOn, t("decision.decidedOn"))}
            {text(decisionFields.extensionWeeks, t("decision.extensionWeeks"), { hint: t("decision.extensionHint"), inputMode: "numeric", className: "govuk-input--width-4" })}
            {note(decisionFields.note, t("decision.note"))}
            <Button>{t("decision.submit")}</Button>
          </Form>
        ) : null}
        {page.roles || refused("reassign") ? (
          <Form method="post" {...getFormProps(reassignForm)} noValidate>
            <input type="hidden" name="intent" value="reassign" />
            <input type="hidden" name="shownAssessor" value={page.roles?.shownAssessor ?? ""} />
            <input type="hidden" name="shownSupervisor" value={page.roles?.shownSupervisor ?? ""} />
            <h2 className="govuk-heading-m">{t("reassign.heading")}</h2>
            <p className="govuk-body">{t("reassign.intro")}</p>
            {text(reassignFields.assessor, t("start.assessor"), { hint: t("start.employeeNumberHint"), className: "govuk-input--width-10" })}
            {text(reassignFields.supervisor, t("start.supervisor"), { className: "govuk-input--width-10" })}
            <Button>{t("reassign.submit")}</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
