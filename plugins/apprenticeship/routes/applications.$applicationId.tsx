import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Radios } from "../../../app/components/Radios";
import { SummaryList } from "../../../app/components/SummaryList";
import { Textarea } from "../../../app/components/Textarea";
import { managerCanAct } from "../../../app/services/manager-on-portal.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { pageMeta } from "../../../app/utils/meta";
import { decisionSchema, scoreSchema } from "../forms";
import { CRITERIA, DECISIONS, PLUGIN_ID } from "../programme";
import { applicationEligibility, openToSupport, rankedApplication, recordScore, type RankedApplication } from "../server/applications.server";
import { decide } from "../server/decide.server";
import { apprenticeshipDb } from "../server/db.server";
import { panelGuard } from "../server/guards.server";
import { apprenticeshipSettings } from "../server/settings.server";
import { answersForStaff, applicationStage, eligibilityText, stageName } from "../server/views.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const SCORES = ["1", "2", "3", "4", "5"];

/** The panel's score in words, with the rank when the application has one: only the shortlist is ranked. */
function scoreSummary(row: RankedApplication, t: TFunction) {
  if (row.total === null) return t("apprenticeship:panel.notScored");
  const values = { total: row.total, panelists: row.panelists, count: row.panelists };
  return row.rank === null ? t("apprenticeship:panel.totalValueUnranked", values) : t("apprenticeship:panel.totalValue", { ...values, rank: row.rank });
}

/** One application for the panel: the applicant's answers and eligibility (worded about them), each panel member's score, the decision. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, t, application, intake } = await panelGuard(request, params);
  const settings = await apprenticeshipSettings();
  const [ranked, mine] = await Promise.all([
    // Only this application is read, ranked as the intake's list ranks it.
    rankedApplication(intake.id, application.id, settings),
    apprenticeshipDb().selectFrom("apprenticeship_scores").selectAll().where("application_id", "=", application.id).where("panel_member_id", "=", viewer.personId).executeTakeFirst(),
  ]);
  // The guard found the application in this intake.
  const row = ranked!;
  const enrolment = application.enrolment_id ? await apprenticeshipDb().selectFrom("enrolments").select("status").where("id", "=", application.enrolment_id).executeTakeFirst() : undefined;
  const saved = new URL(request.url).searchParams.get("saved");
  const supportByLearningTeam = await supportIsLearningTeams(application);
  return {
    title: t("apprenticeship:panel.title", { name: `${application.given_name} ${application.family_name}` }),
    name: `${application.given_name} ${application.family_name}`,
    intake: { id: intake.id, name: intake.name },
    application: { shortlisted: application.shortlisted === 1, decision: application.decision, feedback: application.feedback },
    stageName: stageName(applicationStage({ ...application, enrolment_status: enrolment?.status ?? null }), "staff", t, supportByLearningTeam),
    // Nobody on the line can act on the portal, so the support waits for L&D, who record it from here.
    recordSupport: supportByLearningTeam && openToSupport(application) ? `/programmes/${PLUGIN_ID}/applications/${application.id}/support` : null,
    eligibility: eligibilityText(applicationEligibility(application, settings, supportByLearningTeam ? "learning_development" : "manager").reasons, settings.minServiceMonths, "staff", t).join(" "),
    answers: answersForStaff(application, t),
    scores: { total: row.total, rank: row.rank, panelists: row.panelists, perCriterion: row.perCriterion, summary: scoreSummary(row, t) },
    mine: mine ? { values: String(mine.values_score), experience: String(mine.experience_score), potential: String(mine.potential_score), comment: mine.comment ?? undefined } : undefined,
    saved: saved === "score" || saved === "decision" ? saved : null,
  };
}

/** Whether the application waits for support that only L&D can record: nobody on the applicant's line can act. */
async function supportIsLearningTeams(application: { person_id: number; manager_support: string }) {
  return application.manager_support === "pending" && !(await managerCanAct(application.person_id));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, application, intake } = await panelGuard(request, params);
  const form = await readFormData(request);
  const done = (saved: string) => new Response(null, { status: 303, headers: { Location: `${new URL(request.url).pathname}?saved=${saved}` } });
  if (form.get("intent") === "decision") {
    const submission = parseWithZod(form, { schema: decisionSchema });
    if (submission.status !== "success") return data({ intent: "decision" as const, reply: submission.reply() }, { status: 400 });
    const result = await decide(application, intake, submission.value.decision, submission.value.feedback, actor);
    // Holding a place on another intake is a conflict with the data, not with what was typed.
    if (!result.ok) return data({ intent: "decision" as const, reply: submission.reply({ formErrors: [result.error] }) }, { status: result.error === "decision.errors.holdsPlace" ? 409 : 400 });
    return done("decision");
  }
  const submission = parseWithZod(form, { schema: scoreSchema });
  if (submission.status !== "success") return data({ intent: "score" as const, reply: submission.reply() }, { status: 400 });
  // Whether it may still be scored (shortlisted, not decided) is read under the intake's lock, not from the
  // application as the page loaded it: another panel member may have decided it meanwhile.
  const result = await recordScore(application.id, application.person_id, { ...submission.value, comment: submission.value.comment ?? null }, actor);
  if (!result.ok) return data({ intent: "score" as const, reply: submission.reply({ formErrors: [result.error] }) }, { status: 400 });
  return done("score");
}

