import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Radios } from "../../../app/components/Radios";
import { Textarea } from "../../../app/components/Textarea";
import { personProfile } from "../../../app/services/people.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { formatDate } from "../../../app/utils/dates";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { managesPerson } from "../../../app/utils/permissions.server";
import { EvidenceList } from "../components/EvidenceList";
import { reviewSchema } from "../naas-forms";
import { PLUGIN_ID, RATING_NAMES, RATINGS } from "../programme";
import { personStatementGuard, requireManagerOf } from "../server/guards.server";
import { reviewStatement } from "../server/journey.server";
import { localTitle } from "../server/picture.server";
import { statementEvidence } from "../server/statement.server";
import { reviewShown } from "../server/shown-ratings.server";
import { naasT, personName, ratingName } from "../server/views.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** A manager reviews one statement of someone in their line: agree, or give a different rating with a comment. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, locale, t, personId, statement, state, track } = await personStatementGuard(request, params);
  const [person, { evidence }] = await Promise.all([personProfile(personId), statementEvidence(personId, statement.id, locale)]);
  return {
    title: t("naas:review.title", { number: statement.number }),
    name: person ? `${person.given_name} ${person.family_name}` : "",
    personId,
    track,
    statement: { number: statement.number, title: localTitle(statement, locale) },
    selfRating: state.selfRating ? ratingName(naasT(locale), state.selfRating) : null,
    // Sent back with the review: it is saved only on the rating the manager was shown.
    shownRating: state.selfRating,
    // Likewise the review it showed: the line manager and the service manager may both review, and neither
    // replaces a review the other saved unseen.
    shownReview: reviewShown({ review: state.review, reviewed_at: state.reviewedAt }) ?? "",
    reviewed: state.review
      ? { by: await personName(state.reviewedBy), on: state.reviewedAt ? formatDate(state.reviewedAt, locale) : "", agreed: state.review === "agree", rating: ratingName(naasT(locale), state.managerRating) }
      : null,
    review: state.review,
    managerRating: state.managerRating,
    managerComment: state.managerComment,
    evidence,
    // The review is the line manager's; L&D and admins who are managers elsewhere may read it, not make it.
    canReview: state.selfRating !== null && (await managesPerson(viewer, personId)),
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

// A refused form does not reload the page's data, but after "their rating changed" (409) the page must
// show the rating as it stands now, and send that one back, or the review would be refused again.
export const shouldRevalidate = revalidateOnConflict;

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, actor, personId, statement } = await personStatementGuard(request, params, "team.view");
  await requireManagerOf(viewer, personId);
  const submission = parseWithZod(await readFormData(request), { schema: reviewSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { review, rating, comment, shownRating, shownReview } = submission.value;
  const saved = await reviewStatement(personId, statement.id, { review, rating: rating ?? null, comment: comment || null, shownRating: shownRating ?? null, shownReview: shownReview ?? null }, actor);
  // Re-rated, or reviewed by another manager, since the page was shown: the core's 409, "changed by
  // someone else meanwhile", with the review given back as typed and the page showing the one that stands.
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.error] }), { status: saved.error === "review.errors.notRated" ? 400 : 409 });
  const here = new URL(request.url);
  here.searchParams.set("saved", "1");
  return new Response(null, { status: 303, headers: { Location: `${here.pathname}${here.search}` } });
}

export default function ReviewStatement() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof reviewSchema>>({
    id: "review",
    lastResult,
    defaultValue: { review: page.review ?? undefined, rating: page.managerRating ? String(page.managerRating) : undefined, comment: page.managerComment ?? undefined },
  });
  const errors = summaryItems(t, [fields.review, fields.rating, fields.comment], form.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("home.doneTitle")} message={page.saved && t("review.saved")} />
        <span className="govuk-caption-l">{page.name}</span>
        <h1 className="govuk-heading-l">{t("statement.short", { number: page.statement.number, title: page.statement.title })}</h1>
        <p className="govuk-body">{page.selfRating ? t("review.theirRating", { rating: page.selfRating }) : t("review.notRatedYet")}</p>
        {page.reviewed ? (
          <div className="govuk-inset-text">
            {t(page.reviewed.agreed ? "review.recorded.agreed" : "review.recorded.differed", { name: page.reviewed.by ?? t("review.recorded.someone"), date: page.reviewed.on, rating: page.reviewed.rating })}
            {page.managerComment ? <p className="govuk-body">{page.managerComment}</p> : null}
          </div>
        ) : null}
        <h2 className="govuk-heading-m">{t("evidence.heading")}</h2>
        <EvidenceList evidence={page.evidence} />
        {page.canReview ? (
          <Form method="post" {...getFormProps(form)} noValidate>
            <h2 className="govuk-heading-m">{t("review.heading")}</h2>
            <input type="hidden" name="shownRating" value={page.shownRating ?? ""} />
            <input type="hidden" name="shownReview" value={page.shownReview} />
            <Radios
              id={fields.review.id}
              name={fields.review.name}
              legend={t("review.legend")}
              error={firstError(t, fields.review)}
              defaultValue={fields.review.initialValue as string | undefined}
              options={[
                { value: "agree", label: t("review.agree") },
                { value: "differ", label: t("review.differ") },
              ]}
            />
            <Radios
              id={fields.rating.id}
              name={fields.rating.name}
              legend={t("review.ratingLegend")}
              hint={t("review.ratingHint")}
              error={firstError(t, fields.rating)}
              defaultValue={fields.rating.initialValue as string | undefined}
              small
              options={RATINGS.map((r) => ({ value: String(r), label: t(`ratings.${RATING_NAMES[r]}.name`) }))}
            />
            <Textarea {...getTextareaProps(fields.comment)} key={fields.comment.key} id={fields.comment.id} name={fields.comment.name} label={t("review.comment")} hint={t("review.commentHint")} error={firstError(t, fields.comment)} />
            <Button>{t("review.submit")}</Button>
          </Form>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/people/${page.personId}?track=${page.track}`}>{t("review.back", { name: page.name })}</Link>
        </p>
      </div>
    </div>
  );
}
