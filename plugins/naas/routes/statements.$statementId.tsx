import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { FormToken } from "../../../app/components/FormToken";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Radios } from "../../../app/components/Radios";
import { SummaryList } from "../../../app/components/SummaryList";
import { Textarea } from "../../../app/components/Textarea";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { EvidenceList } from "../components/EvidenceList";
import { evidenceSchema, offerSchema, ratingSchema } from "../naas-forms";
import { EVIDENCE_KINDS, PLUGIN_ID, RATING_NAMES, RATINGS } from "../programme";
import { ownStatementGuard } from "../server/guards.server";
import { addEvidence, decideOffer, rateStatement } from "../server/journey.server";
import { statementEvidence } from "../server/statement.server";
import { localTitle } from "../server/picture.server";
import { naasT, ratingName } from "../server/views.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
// After "no longer eligible" (409) the page is drawn again without the forms it can no longer take.
export const shouldRevalidate = revalidateOnConflict;

/**
 * The person's own self-assessment of one statement: their rating, their evidence, and offers to decide.
 * On a track they began but are no longer eligible for, they read it and change nothing.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, locale, t, statement, state, eligible } = await ownStatementGuard(request, params);
  const { evidence, offers } = await statementEvidence(viewer.personId, statement.id, locale);
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    title: t("naas:statement.short", { number: statement.number, title: localTitle(statement, locale) }),
    statement: { number: statement.number, title: localTitle(statement, locale), framework: locale === "cy" ? statement.framework_title_cy : statement.framework_title, version: statement.version },
    selfRating: state.selfRating,
    manager: state.review === null ? null : { agreed: state.review === "agree", rating: ratingName(naasT(locale), state.managerRating), comment: state.managerComment },
    reason: t(`naas:gaps.${state.state}`, { rating: ratingName(naasT(locale), state.rating), secure: ratingName(naasT(locale), 3) }),
    evidence,
    offers: offers.map((o) => ({ ...o, programme: fixedT(locale, o.source)("title") })),
    saved: saved === "rating" || saved === "evidence" || saved === "offer" ? saved : null,
    selfRatingName: ratingName(naasT(locale), state.selfRating),
    canChange: eligible,
    // Drawn afresh with each page: the evidence form is saved once however often it is sent.
    formToken: newFormToken(),
  };
}

const seeOther = (request: Request, saved: string) => {
  const url = new URL(request.url);
  return new Response(null, { status: 303, headers: { Location: `${url.pathname}?saved=${saved}` } });
};

/**
 * Evidence typed on a page drawn while the track was open, given back when it can no longer be saved: the
 * page drawn again has no evidence form, so without it a reflection the person wrote would be lost.
 */
function unsavedEvidence(form: FormData) {
  const typed = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.trim().slice(0, UNSAVED_MAX_CHARS) : "";
  };
  const kind = typed("kind");
  const evidence = { occurredOn: typed("occurredOn"), kind: (EVIDENCE_KINDS as readonly string[]).includes(kind) ? kind : "", reflection: typed("reflection") };
  return evidence.occurredOn || evidence.reflection ? evidence : null;
}

// Above the reflection's own limit, so nothing a person could have saved is cut.
const UNSAVED_MAX_CHARS = 8000;

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, actor, statement, eligible } = await ownStatementGuard(request, params);
  const form = await readFormData(request);
  const intent = form.get("intent");
  // No longer eligible since the page offered its forms: the core's 409, "changed meanwhile"; the page
  // drawn again reads the same and offers nothing to change, but gives back any evidence that was typed.
  if (!eligible) return data({ intent: "closed" as const, error: "statement.errors.notEligible", unsaved: intent === "evidence" ? unsavedEvidence(form) : null }, { status: 409 });
  if (intent === "rating") {
    const submission = parseWithZod(form, { schema: ratingSchema });
    if (submission.status !== "success") return data({ intent, reply: submission.reply() }, { status: 400 });
    await rateStatement(viewer.personId, statement.id, submission.value.rating, actor);
    return seeOther(request, "rating");
  }
  if (intent === "offer") {
    const submission = parseWithZod(form, { schema: offerSchema });
    if (submission.status !== "success" || !(await decideOffer(viewer.personId, statement.id, submission.value.offer, submission.value.decision, actor))) {
      return data({ intent: "offer" as const, reply: submission.reply({ formErrors: ["errors.offer"] }) }, { status: 400 });
    }
    return seeOther(request, "offer");
  }
  const submission = parseWithZod(form, { schema: evidenceSchema });
  if (submission.status !== "success") return data({ intent: "evidence" as const, reply: submission.reply() }, { status: 400 });
  // The same form sent again (a second click, a resend) finds its evidence added, and says so as the first did.
  await addEvidence(viewer.personId, statement.id, submission.value, actor, formTokenOf(form));
  return seeOther(request, "evidence");
}

