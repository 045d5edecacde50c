// The caseload rule's settings: the allowed share of the experienced average and who counts as
// experienced. L&D and admins change them; every change is audited.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Checkboxes } from "../../../app/components/Radios";
import { listStages } from "../../../app/services/career-stages.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { ASYE_STAGE, CASELOAD_PATH, PLUGIN_ID } from "../caseload/constants";
import { caseloadSettingsSchema } from "../caseload/forms";
import { caseloadSettings, saveCaseloadSettings } from "../caseload/server/settings.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { t, locale } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const stages = (await listStages(locale)).filter((s) => s.code !== ASYE_STAGE).map((s) => ({ value: s.code, label: s.name }));
  return { title: t("asye:caseload.settings.title"), settings: await caseloadSettings(), stages, saved: new URL(request.url).searchParams.has("saved") };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, locale } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const submission = parseWithZod(await readFormData(request), { schema: caseloadSettingsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const known = new Set((await listStages(locale)).map((s) => s.code));
  if (submission.value.experiencedStages.some((code) => !known.has(code))) {
    return data(submission.reply({ fieldErrors: { experiencedStages: ["caseload.settings.errors.unknownStage"] } }), { status: 400 });
  }
  await saveCaseloadSettings(submission.value, actor);
  return new Response(null, { status: 303, headers: { Location: `${CASELOAD_PATH}/settings?saved=1` } });
}

export default function CaseloadSettings() {
  const { t } = useTranslation(PLUGIN_ID);
  const { settings, stages, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof caseloadSettingsSchema>>({
    id: "caseload-settings",
    lastResult,
    defaultValue: { sharePercent: String(settings.sharePercent), experiencedStages: settings.experiencedStages },
  });
  const errors = summaryItems(t, [fields.sharePercent, fields.experiencedStages], form.errors);
  const ticked = fields.experiencedStages.initialValue;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("caseload.settings.savedTitle")} message={saved && t("caseload.settings.saved")} />
        <h1 className="govuk-heading-l">{t("caseload.settings.title")}</h1>
        <p className="govuk-body">{t("caseload.settings.intro")}</p>
        <Form method="post" {...getFormProps(form)} noValidate>
          <Field
            {...getInputProps(fields.sharePercent, { type: "text" })}
            key={fields.sharePercent.key}
            id={fields.sharePercent.id}
            name={fields.sharePercent.name}
            label={t("caseload.settings.share")}
            hint={t("caseload.settings.shareHint")}
            inputMode="numeric"
            className="govuk-input--width-3"
            error={firstError(t, fields.sharePercent)}
          />
          <Checkboxes
            key={fields.experiencedStages.key}
            id={fields.experiencedStages.id}
            name={fields.experiencedStages.name}
            legend={t("caseload.settings.stages")}
            hint={t("caseload.settings.stagesHint")}
            small
            error={firstError(t, fields.experiencedStages)}
            defaultValues={Array.isArray(ticked) ? ticked.map(String) : typeof ticked === "string" ? [ticked] : []}
            options={stages}
          />
          <Button>{t("caseload.settings.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}
