import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Radios } from "../../../app/components/Radios";
import { Textarea } from "../../../app/components/Textarea";
import { personProfile } from "../../../app/services/people.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { forbidden, notFound } from "../../../app/utils/http.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { can } from "../../../app/utils/permissions.server";
import { TrackSummary } from "../components/TrackSummary";
import { endorsementSchema, outcomeSchema, trackSchema } from "../naas-forms";
import { PLUGIN_ID, TRACKS, type Track } from "../programme";
import { personGuard } from "../server/guards.server";
import { decideEndorsement, recordOutcome, type OutcomeResult } from "../server/journey.server";
import type { NaasPicture } from "../server/picture.server";
import { decisionShown, ratingsShown } from "../server/shown-ratings.server";
import { mayEndorse } from "../server/unmanaged-endorsements.server";
import { personName, trackViews } from "../server/views.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const SAVED = ["endorsed", "not_yet", "accredited", "not_yet_accredited"];

function chosenTrack(request: Request, picture: NaasPicture): Track {
  const asked = trackSchema.safeParse(new URL(request.url).searchParams.get("track"));
  return asked.success ? asked.data : picture.primary;
}

/** A person's NAAS record for their manager (review, endorse) and for L&D (record the outcome). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, locale, t, personId, picture } = await personGuard(request, params);
  const person = await personProfile(personId);
  if (!person) notFound();
  const track = chosenTrack(request, picture);
  // personGuard sends the person themself to their own page, so whoever reads this is someone else.
  const view = trackViews(picture, locale, "someoneElse").find((v) => v.track === track)!;
  const saved = new URL(request.url).searchParams.get("saved");
  const entry = picture.tracks.find((e) => e.track === track)!;
  // An outcome follows the assessment's last step, the simulated practice day: L&D are offered the form
  // from that day, and told that day until then.
  const practiceOn = entry.candidate?.window?.practice_on;
  const recordsOutcome = can(viewer, "cohorts.manage") && practiceOn !== undefined;
  const assessmentDone = practiceOn !== undefined && practiceOn <= londonToday();
  return {
    title: t("naas:person.title", { name: `${person.given_name} ${person.family_name}` }),
    name: `${person.given_name} ${person.family_name}`,
    personId,
    view,
    otherTracks: TRACKS.filter((t) => t !== track),
    // Endorsement is the line manager's (L&D's when nobody on the line can act on the portal), decided before
    // booking, and again for the next attempt after "not yet accredited"; while booked, the outcome is what
    // is left to record, and once accredited nothing is.
    canEndorse: view.eligible && view.endorsementOpen && (await mayEndorse(viewer, personId)),
    // After "not yet accredited" the decision is for the next attempt: the page says so, and when.
    nextAttemptAfter: view.stage === "not_yet_accredited" ? view.outcomeOn : null,
    // Sent back with the decision: it is stored only on the ratings the manager was shown.
    shownRatings: ratingsShown(entry.assessment?.statements),
    // Likewise the decision: the line manager and the service manager may both decide, and neither replaces
    // a decision the other saved unseen.
    shownDecision: decisionShown(entry.candidate) ?? "",
    decided: entry.candidate?.endorsement ? { decision: entry.candidate.endorsement, by: await personName(entry.candidate.endorsed_by), on: view.endorsedOn } : null,
    canRecordOutcome: recordsOutcome && assessmentDone,
    outcomeOpensOn: recordsOutcome && !assessmentDone ? view.booking!.practiceOn : null,
    saved: saved && SAVED.includes(saved) ? saved : null,
  };
}

/** A date before the simulated practice day is wrong in the date field; no booking, with the form as a whole. */
const outcomeRefusal = (error: Extract<OutcomeResult, { ok: false }>["error"]) => (error === "outcome.errors.beforeAssessment" ? { fieldErrors: { outcomeOn: [error] } } : { formErrors: [error] });

// A refused form does not reload the page's data, but after "their ratings changed" (409) the page must
// show the ratings as they stand now, and send those back, or the decision would be refused again.
export const shouldRevalidate = revalidateOnConflict;

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const intent = form.get("intent");
  const { viewer, actor, personId, picture } = await personGuard(request, params, intent === "outcome" ? "cohorts.manage" : "person.view");
  const track = chosenTrack(request, picture);
  const here = new URL(request.url);
  const done = (saved: string) => new Response(null, { status: 303, headers: { Location: `${here.pathname}?track=${track}&saved=${saved}` } });
  if (intent === "outcome") {
    const submission = parseWithZod(form, { schema: outcomeSchema });
    if (submission.status !== "success") return data({ intent: "outcome" as const, reply: submission.reply() }, { status: 400 });
    const result = await recordOutcome(personId, track, submission.value.outcome, submission.value.outcomeOn, actor);
    if (!result.ok) return data({ intent: "outcome" as const, reply: submission.reply(outcomeRefusal(result.error)) }, { status: 400 });
    return done(submission.value.outcome);
  }
  if (!(await mayEndorse(viewer, personId))) forbidden();
  const submission = parseWithZod(form, { schema: endorsementSchema });
  if (submission.status !== "success") return data({ intent: "endorse" as const, reply: submission.reply() }, { status: 400 });
  const entry = picture.tracks.find((e) => e.track === track)!;
  if (!entry.eligibility.eligible || viewer.personId === personId) return data({ intent: "endorse" as const, reply: submission.reply({ formErrors: ["endorse.errors.notEligible"] }) }, { status: 400 });
  const { decision, note, shownRatings, shownDecision } = submission.value;
  const result = await decideEndorsement(personId, track, { decision, note: note || null, shownRatings: shownRatings ?? null, shownDecision: shownDecision ?? null }, actor);
  // Booked (or an outcome recorded), re-rated, or decided by another manager since the page offered the
  // decision: the core's 409, "changed by someone else meanwhile", with the decision and note given back
  // as typed, and the page showing the decision as it now stands.
  if (!result.ok) return data({ intent: "endorse" as const, reply: submission.reply({ formErrors: [result.error] }) }, { status: 409 });
  return done(submission.value.decision);
}

