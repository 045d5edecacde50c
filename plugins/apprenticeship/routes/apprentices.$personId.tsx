import { getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { FormToken } from "../../../app/components/FormToken";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Radios } from "../../../app/components/Radios";
import { Select } from "../../../app/components/Select";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { Textarea } from "../../../app/components/Textarea";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { can } from "../../../app/utils/permissions.server";
import { completionSchema, practiceSchema, reviewSchema } from "../forms";
import { DEGREE_OUTCOMES, PLUGIN_ID, PRACTICE_KINDS, REVIEW_OUTCOMES } from "../programme";
import { completionAsShown, saveCompletion } from "../server/completion.server";
import { apprenticeGuard } from "../server/guards.server";
import { practiceOf, recordReview, reviewsOf, savePractice, type Apprentice } from "../server/progress.server";
import { otjStanding, practiceDays, weeklyMinimum } from "../server/views.server";
import { currentPlaceId } from "../server/withdrawal.server";

// The three forms share date and text inputs; their fields belong to different schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<string, any, string[]>;

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
// After "a colleague saved the completion meanwhile" (409) the page shows the completion as it is now, and
// carries that in the completion form's hidden field, or saving again would be refused again.
export const shouldRevalidate = revalidateOnConflict;

const SAVED = ["practice", "review", "completion"];

/**
 * One apprentice: off-the-job hours, practice learning, tripartite reviews and completion. Their
 * manager and L&D record reviews; L&D record practice learning and completion.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, locale, t, apprentice: a } = await apprenticeGuard(request, params);
  const manage = can(viewer, "cohorts.manage");
  // L&D record that an apprentice has left, on a page that asks first; a registered one has finished.
  const leaving = manage && !a.completion?.registered_on;
  const [practice, reviews, placeId] = await Promise.all([practiceOf(a.personId), reviewsOf(a.personId), leaving ? currentPlaceId(a.personId) : undefined]);
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    title: t("apprenticeship:apprentices.personTitle", { name: a.name }),
    name: a.name,
    cohort: a.cohort,
    manage,
    withdrawHref: placeId === undefined ? null : `/programmes/${PLUGIN_ID}/places/${placeId}/withdraw?from=apprentice`,
    saved: saved && SAVED.includes(saved) ? saved : null,
    // Put into words here, where each count is still a number its noun can agree with.
    otj: { behind: a.compliance.behind > 0, standing: otjStanding(a.compliance, locale, t), weekly: weeklyMinimum(a.compliance, locale, t) },
    review: { due: formatDate(a.reviewDue, locale), overdue: a.reviewOverdue },
    practice: (Object.keys(PRACTICE_KINDS) as (keyof typeof PRACTICE_KINDS)[]).map((kind) => {
      const row = practice.find((p) => p.kind === kind);
      return { kind, days: practiceDays(row?.days_completed ?? 0, PRACTICE_KINDS[kind], t), setting: row?.setting ?? null, educator: row?.practice_educator ?? null, dates: row ? `${formatDate(row.starts_on, locale)} – ${formatDate(row.ends_on, locale)}` : null };
    }),
    reviews: reviews.map((r) => ({ id: r.id, on: formatDate(r.held_on, locale), outcome: r.outcome, actions: r.actions })),
    // The review form's one-time token: the same form sent twice (a second click, a resend) adds its review once.
    formToken: newFormToken(),
    // The completion as this page shows it, sent back with its form: a save is refused if a colleague has saved it since.
    completionShown: completionAsShown(a.completion),
    completionNow: completionRows(a.completion, locale, t),
    completion: a.completion ? { gatewayOn: a.completion.gateway_on ?? undefined, degreeOutcome: a.completion.degree_outcome ?? undefined, degreeOn: a.completion.degree_on ?? undefined, registeredOn: a.completion.registered_on ?? undefined, registrationNumber: a.completion.registration_number ?? undefined } : undefined,
  };
}

/** The completion as recorded, in words, for a page whose save was refused because a colleague saved it meanwhile. */
function completionRows(c: Apprentice["completion"], locale: string, t: TFunction) {
  const date = (iso: string | null | undefined) => (iso ? formatDate(iso, locale) : t("apprenticeship:completion.notYet"));
  return [
    { key: "gatewayOn", label: t("apprenticeship:completion.gatewayOn"), value: date(c?.gateway_on) },
    { key: "degreeOutcome", label: t("apprenticeship:completion.degreeOutcome"), value: t(c?.degree_outcome ? `apprenticeship:completion.outcomes.${c.degree_outcome}` : "apprenticeship:completion.notYet") },
    { key: "degreeOn", label: t("apprenticeship:completion.degreeOn"), value: date(c?.degree_on) },
    { key: "registeredOn", label: t("apprenticeship:completion.registeredOnLabel"), value: date(c?.registered_on) },
    { key: "registrationNumber", label: t("apprenticeship:completion.registrationNumber"), value: c?.registration_number ?? t("apprenticeship:completion.notYet") },
  ];
}

