import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Kysely } from "kysely";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import type { Database } from "../../../app/utils/db.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { withoutControlCharacters } from "../../../app/utils/text";
import { settingsSchema, UNIT_TITLE_MAX, unitTitlesShown } from "../guided-learning-form";
import { PLUGIN_ID } from "../programme";
import { leadershipDb, repeatsAUnit, saveUnits, units } from "../server/progress.server";
import { leadershipSettings, saveLeadershipSettings } from "../server/settings.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const [settings, allUnits] = await Promise.all([leadershipSettings(), units()]);
  return {
    // In the programme's words: the request's translator reads the core's namespace.
    title: t(`${PLUGIN_ID}:settings.title`),
    current: { requiredSessions: String(settings.requiredSessions), guidedHoursTarget: String(settings.guidedHoursTarget), topics: settings.topics.join("\n"), supervisorStatements: settings.supervisorStatements.join("\n") },
    units: allUnits.map((u) => ({ id: u.id, title: u.title })),
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

const unitField = (unitId: number) => `unit-${unitId}`;

/**
 * The units' titles as typed, and what is wrong with any: a title cleared or too long is refused beside
 * its field, never dropped or cut short. A unit the form does not hold (added since the page was loaded)
 * keeps its title. A new unit repeating a unit's title is refused beside its own field.
 */
function unitTitlesFrom(formData: FormData, allUnits: { id: number; title: string }[]) {
  const titles = new Map<number, string>();
  const errors: Record<string, string[]> = {};
  for (const unit of allUnits) {
    const sent = formData.get(unitField(unit.id));
    if (typeof sent !== "string") continue;
    const title = withoutControlCharacters(sent).trim();
    if (!title) errors[unitField(unit.id)] = ["settings.errors.unitRequired"];
    else if (title.length > UNIT_TITLE_MAX) errors[unitField(unit.id)] = ["settings.errors.unitTooLong"];
    else titles.set(unit.id, title);
  }
  const newUnit = formData.get("newUnit");
  if (typeof newUnit === "string" && repeatsAUnit(withoutControlCharacters(newUnit), allUnits, titles)) errors.newUnit = ["settings.errors.unitTaken"];
  return { titles, errors };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: settingsSchema });
  const { titles, errors } = unitTitlesFrom(formData, await units());
  const unitsRefused = Object.keys(errors).length > 0;
  if (submission.status !== "success" || unitsRefused) return data(submission.reply(unitsRefused ? { fieldErrors: errors } : undefined), { status: 400 });
  const { newUnit, ...settings } = submission.value;
  // The rules and the units are one form: saved together or not at all. The units go first, so a new unit
  // refused there (the same form sent twice at once) leaves the rules unsaved too.
  const saved = await leadershipDb()
    .transaction()
    .execute(async (trx) => {
      const outcome = await saveUnits(titles, newUnit || null, actor, trx);
      if (outcome.ok) await saveLeadershipSettings(settings, actor, trx as unknown as Kysely<Database>);
      return outcome;
    });
  if (!saved.ok) return data(submission.reply({ fieldErrors: { newUnit: [saved.error] } }), { status: 400 });
  // Redirected, so refreshing the page that says it is saved does not send the form (and a new unit) again.
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}/settings?saved=1` } });
}

/** Drawn afresh after each visit or save, so a saved form shows the rules as stored, its new unit field empty. */
export default function Settings() {
  return <SettingsForm key={useLocation().key} />;
}

function SettingsForm() {
  const { t } = useTranslation(PLUGIN_ID);
  const { current, units, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof settingsSchema>>({ id: "settings", lastResult, defaultValue: current });
  const unitsShown = unitTitlesShown(units, lastResult).map((u) => ({ ...u, errors: lastResult?.error?.[unitField(u.id)] ?? undefined }));
  const errors = summaryItems(t, [fields.requiredSessions, fields.guidedHoursTarget, fields.topics, fields.supervisorStatements, ...unitsShown.map((u) => ({ id: unitField(u.id), errors: u.errors })), fields.newUnit], form.errors);
  const topicsError = firstError(t, fields.topics);
  const statementsError = firstError(t, fields.supervisorStatements);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        {saved && !lastResult ? (
          <NotificationBanner title={t("home.outcome.title")} success>
            <p className="govuk-notification-banner__heading">{t("settings.saved")}</p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">{t("title")}</span>
        <h1 className="govuk-heading-l">{t("settings.title")}</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <Field {...getInputProps(fields.requiredSessions, { type: "text" })} key={fields.requiredSessions.key} id={fields.requiredSessions.id} name={fields.requiredSessions.name} inputMode="numeric" className="govuk-input--width-3" label={t("settings.requiredSessions")} hint={t("settings.requiredSessionsHint")} error={firstError(t, fields.requiredSessions)} />
          <Field {...getInputProps(fields.guidedHoursTarget, { type: "text" })} key={fields.guidedHoursTarget.key} id={fields.guidedHoursTarget.id} name={fields.guidedHoursTarget.name} inputMode="numeric" className="govuk-input--width-4" label={t("settings.guidedHoursTarget")} hint={t("settings.guidedHoursTargetHint")} error={firstError(t, fields.guidedHoursTarget)} />
          <div className={`govuk-form-group${topicsError ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label" htmlFor={fields.topics.id}>{t("settings.topics")}</label>
            <div id={`${fields.topics.id}-hint`} className="govuk-hint">{t("settings.topicsHint")}</div>
            {topicsError ? (
              <p id={`${fields.topics.id}-error`} className="govuk-error-message">
                <span className="govuk-visually-hidden">{t("common:forms.errorPrefix")}</span> {topicsError}
              </p>
            ) : null}
            <textarea {...getTextareaProps(fields.topics)} key={fields.topics.key} className={`govuk-textarea${topicsError ? " govuk-textarea--error" : ""}`} rows={16} aria-describedby={`${fields.topics.id}-hint${topicsError ? ` ${fields.topics.id}-error` : ""}`} />
          </div>
          <div className={`govuk-form-group${statementsError ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label" htmlFor={fields.supervisorStatements.id}>{t("settings.supervisorStatements")}</label>
            <div id={`${fields.supervisorStatements.id}-hint`} className="govuk-hint">{t("settings.supervisorStatementsHint")}</div>
            {statementsError ? (
              <p id={`${fields.supervisorStatements.id}-error`} className="govuk-error-message">
                <span className="govuk-visually-hidden">{t("common:forms.errorPrefix")}</span> {statementsError}
              </p>
            ) : null}
            <textarea {...getTextareaProps(fields.supervisorStatements)} key={fields.supervisorStatements.key} className={`govuk-textarea${statementsError ? " govuk-textarea--error" : ""}`} rows={4} aria-describedby={`${fields.supervisorStatements.id}-hint${statementsError ? ` ${fields.supervisorStatements.id}-error` : ""}`} />
          </div>
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{t("settings.units")}</legend>
            {unitsShown.map((u, i) => (
              <Field key={u.id} id={unitField(u.id)} name={unitField(u.id)} label={t("settings.unitLabel", { number: i + 1 })} defaultValue={u.title} error={firstError(t, { id: unitField(u.id), errors: u.errors })} />
            ))}
            <Field {...getInputProps(fields.newUnit, { type: "text" })} key={fields.newUnit.key} id={fields.newUnit.id} name={fields.newUnit.name} label={t("settings.newUnit")} error={firstError(t, fields.newUnit)} />
          </fieldset>
          <Button>{t("settings.save")}</Button>
        </Form>
      </div>
    </div>
  );
}
