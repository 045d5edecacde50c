import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Button } from "../components/Button";
import { ErrorSummary } from "../components/ErrorSummary";
import { ProgressionStatusTag } from "../components/ProgressionStatusTag";
import { Radios } from "../components/Radios";
import { ProgressionRequestSummary } from "../components/ProgressionRequestSummary";
import { Textarea } from "../components/Textarea";
import { exitDecidedFor, recordPanelDecision, requestForPanel } from "../services/progression.server";
import { managerSupport, progressionReview } from "../services/progression-review.server";
import { readFormData } from "../utils/form-data.server";
import { requiredText } from "../utils/form-text";
import { firstError, summaryItems } from "../utils/forms";
import { authorize } from "../utils/guard.server";
import { notFound, parseId } from "../utils/http.server";
import { pageMeta } from "../utils/meta";
import { revalidateOnConflict } from "../utils/revalidate-on-conflict";

export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

const schema = z.object({
  decision: z.enum(["approve", "decline"], { errorMap: () => ({ message: "progression.errors.decision" }) }),
  note: requiredText("progression.errors.panelNote", 2000, "progression.errors.noteTooLong"),
});

/** Any request but the viewer's own: nobody on the panel decides their own. */
async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorize(request, "progression.decide");
  const id = parseId(params.requestId);
  const found = id ? await requestForPanel(context.viewer, id) : undefined;
  if (!id || !found) notFound();
  return { ...context, id, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, locale, found } = await load(request, params);
  const support = managerSupport(t, found);
  const review = await progressionReview(found, locale, t);
  const exitDecided = await exitDecidedFor(found.person_id, locale);
  return {
    title: t("progression.panelDecisionTitle"),
    open: found.waitingForPanel,
    ...review,
    // A programme moves the person on from where they are now (an ASYE's decision): the panel may only decline.
    exitDecided: exitDecided ? { ...exitDecided, name: review.request.name } : null,
    panel: { support: found.manager_note ? `${support}: ${found.manager_note}` : support, status: found.status, panelNote: found.panel_note ?? "" },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, id } = await load(request, params);
  const submission = parseWithZod(await readFormData(request), { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await recordPanelDecision(actor, id, submission.value.decision === "approve", submission.value.note);
  if (!outcome.ok) return data(submission.reply({ formErrors: [outcome.error] }), { status: 409 });
  throw redirect(`/admin/progression?decided=${outcome.status}`);
}

export default function PanelDecision() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({ id: "panel", lastResult });
  // The refused approval names the person, their stage and the programme that moves them on.
  const tWithExit = ((key: string) => t(key, page.exitDecided ?? {})) as unknown as typeof t;
  const errors = summaryItems(tWithExit, [fields.decision, fields.note], form.errors);
  const r = page.request;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{t("progression.panelDecisionTitle")}</h1>
        <ProgressionRequestSummary
          request={r}
          requirements={page.requirements}
          closeness={page.closeness}
          moreRows={[
            { key: "support", label: t("progression.managerHeader"), value: page.panel.support },
            { key: "status", label: t("progression.statusHeader"), value: <ProgressionStatusTag status={page.panel.status} /> },
            ...(page.panel.panelNote ? [{ key: "panelNote", label: t("progression.panelNote"), value: page.panel.panelNote }] : []),
          ]}
        />
        {page.open && page.exitDecided ? <div className="govuk-inset-text">{t("progression.errors.exitDecided", page.exitDecided)}</div> : null}
        {/* A decision refused because a colleague decided first (or the person withdrew) comes back with
            the note as typed and why, though the request no longer waits for the panel. */}
        {page.open || lastResult ? (
          <Form method="post" {...getFormProps(form)} noValidate>
            <Radios
              id={fields.decision.id}
              name={fields.decision.name}
              legend={t("progression.decisionLegend")}
              error={firstError(t, fields.decision)}
              defaultValue={fields.decision.initialValue as string | undefined}
              options={[
                ...(page.exitDecided ? [] : [{ value: "approve", label: t("progression.approve", { stage: r.to }) }]),
                { value: "decline", label: t("progression.decline") },
              ]}
            />
            <Textarea {...getTextareaProps(fields.note)} key={fields.note.key} id={fields.note.id} name={fields.note.name} label={t("progression.panelNote")} hint={t("progression.panelNoteHint")} error={firstError(t, fields.note)} />
            <Button>{t("progression.submit")}</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
