import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Radios } from "../../../app/components/Radios";
import { Textarea } from "../../../app/components/Textarea";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { confidenceSchema, followUpSchema, refusedAnswersSchema } from "../forms";
import { CHANGED, CONFIDENCE, FEED_LANG, PLUGIN_ID } from "../programme";
import { dueStage, evaluationContext, refusalOf, saveConfidence, saveFollowUp, showedObjectivesAsTheyAre, shownStage, stageToStore, type NotSaved } from "../server/evaluations.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

/** Only the learner answers their own evaluation; anyone else is told there is no such page. */
async function ownEvaluation(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const id = parseId(params.enrolmentId);
  const evaluation = id ? await evaluationContext(id) : undefined;
  if (!evaluation || evaluation.person_id !== context.viewer.personId) notFound();
  return { ...context, evaluation, stage: dueStage(evaluation, londonToday()) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, evaluation, stage } = await ownEvaluation(request, params);
  // A withdrawn run has nothing due; the page says why rather than "not yet time".
  return { title: t(`research-in-practice:evaluation.title.${stage ?? "done"}`, { course: evaluation.title }), course: evaluation.title, objectives: evaluation.objectives, stage, runWithdrawn: evaluation.run_withdrawn === 1 };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, evaluation } = await ownEvaluation(request, params);
  const form = await readFormData(request);
  const today = londonToday();
  // The form says which stage it showed. The page may have been open while the course started or L&D
  // recorded completion, so the answers are stored as that stage's or refused, never taken as another's;
  // on a run the provider withdrew they are refused, as the course will not take place.
  const shown = shownStage(form.get("stage"));
  const stage = shown && stageToStore(evaluation, shown, today);
  const refuse = (why: string) => data({ reply: parseWithZod(form, { schema: refusedAnswersSchema }).reply({ formErrors: [why] }), stage: shown, refused: true }, { status: 409 });
  if (!stage) return refuse(refusalOf(evaluation, shown, today));
  let stored: true | NotSaved;
  if (stage === "followup") {
    const submission = parseWithZod(form, { schema: followUpSchema });
    if (submission.status !== "success") return data({ reply: submission.reply(), stage, refused: false }, { status: 400 });
    stored = await saveFollowUp(evaluation, submission.value.changed, submission.value.example ?? null, actor);
  } else {
    // Ratings are stored with the objectives they were given on: ones given on a list the provider has
    // changed since are not stored. The page is drawn again with the objectives as they now are, their
    // ratings cleared (they were given on others), the rest of the answers kept, and the form still open.
    if (!showedObjectivesAsTheyAre(evaluation, form.getAll("objective"))) {
      const ratings = [...form.keys()].filter((name) => /^o\d+$/.test(name));
      return data({ reply: parseWithZod(form, { schema: refusedAnswersSchema }).reply({ formErrors: ["evaluation.errors.objectivesChanged"], hideFields: ratings }), stage, refused: false }, { status: 409 });
    }
    const submission = parseWithZod(form, { schema: confidenceSchema(evaluation.objectives.length, stage === "after") });
    if (submission.status !== "success") return data({ reply: submission.reply(), stage, refused: false }, { status: 400 });
    const value = submission.value as Record<string, number | string>;
    stored = await saveConfidence(evaluation, stage, evaluation.objectives.map((_, i) => Number(value[`o${i}`])), stage === "after" ? String(value.differently) : null, actor);
  }
  // The same form sent twice at once (the first's answers were stored after this one was checked), or the
  // provider withdrew the run meanwhile: nothing was stored, and the reply says why.
  if (stored !== true) return refuse(stored);
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}?evaluated=1` } });
}

export default function Evaluation() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useForm<Record<string, string>>({ id: "evaluation", lastResult: result?.reply });
  // Once sent, the page keeps showing the form that was sent, with its answers, even when another stage
  // is due by now: refused answers stay in view, and are never offered as another stage's.
  const stage = result?.stage ?? page.stage;
  const fieldList = stage === "followup" ? [fields.changed, fields.example] : [...page.objectives.map((_, i) => fields[`o${i}`]), ...(stage === "after" ? [fields.differently] : [])];
  const errors = summaryItems(t, fieldList, form.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <span className="govuk-caption-l">{page.course}</span>
        <h1 className="govuk-heading-l">{t(`evaluation.heading.${stage ?? "done"}`)}</h1>
        {!stage ? (
          <p className="govuk-body">{t(page.runWithdrawn ? "evaluation.runWithdrawn" : "evaluation.nothingDue")}</p>
        ) : (
          <Form method="post" {...getFormProps(form)} noValidate>
            <input type="hidden" name="stage" value={stage} />
            {stage === "followup" ? (
              <>
                <Radios id={fields.changed.id} name={fields.changed.name} legend={t("evaluation.changed")} error={firstError(t, fields.changed)} defaultValue={fields.changed.initialValue as string | undefined} options={CHANGED.map((c) => ({ value: c, label: t(`evaluation.changedOptions.${c}`) }))} />
                <Textarea {...getTextareaProps(fields.example)} key={fields.example.key} id={fields.example.id} name={fields.example.name} label={t("evaluation.example")} hint={t("evaluation.exampleHint")} error={firstError(t, fields.example)} />
              </>
            ) : (
              <>
                <p className="govuk-body">{t(`evaluation.intro.${stage}`)}</p>
                {/* The objectives as shown, so ratings are stored only with the objectives they were given on. */}
                {page.objectives.map((objective, i) => (
                  <input key={`shown-${i}`} type="hidden" name="objective" value={objective} />
                ))}
                {page.objectives.map((objective, i) => (
                  <Radios key={objective} id={fields[`o${i}`].id} name={fields[`o${i}`].name} legend={<span lang={FEED_LANG}>{objective}</span>} hint={t("evaluation.scale")} error={firstError(t, fields[`o${i}`])} defaultValue={fields[`o${i}`].initialValue as string | undefined} inline small options={CONFIDENCE.map((c) => ({ value: String(c), label: String(c) }))} />
                ))}
                {stage === "after" ? <Textarea {...getTextareaProps(fields.differently)} key={fields.differently.key} id={fields.differently.id} name={fields.differently.name} label={t("evaluation.differently")} error={firstError(t, fields.differently)} /> : null}
              </>
            )}
            {result?.refused ? null : <Button>{t("evaluation.submit")}</Button>}
          </Form>
        )}
      </div>
    </div>
  );
}
