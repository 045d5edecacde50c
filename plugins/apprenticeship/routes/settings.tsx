import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
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
import { settingHint, settingsSchema } from "../forms";
import { DEFAULT_SETTINGS, ENTRY_RULE_SETTINGS, PLUGIN_ID, type NumericSetting } from "../programme";
import { apprenticeshipSettings, saveApprenticeshipSettings } from "../server/settings.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** The whole numbers, typed in; the entry rules are yes or no, chosen with radios. */
const NUMBERS = (Object.keys(DEFAULT_SETTINGS) as (keyof typeof DEFAULT_SETTINGS)[]).filter((k): k is NumericSetting => typeof DEFAULT_SETTINGS[k] === "number");

/**
 * A number's hint: the range it takes, and for the expiry months that a change is a new rule for money paid
 * in from then on, leaving funds already in the account to expire when they would have.
 */
function numberHint(key: NumericSetting, t: TFunction, locale: string) {
  const range = settingHint(key, t, locale);
  return key === "expiryMonths" ? `${range} ${t("apprenticeship:settings.expiryHint")}` : range;
}

/** Every rate, threshold and entry rule of the apprenticeship, as data L&D can change; every change is audited. */
export async function loader({ request }: LoaderFunctionArgs) {
  return pluginSettingsPage(request, PLUGIN_ID, apprenticeshipSettings);
}

export async function action({ request }: ActionFunctionArgs) {
  return savePluginSettings(request, PLUGIN_ID, settingsSchema, saveApprenticeshipSettings);
}

export default function Settings() {
  const { t, i18n } = useTranslation(PLUGIN_ID);
  const { settings, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof settingsSchema>>({ id: "settings", lastResult, defaultValue: Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])) });
  const errors = summaryItems(t, [...ENTRY_RULE_SETTINGS.map((k) => fields[k]), ...NUMBERS.map((k) => fields[k])], form.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("home.doneTitle")} message={saved && t("settings.saved")} />
        <h1 className="govuk-heading-l">{t("settings.title")}</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          {ENTRY_RULE_SETTINGS.map((k) => (
            <Radios
              key={k}
              id={fields[k].id}
              name={fields[k].name}
              legend={t(`settings.fields.${k}`)}
              hint={t("settings.entryRuleHint")}
              error={firstError(t, fields[k])}
              defaultValue={fields[k].initialValue as string | undefined}
              inline
              options={[
                { value: "true", label: t("settings.yes") },
                { value: "false", label: t("settings.no") },
              ]}
            />
          ))}
          {NUMBERS.map((k) => (
            <Field {...getInputProps(fields[k], { type: "text" })} key={`${k}-${fields[k].key ?? ""}`} id={fields[k].id} name={fields[k].name} label={t(`settings.fields.${k}`)} hint={numberHint(k, t, i18n.language)} inputMode="numeric" className="govuk-input--width-5" error={firstError(t, fields[k])} />
          ))}
          <Button>{t("settings.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}
