import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Checkboxes } from "../../../app/components/Radios";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { pageMeta } from "../../../app/utils/meta";
import { pluginSettingsPage, savePluginSettings } from "../../../app/utils/plugin-settings.server";
import { ROLE_CATEGORIES } from "../../../app/utils/staff-fields";
import { settingsSchema } from "../naas-forms";
import { PLUGIN_ID } from "../programme";
import { naasSettings, saveNaasSettings } from "../server/settings.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/**
 * The ticked roles as a list. Conform gives one tick as a string and none as undefined; after a rejected
 * submission its value replaces the saved one, so no ticks stays no ticks rather than the saved roles.
 */
const tickedRoles = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : []);

/** The eligibility thresholds, as data L&D can change; every change is audited. */
export async function loader({ request }: LoaderFunctionArgs) {
  return pluginSettingsPage(request, PLUGIN_ID, naasSettings);
}

export async function action({ request }: ActionFunctionArgs) {
  return savePluginSettings(request, PLUGIN_ID, settingsSchema, saveNaasSettings);
}

export default function Settings() {
  const { t } = useTranslation(PLUGIN_ID);
  const { settings, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof settingsSchema>>({
    id: "settings",
    lastResult,
    defaultValue: { practitionerMinYears: String(settings.practitionerMinYears), supervisorMinReports: String(settings.supervisorMinReports), frontlineRoles: settings.frontlineRoles },
  });
  const errors = summaryItems(t, [fields.practitionerMinYears, fields.supervisorMinReports, fields.frontlineRoles], form.errors);
  const roles = tickedRoles(fields.frontlineRoles.initialValue);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("home.doneTitle")} message={saved && t("settings.saved")} />
        <h1 className="govuk-heading-l">{t("settings.title")}</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <Field {...getInputProps(fields.practitionerMinYears, { type: "text" })} key={fields.practitionerMinYears.key} id={fields.practitionerMinYears.id} name={fields.practitionerMinYears.name} label={t("settings.years")} hint={t("settings.yearsHint")} inputMode="numeric" className="govuk-input--width-4" error={firstError(t, fields.practitionerMinYears)} />
          <Checkboxes key={fields.frontlineRoles.key} id={fields.frontlineRoles.id} name={fields.frontlineRoles.name} legend={t("settings.roles")} hint={t("settings.rolesHint")} small error={firstError(t, fields.frontlineRoles)} defaultValues={roles} options={ROLE_CATEGORIES.map((r) => ({ value: r, label: t(`common:roleCategory.${r}`) }))} />
          <Field {...getInputProps(fields.supervisorMinReports, { type: "text" })} key={fields.supervisorMinReports.key} id={fields.supervisorMinReports.id} name={fields.supervisorMinReports.name} label={t("settings.reports")} hint={t("settings.reportsHint")} inputMode="numeric" className="govuk-input--width-4" error={firstError(t, fields.supervisorMinReports)} />
          <Button>{t("settings.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}