/** Sent from a page that did not say which completion it showed (drawn before it did, or tampered with). */
const COMPLETION_OUT_OF_DATE = "completion.errors.pageOutOfDate";

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const intent = form.get("intent");
  // Reviews are tripartite, so the manager records them too; practice and completion are L&D's.
  const { actor, apprentice } = await apprenticeGuard(request, params, intent === "review" ? "person.view" : "cohorts.manage");
  const done = (saved: string) => new Response(null, { status: 303, headers: { Location: `${new URL(request.url).pathname}?saved=${saved}` } });
  if (intent === "review") {
    const submission = parseWithZod(form, { schema: reviewSchema });
    if (submission.status !== "success") return data({ intent: "review" as const, reply: submission.reply() }, { status: 400 });
    await recordReview(apprentice.personId, submission.value, actor, formTokenOf(form));
    return done("review");
  }
  if (intent === "practice") {
    const submission = parseWithZod(form, { schema: practiceSchema });
    if (submission.status !== "success") return data({ intent: "practice" as const, reply: submission.reply() }, { status: 400 });
    const { kind, ...values } = submission.value;
    await savePractice(apprentice.personId, kind, values, actor);
    return done("practice");
  }
  const shown = form.get("shown");
  const submission = parseWithZod(form, { schema: completionSchema });
  // Not knowing which completion the page showed, a save could write over a colleague's: refused, with the
  // completion as it now is carried in the hidden field, so saving again from the page drawn afresh works.
  const refused = (error: string, now: string) => data({ intent: "completion" as const, reply: submission.reply({ formErrors: [error] }), shown: now, showNow: true }, { status: 409 });
  if (typeof shown !== "string" || shown === "") return refused(COMPLETION_OUT_OF_DATE, completionAsShown(apprentice.completion));
  // A refused field keeps the page's own `shown`: the page drawn afresh would carry a colleague's save since.
  if (submission.status !== "success") return data({ intent: "completion" as const, reply: submission.reply(), shown, showNow: false }, { status: 400 });
  const v = submission.value;
  const saved = await saveCompletion(apprentice.personId, { gatewayOn: v.gatewayOn ?? null, degreeOutcome: v.degreeOutcome ?? null, degreeOn: v.degreeOn ?? null, registeredOn: v.registeredOn ?? null, registrationNumber: v.registrationNumber ?? null }, actor, shown);
  // A colleague saved the completion since this page was shown: what this one typed is kept, theirs shown.
  if (!saved.ok) return refused("completion.errors.changedMeanwhile", saved.now);
  return done("completion");
}