export default function PersonNaas() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [endorseForm, endorseFields] = useForm<z.input<typeof endorsementSchema>>({ id: "endorse", lastResult: result?.intent === "endorse" ? result.reply : undefined });
  const [outcomeForm, outcomeFields] = useForm<z.input<typeof outcomeSchema>>({ id: "outcome", lastResult: result?.intent === "outcome" ? result.reply : undefined });
  const errors = [...summaryItems(t, [endorseFields.decision, endorseFields.note], endorseForm.errors), ...summaryItems(t, [outcomeFields.outcome, outcomeFields.outcomeOn], outcomeForm.errors)];
  const { view } = page;
  // A decision refused as too late (booked while the page was open), or as made on ratings since changed,
  // comes back with the note the manager wrote and why, though a fresh page may no longer offer the
  // decision: what they typed is not lost.
  const showEndorseForm = page.canEndorse || result?.intent === "endorse";
  // Likewise a refused outcome, even when the person has meanwhile moved to an assessment still to come.
  const showOutcomeForm = page.canRecordOutcome || result?.intent === "outcome";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("home.doneTitle")} message={page.saved && t(`person.saved.${page.saved}`)} />
        <span className="govuk-caption-l">{t(`track.${view.track}`)}</span>
        <h1 className="govuk-heading-l">{page.title}</h1>
        <p className="govuk-body">{view.eligibility}</p>
        {page.otherTracks.map((other) => (
          <p className="govuk-body" key={other}>
            <a className="govuk-link" href={`?track=${other}`}>{t("person.otherTrack", { track: t(`track.${other}`) })}</a>
          </p>
        ))}
        <TrackSummary view={view} statementHref={(id) => `statements/${id}?track=${view.track}`} />
        {showEndorseForm ? (
          <>
            <h2 className="govuk-heading-m">{t("endorse.heading")}</h2>
            <p className="govuk-body">{view.requestedOn ? t("endorse.requestedOn", { date: view.requestedOn }) : t("endorse.notRequested")}</p>
            {page.decided ? <p className="govuk-body">{t(`endorse.recorded.${page.decided.decision}`, { name: page.decided.by ?? t("endorse.recorded.someone"), date: page.decided.on })}</p> : null}
            {page.nextAttemptAfter ? <p className="govuk-body">{t("endorse.nextAttempt", { date: page.nextAttemptAfter })}</p> : null}
            <Form method="post" {...getFormProps(endorseForm)} noValidate>
              <input type="hidden" name="intent" value="endorse" />
              <input type="hidden" name="shownRatings" value={page.shownRatings} />
              <input type="hidden" name="shownDecision" value={page.shownDecision} />
              <Radios
                id={endorseFields.decision.id}
                name={endorseFields.decision.name}
                legend={t("endorse.legend", { name: page.name })}
                error={firstError(t, endorseFields.decision)}
                defaultValue={endorseFields.decision.initialValue as string | undefined}
                options={[
                  { value: "endorsed", label: t("endorse.endorsed"), hint: t("endorse.endorsedHint") },
                  { value: "not_yet", label: t("endorse.notYet") },
                ]}
              />
              <Textarea {...getTextareaProps(endorseFields.note)} key={endorseFields.note.key} id={endorseFields.note.id} name={endorseFields.note.name} label={t("endorse.note")} hint={t("endorse.noteHint")} error={firstError(t, endorseFields.note)} />
              <Button>{t("endorse.submit")}</Button>
            </Form>
          </>
        ) : null}
        {!showOutcomeForm && page.outcomeOpensOn ? (
          <>
            <h2 className="govuk-heading-m">{t("outcome.heading")}</h2>
            <p className="govuk-body">{t("outcome.opensOn", { date: page.outcomeOpensOn })}</p>
          </>
        ) : null}
        {showOutcomeForm ? (
          <>
            <h2 className="govuk-heading-m">{t("outcome.heading")}</h2>
            <Form method="post" {...getFormProps(outcomeForm)} noValidate>
              <input type="hidden" name="intent" value="outcome" />
              <Radios
                id={outcomeFields.outcome.id}
                name={outcomeFields.outcome.name}
                legend={t("outcome.legend")}
                error={firstError(t, outcomeFields.outcome)}
                defaultValue={outcomeFields.outcome.initialValue as string | undefined}
                options={[
                  { value: "accredited", label: t("stages.accredited") },
                  { value: "not_yet_accredited", label: t("stages.not_yet_accredited") },
                ]}
              />
              <Field {...getInputProps(outcomeFields.outcomeOn, { type: "date" })} key={outcomeFields.outcomeOn.key} id={outcomeFields.outcomeOn.id} name={outcomeFields.outcomeOn.name} label={t("outcome.date")} error={firstError(t, outcomeFields.outcomeOn)} />
              <Button>{t("outcome.submit")}</Button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
