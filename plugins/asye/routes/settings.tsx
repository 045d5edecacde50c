import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Radios } from "../../../app/components/Radios";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { pageMeta } from "../../../app/utils/meta";
import { pluginSettingsPage, savePluginSettings } from "../../../app/utils/plugin-settings.server";
import { settingsSchema } from "../forms";
import { DEFAULT_SETTINGS, PLUGIN_ID } from "../programme";
import { asyeSettings, saveAsyeSettings } from "../server/settings.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const NUMBERS = (Object.keys(DEFAULT_SETTINGS) as (keyof typeof DEFAULT_SETTINGS)[]).filter((k) => k !== "ninthMonthReview");

/** The ASYE's review months, evidence counts, supervision frequency and long-leave threshold; every change is audited, and applies to the years started after it. */
export async function loader({ request }: LoaderFunctionArgs) {
  return pluginSettingsPage(request, PLUGIN_ID, asyeSettings);
}

export async function action({ request }: ActionFunctionArgs) {
  return savePluginSettings(request, PLUGIN_ID, settingsSchema, saveAsyeSettings);
}

export default function Settings() {
  const { t } = useTranslation(PLUGIN_ID);
  const { settings, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof settingsSchema>>({ id: "settings", lastResult, defaultValue: Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])) });
  const errors = summaryItems(t, [fields.ninthMonthReview, ...NUMBERS.map((k) => fields[k])], form.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("home.doneTitle")} message={saved && t("settings.saved")} />
        <h1 className="govuk-heading-l">{t("settings.title")}</h1>
        <p className="govuk-body">{t("settings.appliesToNewYears")}</p>
        <Form method="post" {...getFormProps(form)} noValidate>
          <Radios
            id={fields.ninthMonthReview.id}
            name={fields.ninthMonthReview.name}
            legend={t("settings.fields.ninthMonthReview")}
            hint={t("settings.ninthMonthReviewHint")}
            error={firstError(t, fields.ninthMonthReview)}
            defaultValue={fields.ninthMonthReview.initialValue as string | undefined}
            inline
            options={[
              { value: "1", label: t("settings.yes") },
              { value: "0", label: t("settings.no") },
            ]}
          />
          {NUMBERS.map((k) => (
            <Field {...getInputProps(fields[k], { type: "text" })} key={`${k}-${fields[k].key ?? ""}`} id={fields[k].id} name={fields[k].name} label={t(`settings.fields.${k}`)} inputMode="numeric" className="govuk-input--width-5" error={firstError(t, fields[k])} />
          ))}
          <Button>{t("settings.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}