export default function StatementPage() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [ratingForm, ratingFields] = useForm<z.input<typeof ratingSchema>>({ id: "rating", lastResult: result?.intent === "rating" ? result.reply : undefined, defaultValue: { rating: page.selfRating ? String(page.selfRating) : undefined } });
  const [evidenceForm, evidenceFields] = useForm<z.input<typeof evidenceSchema>>({ id: "evidence", lastResult: result?.intent === "evidence" ? result.reply : undefined });
  const errors = [
    ...summaryItems(t, [ratingFields.rating], ratingForm.errors),
    ...summaryItems(t, [evidenceFields.occurredOn, evidenceFields.kind, evidenceFields.reflection], evidenceForm.errors),
    ...(result?.intent === "offer" ? [{ message: t("errors.offer") }] : []),
    ...(result?.intent === "closed" ? [{ message: t(result.error) }] : []),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("home.doneTitle")} message={page.saved && t(`statement.saved.${page.saved}`)} />
        <span className="govuk-caption-l">{t("statement.caption", { framework: page.statement.framework, version: page.statement.version })}</span>
        <h1 className="govuk-heading-l">{t("statement.short", { number: page.statement.number, title: page.statement.title })}</h1>
        <p className="govuk-body">{page.reason}</p>
        {page.manager ? (
          <div className="govuk-inset-text">
            {page.manager.agreed ? t("review.agreed") : t("review.differed", { rating: page.manager.rating })}
            {page.manager.comment ? <p className="govuk-body">{page.manager.comment}</p> : null}
          </div>
        ) : null}
        {page.canChange ? null : <p className="govuk-body">{t("statement.readOnly")}</p>}
        {result?.intent === "closed" && result.unsaved ? <UnsavedEvidence evidence={result.unsaved} /> : null}
        <h2 className="govuk-heading-m">{t("statement.rateHeading")}</h2>
        {page.canChange ? null : <p className="govuk-body">{page.selfRatingName}</p>}
        {page.canChange ? (
          <Form method="post" {...getFormProps(ratingForm)} noValidate>
            <input type="hidden" name="intent" value="rating" />
            <Radios
              id={ratingFields.rating.id}
              name={ratingFields.rating.name}
              legend={t("statement.ratingLegend")}
              hint={page.manager ? t("statement.reRateHint") : undefined}
              error={firstError(t, ratingFields.rating)}
              defaultValue={ratingFields.rating.initialValue as string | undefined}
              options={RATINGS.map((r) => ({ value: String(r), label: t(`ratings.${RATING_NAMES[r]}.name`), hint: t(`ratings.${RATING_NAMES[r]}.descriptor`) }))}
            />
            <Button>{t("statement.saveRating")}</Button>
          </Form>
        ) : null}
        <h2 className="govuk-heading-m">{t("evidence.heading")}</h2>
        {page.canChange && page.offers.length > 0 ? (
          <>
            <h3 className="govuk-heading-s">{t("evidence.offersHeading")}</h3>
            <ul className="govuk-list">
              {page.offers.map((offer) => (
                <li key={offer.id} className="pathways-offer">
                  <p className="govuk-body">{t("evidence.offer", { title: offer.title, date: offer.date, programme: offer.programme })}</p>
                  <Form method="post" className="govuk-button-group">
                    <input type="hidden" name="intent" value="offer" />
                    <input type="hidden" name="offer" value={offer.id} />
                    <Button name="decision" value="accepted">{t("evidence.accept")}<span className="govuk-visually-hidden">: {offer.title}</span></Button>
                    <Button name="decision" value="dismissed" variant="secondary">{t("evidence.dismiss")}<span className="govuk-visually-hidden">: {offer.title}</span></Button>
                  </Form>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <EvidenceList evidence={page.evidence} />
        {page.canChange ? (
          <>
            <h3 className="govuk-heading-s">{t("evidence.addHeading")}</h3>
            <Form method="post" {...getFormProps(evidenceForm)} noValidate>
              <input type="hidden" name="intent" value="evidence" />
              <FormToken value={page.formToken} />
              <Field {...getInputProps(evidenceFields.occurredOn, { type: "date" })} key={evidenceFields.occurredOn.key} id={evidenceFields.occurredOn.id} name={evidenceFields.occurredOn.name} label={t("evidence.date")} error={firstError(t, evidenceFields.occurredOn)} />
              <Radios id={evidenceFields.kind.id} name={evidenceFields.kind.name} legend={t("evidence.kind")} error={firstError(t, evidenceFields.kind)} defaultValue={evidenceFields.kind.initialValue as string | undefined} small options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`evidence.kinds.${k}`) }))} />
              <Textarea {...getTextareaProps(evidenceFields.reflection)} key={evidenceFields.reflection.key} id={evidenceFields.reflection.id} name={evidenceFields.reflection.name} label={t("evidence.reflection")} hint={t("evidence.reflectionHint")} error={firstError(t, evidenceFields.reflection)} />
              <Button>{t("evidence.add")}</Button>
            </Form>
          </>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}`}>{t("statement.back")}</Link>
        </p>
      </div>
    </div>
  );
}

/** The evidence a refused form carried, shown to copy: it was not saved. */
function UnsavedEvidence({ evidence }: { evidence: { occurredOn: string; kind: string; reflection: string } }) {
  const { t } = useTranslation(PLUGIN_ID);
  return (
    <div className="govuk-inset-text">
      <h2 className="govuk-heading-s">{t("statement.unsaved.heading")}</h2>
      <p className="govuk-body">{t("statement.unsaved.hint")}</p>
      <SummaryList
        rows={[
          { key: "date", label: t("evidence.date"), value: evidence.occurredOn },
          { key: "kind", label: t("evidence.kind"), value: evidence.kind ? t(`evidence.kinds.${evidence.kind}`) : "" },
          { key: "reflection", label: t("evidence.reflection"), value: evidence.reflection },
        ]}
      />
    </div>
  );
}
