import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Button } from "../components/Button";
import { ErrorSummary } from "../components/ErrorSummary";
import { Field } from "../components/Field";
import { Checkboxes, Radios } from "../components/Radios";
import { availableRequirementKeys, stageForEditing, updateStage } from "../services/pathway-admin.server";
import { readFormData } from "../utils/form-data.server";
import { requiredText } from "../utils/form-text";
import { firstError, summaryItems } from "../utils/forms";
import { authorize } from "../utils/guard.server";
import { notFound } from "../utils/http.server";
import { pageMeta } from "../utils/meta";

export const meta = pageMeta;

const whole = (min: number, max: number, message: string) => z.string({ required_error: message }).regex(/^\d{1,4}$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message));

const schema = z.object({
  nameEn: requiredText("pathwayAdmin.errors.nameEn", 100, "pathwayAdmin.errors.nameTooLong"),
  nameCy: requiredText("pathwayAdmin.errors.nameCy", 100, "pathwayAdmin.errors.nameTooLong"),
  position: whole(1, 1000, "pathwayAdmin.errors.position"),
  track: z.enum(["main", "side"], { errorMap: () => ({ message: "pathwayAdmin.errors.track" }) }),
  // Blank means the stage asks for no years since qualifying (it is not a qualified stage).
  minYears: whole(0, 50, "pathwayAdmin.errors.minYears").optional(),
  requirements: z.array(z.string().max(200, "pathwayAdmin.errors.requirement")).max(100, "pathwayAdmin.errors.requirement").optional(),
});

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorize(request, "pathway.manage");
  const code = params.stageCode ?? "";
  const found = /^[a-z_]{1,50}$/.test(code) ? await stageForEditing(code, context.locale) : undefined;
  if (!found) notFound();
  return { ...context, code, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, locale, found } = await load(request, params);
  const name = locale === "cy" ? found.stage.name_cy : found.stage.name_en;
  return {
    title: t("pathwayAdmin.editTitle", { stage: name }),
    name,
    stage: { nameEn: found.stage.name_en, nameCy: found.stage.name_cy, position: String(found.stage.position), track: found.stage.track, minYears: found.stage.min_years === null ? "" : String(found.stage.min_years) },
    requirements: found.requirements,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, code } = await load(request, params);
  const submission = parseWithZod(await readFormData(request), { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const available = await availableRequirementKeys();
  const keys = [...new Set(submission.value.requirements ?? [])];
  if (keys.some((k) => !available.has(k))) return data(submission.reply({ fieldErrors: { requirements: ["pathwayAdmin.errors.requirement"] } }), { status: 400 });
  const { nameEn, nameCy, position, track, minYears } = submission.value;
  await updateStage(actor, code, { nameEn, nameCy, position, track, minYears: minYears ?? null, requirementKeys: keys });
  throw redirect(`/admin/pathway?saved=${code}`);
}

export default function EditStage() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({ id: "stage", lastResult, defaultValue: { ...page.stage, requirements: page.requirements.filter((r) => r.included).map((r) => r.key) } });
  const errors = summaryItems(t, [fields.nameEn, fields.nameCy, fields.position, fields.track, fields.minYears, fields.requirements], form.errors);
  const chosen = (fields.requirements.initialValue as string[] | string | undefined) ?? [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{t("pathwayAdmin.editTitle", { stage: page.name })}</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <Field {...getInputProps(fields.nameEn, { type: "text" })} key={fields.nameEn.key} id={fields.nameEn.id} name={fields.nameEn.name} label={t("pathwayAdmin.nameEn")} error={firstError(t, fields.nameEn)} />
          <Field {...getInputProps(fields.nameCy, { type: "text" })} key={fields.nameCy.key} id={fields.nameCy.id} name={fields.nameCy.name} label={t("pathwayAdmin.nameCy")} lang="cy" error={firstError(t, fields.nameCy)} />
          <Field {...getInputProps(fields.position, { type: "text" })} key={fields.position.key} id={fields.position.id} name={fields.position.name} label={t("pathwayAdmin.position")} hint={t("pathwayAdmin.positionHint")} inputMode="numeric" className="govuk-input--width-4" error={firstError(t, fields.position)} />
          <Radios
            id={fields.track.id}
            name={fields.track.name}
            legend={t("pathwayAdmin.track")}
            error={firstError(t, fields.track)}
            defaultValue={fields.track.initialValue as string | undefined}
            inline
            options={[
              { value: "main", label: t("pathwayAdmin.tracks.main") },
              { value: "side", label: t("pathwayAdmin.tracks.side") },
            ]}
          />
          <Field {...getInputProps(fields.minYears, { type: "text" })} key={fields.minYears.key} id={fields.minYears.id} name={fields.minYears.name} label={t("pathwayAdmin.minYears")} hint={t("pathwayAdmin.minYearsHint")} inputMode="numeric" className="govuk-input--width-4" error={firstError(t, fields.minYears)} />
          <Checkboxes
            id={fields.requirements.id}
            name={fields.requirements.name}
            legend={t("pathwayAdmin.requirements")}
            hint={t("pathwayAdmin.requirementsHint")}
            error={firstError(t, fields.requirements)}
            defaultValues={typeof chosen === "string" ? [chosen] : chosen}
            options={page.requirements.map((r) => ({ value: r.key, label: r.label }))}
          />
          <Button>{t("pathwayAdmin.save")}</Button>
        </Form>
      </div>
    </div>
  );
}