export default function PanelApplication() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [scoreForm, scoreFields] = useForm<z.input<typeof scoreSchema>>({ id: "score", lastResult: result?.intent === "score" ? result.reply : undefined, defaultValue: page.mine });
  const [decisionForm, decisionFields] = useForm<z.input<typeof decisionSchema>>({ id: "decision", lastResult: result?.intent === "decision" ? result.reply : undefined });
  const errors = [...summaryItems(t, [scoreFields.values, scoreFields.experience, scoreFields.potential, scoreFields.comment], scoreForm.errors), ...summaryItems(t, [decisionFields.decision, decisionFields.feedback], decisionForm.errors)];
  const a = page.application;
  // A post refused because the application moved on meanwhile (decided, or taken off the shortlist) keeps
  // its form on the page, with what was typed and why: the feedback or comment is not lost.
  const showScoreForm = (a.shortlisted && !a.decision) || result?.intent === "score";
  const showDecisionForm = !a.decision || result?.intent === "decision";
  const fieldOf = { values: scoreFields.values, experience: scoreFields.experience, potential: scoreFields.potential };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("home.doneTitle")} message={page.saved && t(`panel.saved.${page.saved}`)} />
        <span className="govuk-caption-l">{page.intake.name}</span>
        <h1 className="govuk-heading-l">{page.name}</h1>
        <SummaryList
          rows={[
            { key: "stage", label: t("panel.stage"), value: page.stageName },
            { key: "eligibility", label: t("panel.eligible"), value: page.eligibility },
            ...page.answers,
            { key: "total", label: t("panel.total"), value: page.scores.summary },
            ...(a.feedback ? [{ key: "feedback", label: t("decision.feedback"), value: a.feedback }] : []),
          ]}
        />
        {page.recordSupport ? (
          <div className="govuk-inset-text">
            <p className="govuk-body">{t("panel.noManagerOnPortal")}</p>
            <Link className="govuk-link" to={page.recordSupport}>{t("panel.recordSupport", { name: page.name })}</Link>
          </div>
        ) : null}
        {showScoreForm ? (
          <>
            <h2 className="govuk-heading-m">{t("panel.scoreHeading")}</h2>
            <Form method="post" {...getFormProps(scoreForm)} noValidate>
              <input type="hidden" name="intent" value="score" />
              {CRITERIA.map((c) => (
                <Radios key={c} id={fieldOf[c].id} name={fieldOf[c].name} legend={t(`panel.criteria.${c}`)} hint={t("panel.scaleHint")} error={firstError(t, fieldOf[c])} defaultValue={fieldOf[c].initialValue as string | undefined} inline small options={SCORES.map((s) => ({ value: s, label: s }))} />
              ))}
              <Textarea {...getTextareaProps(scoreFields.comment)} key={scoreFields.comment.key} id={scoreFields.comment.id} name={scoreFields.comment.name} label={t("panel.comment")} error={firstError(t, scoreFields.comment)} />
              <Button>{t("panel.saveScore")}</Button>
            </Form>
          </>
        ) : null}
        {showDecisionForm ? (
          <>
            <h2 className="govuk-heading-m">{t("decision.heading")}</h2>
            <Form method="post" {...getFormProps(decisionForm)} noValidate>
              <input type="hidden" name="intent" value="decision" />
              <Radios id={decisionFields.decision.id} name={decisionFields.decision.name} legend={t("decision.legend")} hint={t("decision.hint")} error={firstError(t, decisionFields.decision)} defaultValue={decisionFields.decision.initialValue as string | undefined} options={DECISIONS.map((d) => ({ value: d, label: t(`decision.choices.${d}`) }))} />
              <Textarea {...getTextareaProps(decisionFields.feedback)} key={decisionFields.feedback.key} id={decisionFields.feedback.id} name={decisionFields.feedback.name} label={t("decision.feedback")} hint={t("decision.feedbackHint")} error={firstError(t, decisionFields.feedback)} />
              <Button>{t("decision.submit")}</Button>
            </Form>
          </>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/intakes/${page.intake.id}`}>{t("panel.back", { intake: page.intake.name })}</Link>
        </p>
      </div>
    </div>
  );
}