export default function ApprenticePage() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [reviewForm, reviewFields] = useForm<z.input<typeof reviewSchema>>({ id: "review", lastResult: result?.intent === "review" ? result.reply : undefined });
  const [practiceForm, practiceFields] = useForm<z.input<typeof practiceSchema>>({ id: "practice", lastResult: result?.intent === "practice" ? result.reply : undefined });
  const completionResult = result?.intent === "completion" ? result : undefined;
  const [completionForm, completionFields] = useForm<z.input<typeof completionSchema>>({ id: "completion", lastResult: completionResult?.reply, defaultValue: page.completion });
  const errors = [
    ...summaryItems(t, [reviewFields.heldOn, reviewFields.outcome, reviewFields.actions], reviewForm.errors),
    ...summaryItems(t, [practiceFields.kind, practiceFields.startsOn, practiceFields.endsOn, practiceFields.setting, practiceFields.practiceEducator, practiceFields.daysCompleted], practiceForm.errors),
    ...summaryItems(t, [completionFields.gatewayOn, completionFields.degreeOutcome, completionFields.degreeOn, completionFields.registeredOn, completionFields.registrationNumber], completionForm.errors),
  ];
  const date = (field: AnyField, label: string) => <Field {...getInputProps(field, { type: "date" })} key={field.key} id={field.id} name={field.name} label={label} error={firstError(t, field)} />;
  const text = (field: AnyField, label: string, extra: Record<string, unknown> = {}) => <Field {...getInputProps(field, { type: "text" })} key={field.key} id={field.id} name={field.name} label={label} error={firstError(t, field)} {...extra} />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("home.doneTitle")} message={page.saved && t(`apprentices.saved.${page.saved}`)} />
        <span className="govuk-caption-l">{page.cohort}</span>
        <h1 className="govuk-heading-l">{page.name}</h1>
        <SummaryList
          rows={[
            { key: "otj", label: t("otj.label"), value: page.otj.behind ? <><Tag colour="red">{t("otj.behindTag")}</Tag> {page.otj.standing}</> : <><Tag colour="green">{t("otj.onTrackTag")}</Tag> {page.otj.standing}</> },
            { key: "weekly", label: t("otj.weekly"), value: page.otj.weekly },
            { key: "review", label: t("review.next"), value: page.review.overdue ? <><Tag colour="red">{t("review.overdueTag")}</Tag> {page.review.due}</> : page.review.due },
          ]}
        />
        <h2 className="govuk-heading-m">{t("practice.heading")}</h2>
        <Table
          caption={t("practice.caption")}
          rows={page.practice}
          rowKey={(p) => p.kind}
          columns={[
            { key: "kind", header: t("practice.kind"), cell: (p) => t(`practice.kinds.${p.kind}`) },
            { key: "setting", header: t("practice.setting"), cell: (p) => (p.setting ? `${p.setting} (${p.educator})` : t("practice.notArranged")) },
            { key: "dates", header: t("practice.dates"), cell: (p) => p.dates ?? "" },
            { key: "days", header: t("practice.days"), numeric: true, cell: (p) => p.days },
          ]}
        />
        {page.manage ? (
          <Form method="post" {...getFormProps(practiceForm)} noValidate>
            <input type="hidden" name="intent" value="practice" />
            <h3 className="govuk-heading-s">{t("practice.addHeading")}</h3>
            <Radios id={practiceFields.kind.id} name={practiceFields.kind.name} legend={t("practice.kind")} error={firstError(t, practiceFields.kind)} defaultValue={practiceFields.kind.initialValue as string | undefined} small options={Object.keys(PRACTICE_KINDS).map((k) => ({ value: k, label: t(`practice.kinds.${k}`) }))} />
            {date(practiceFields.startsOn, t("practice.startsOn"))}
            {date(practiceFields.endsOn, t("practice.endsOn"))}
            {text(practiceFields.setting, t("practice.setting"))}
            {text(practiceFields.practiceEducator, t("practice.educator"))}
            {text(practiceFields.daysCompleted, t("practice.days"), { inputMode: "numeric", className: "govuk-input--width-4" })}
            <Button>{t("practice.submit")}</Button>
          </Form>
        ) : null}
        <h2 className="govuk-heading-m">{t("review.heading")}</h2>
        {page.reviews.length === 0 ? (
          <p className="govuk-body">{t("review.none")}</p>
        ) : (
          <Table
            caption={t("review.caption")}
            rows={page.reviews}
            rowKey={(r) => r.id}
            columns={[
              { key: "on", header: t("review.date"), cell: (r) => r.on },
              { key: "outcome", header: t("review.outcome"), cell: (r) => t(`review.outcomes.${r.outcome}`) },
              { key: "actions", header: t("review.actions"), cell: (r) => r.actions },
            ]}
          />
        )}
        <Form method="post" {...getFormProps(reviewForm)} noValidate>
          <input type="hidden" name="intent" value="review" />
          <FormToken value={page.formToken} />
          <h3 className="govuk-heading-s">{t("review.addHeading")}</h3>
          {date(reviewFields.heldOn, t("review.date"))}
          <Radios id={reviewFields.outcome.id} name={reviewFields.outcome.name} legend={t("review.outcome")} error={firstError(t, reviewFields.outcome)} defaultValue={reviewFields.outcome.initialValue as string | undefined} small options={REVIEW_OUTCOMES.map((o) => ({ value: o, label: t(`review.outcomes.${o}`) }))} />
          <Textarea {...getTextareaProps(reviewFields.actions)} key={reviewFields.actions.key} id={reviewFields.actions.id} name={reviewFields.actions.name} label={t("review.actions")} hint={t("review.actionsHint")} error={firstError(t, reviewFields.actions)} />
          <Button>{t("review.submit")}</Button>
        </Form>
        {page.manage ? (
          <Form method="post" {...getFormProps(completionForm)} noValidate>
            <input type="hidden" name="intent" value="completion" />
            <input type="hidden" name="shown" value={completionResult?.shown ?? page.completionShown} />
            <h2 className="govuk-heading-m">{t("completion.heading")}</h2>
            {completionResult?.showNow ? (
              <>
                <h3 className="govuk-heading-s">{t("completion.nowHeading")}</h3>
                <SummaryList rows={page.completionNow} />
              </>
            ) : null}
            {date(completionFields.gatewayOn, t("completion.gatewayOn"))}
            <Select id={completionFields.degreeOutcome.id} name={completionFields.degreeOutcome.name} label={t("completion.degreeOutcome")} emptyLabel={t("completion.notYet")} options={DEGREE_OUTCOMES.map((o) => ({ value: o, label: t(`completion.outcomes.${o}`) }))} defaultValue={(completionFields.degreeOutcome.initialValue as string | undefined) ?? ""} error={firstError(t, completionFields.degreeOutcome)} />
            {date(completionFields.degreeOn, t("completion.degreeOn"))}
            {date(completionFields.registeredOn, t("completion.registeredOnLabel"))}
            {text(completionFields.registrationNumber, t("completion.registrationNumber"), { hint: t("completion.registrationHint"), className: "govuk-input--width-10" })}
            <Button>{t("completion.submit")}</Button>
          </Form>
        ) : null}
        {page.withdrawHref ? (
          <>
            <h2 className="govuk-heading-m">{t("withdraw.heading")}</h2>
            <p className="govuk-body">{t("withdraw.intro")}</p>
            <Link className="govuk-button govuk-button--warning" to={page.withdrawHref}>{t("withdraw.start")}</Link>
          </>
        ) : null}
      </div>
    </div>
  );
}
