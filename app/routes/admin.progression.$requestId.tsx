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
import { StageRequirements } from "../components/StageRequirements";
import { SummaryList } from "../components/SummaryList";
import { Textarea } from "../components/Textarea";
import { evaluateStage, pathwayModel, pathwaysFor } from "../services/pathway.server";
import { localName, recordPanelDecision, requestForPanel } from "../services/progression.server";
import { formatDate } from "../utils/dates";
import { readFormData } from "../utils/form-data.server";
import { requiredText } from "../utils/form-text";
import { firstError, summaryItems } from "../utils/forms";
import { authorize } from "../utils/guard.server";
import { notFound, parseId } from "../utils/http.server";
import { pageMeta } from "../utils/meta";

export const meta = pageMeta;

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
  const model = await pathwayModel(locale);
  const pathway = (await pathwaysFor([found.person_id], locale, { model })).get(found.person_id);
  const stage = model.stages.find((s) => s.code === found.to_stage);
  const evaluation = pathway && stage ? evaluateStage(model, stage, pathway.facts, new Date(), locale) : null;
  const support = found.manager_supports === null ? t("progression.noManager") : found.manager_supports === 1 ? t("progression.supported") : t("progression.notSupported");
  return {
    title: t("progression.panelDecisionTitle"),
    open: found.status === "awaiting_panel",
    request: {
      name: `${found.given_name} ${found.family_name}`,
      role: `${found.job_title}, ${found.team_name}`,
      from: localName(locale, found.from_name_en, found.from_name_cy) || t("pathway.noStageShort"),
      to: localName(locale, found.to_name_en, found.to_name_cy),
      asked: formatDate(found.created_at, locale),
      statement: found.statement,
      support: found.manager_note ? `${support}: ${found.manager_note}` : support,
      status: found.status,
      panelNote: found.panel_note ?? "",
    },
    requirements: evaluation?.requirements ?? [],
    closeness: evaluation ? t("pathway.closeness", { met: evaluation.met, total: evaluation.total }) : "",
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
  const errors = summaryItems(t, [fields.decision, fields.note], form.errors);
  const r = page.request;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{t("progression.panelDecisionTitle")}</h1>
        <SummaryList
          rows={[
            { key: "name", label: t("person.name"), value: r.name },
            { key: "role", label: t("person.role"), value: r.role },
            { key: "from", label: t("progression.fromStage"), value: r.from },
            { key: "to", label: t("progression.toStage"), value: r.to },
            { key: "asked", label: t("progression.asked"), value: r.asked },
            { key: "statement", label: t("pathway.statement"), value: r.statement },
            { key: "support", label: t("progression.managerHeader"), value: r.support },
            { key: "status", label: t("progression.statusHeader"), value: <ProgressionStatusTag status={r.status} /> },
            ...(r.panelNote ? [{ key: "panelNote", label: t("progression.panelNote"), value: r.panelNote }] : []),
          ]}
        />
        <h2 className="govuk-heading-m">{t("progression.requirementsHeading", { stage: r.to })}</h2>
        <p className="govuk-body">{page.closeness}</p>
        <StageRequirements requirements={page.requirements} />
        {page.open ? (
          <Form method="post" {...getFormProps(form)} noValidate>
            <Radios
              id={fields.decision.id}
              name={fields.decision.name}
              legend={t("progression.decisionLegend")}
              error={firstError(t, fields.decision)}
              defaultValue={fields.decision.initialValue as string | undefined}
              options={[
                { value: "approve", label: t("progression.approve", { stage: r.to }) },
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
