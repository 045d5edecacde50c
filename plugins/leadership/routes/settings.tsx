import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { Fragment } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Kysely } from "kysely";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import type { Actor } from "../../../app/services/audit.server";
import type { Database } from "../../../app/utils/db.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { withoutControlCharacters } from "../../../app/utils/text";
import { REMOVE_UNIT_INTENT, REMOVE_UNIT_QUERY, RemoveUnitButton, RemoveUnitConfirmation, RemoveUnitForms, removeUnitButtonId } from "../components/RemoveUnit";
import { sessionsNeededCanBeHeld, settingsSchema, UNIT_TITLE_MAX, unitTitlesShown } from "../guided-learning-form";
import { PLUGIN_ID } from "../programme";
import { leadershipDb, units } from "../server/progress.server";
import { cohortStrandedBy, leadershipSettings, saveLeadershipSettings, type RunningCohort } from "../server/settings.server";
import { holdUnitsLock, removeUnit, resultsRecordedFor, saveUnits, titlesTaken, type TakenTitles, type UnitRemoved } from "../server/units.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

/**
 * The removal `?remove=` asks to confirm: the unit, numbered as the page lists it, and its results; or
 * `gone` when it names no unit listed (removed meanwhile, say). Only reads.
 */
async function removalAsked(asked: string | null, listed: { id: number; title: string }[]) {
  if (asked === null) return null;
  const unitId = parseId(asked);
  const index = listed.findIndex((u) => u.id === unitId);
  if (index < 0) return { gone: true } as const;
  const { id, title } = listed[index];
  return { gone: false, unit: { id, number: index + 1, title }, results: await resultsRecordedFor(id) } as const;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const [settings, allUnits] = await Promise.all([leadershipSettings(), units()]);
  const { searchParams } = new URL(request.url);
  const removal = await removalAsked(searchParams.get(REMOVE_UNIT_QUERY), allUnits);
  // The confirmation's question is the page's title, as it is its heading.
  const confirming = removal && !removal.gone ? t(`${PLUGIN_ID}:settings.removal.${removal.results === 0 ? "title" : "cannotTitle"}`, { number: removal.unit.number }) : null;
  return {
    // In the programme's words: the request's translator reads the core's namespace.
    title: confirming ?? t(`${PLUGIN_ID}:settings.title`),
    current: { requiredSessions: String(settings.requiredSessions), guidedHoursTarget: String(settings.guidedHoursTarget), topics: settings.topics.join("\n"), supervisorStatements: settings.supervisorStatements.join("\n") },
    units: allUnits.map((u) => ({ id: u.id, title: u.title })),
    saved: searchParams.has("saved"),
    removed: searchParams.has("removed"),
    removal,
  };
}

const unitField = (unitId: number) => `unit-${unitId}`;

/** A title repeating another unit's, beside the field that gave it: a renamed unit's, or the new unit's. */
function takenErrors(taken: TakenTitles): Record<string, string[]> {
  const errors: Record<string, string[]> = Object.fromEntries(taken.renamed.map((id) => [unitField(id), ["settings.errors.unitTaken"]]));
  if (taken.newUnit) errors.newUnit = ["settings.errors.unitTaken"];
  return errors;
}

/**
 * The units' titles as typed, and what is wrong with any: a title cleared or too long is refused beside
 * its field, never dropped or cut short. A unit the form does not hold (added since the page was loaded)
 * keeps its title. A unit renamed, or a new unit, repeating another unit's title is refused beside its own field.
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
  const taken = titlesTaken(allUnits, titles, typeof newUnit === "string" ? withoutControlCharacters(newUnit) : null);
  return { titles, errors: { ...takenErrors(taken), ...errors } };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const formData = await readFormData(request);
  return formData.get("intent") === REMOVE_UNIT_INTENT ? removeAUnit(formData, actor) : saveRules(formData, actor);
}

async function saveRules(formData: FormData, actor: Actor) {
  const submission = parseWithZod(formData, { schema: settingsSchema });
  const { titles, errors } = unitTitlesFrom(formData, await units());
  if (submission.status === "success" && !sessionsNeededCanBeHeld(submission.value)) errors.requiredSessions = ["settings.errors.moreRequiredThanTopics"];
  const refusedHere = Object.keys(errors).length > 0;
  if (submission.status !== "success" || refusedHere) return data(submission.reply(refusedHere ? { fieldErrors: errors } : undefined), { status: 400 });
  const { newUnit, ...settings } = submission.value;
  // The rules and the units are one form: saved together or not at all. The units go first, so a new unit
  // refused there (the same form sent twice at once) leaves the rules unsaved too. Sessions needed raised
  // past a running cohort's sessions is refused before either is written, under the units' lock that a
  // completion holds while it reads the rule, so the rule checked is the one the save replaces.
  const saved = await leadershipDb()
    .transaction()
    .execute(async (trx) => {
      const host = trx as unknown as Kysely<Database>;
      await holdUnitsLock(trx);
      const stranded = await cohortStrandedBy(settings.requiredSessions, host);
      if (stranded) return { ok: false, stranded } as const;
      const outcome = await saveUnits(titles, newUnit || null, actor, trx);
      if (outcome.ok) await saveLeadershipSettings(settings, actor, host);
      return outcome;
    });
  if (!saved.ok && "stranded" in saved) return data({ ...submission.reply({ fieldErrors: { requiredSessions: ["settings.errors.cohortStranded"] } }), stranded: saved.stranded }, { status: 400 });
  if (!saved.ok) return data(submission.reply({ fieldErrors: takenErrors(saved.taken) }), { status: 400 });
  // Redirected, so refreshing the page that says it is saved does not send the form (and a new unit) again.
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}/settings?saved=1` } });
}

/**
 * A removal refused: the unit it was for, why, and how many results it has when that is why. `ok: false`
 * marks it refused for the page's "Error:" title (isRefusal).
 */
type RemovalRefused = { ok: false; removal: { unit: number | null; error: string; results: number } };

/** A unit already gone was changed meanwhile (409); one with results, or no unit named, is refused as sent (400). */
function refuseRemoval(unit: number | null, outcome: Exclude<UnitRemoved, { ok: true }>) {
  const results = "results" in outcome ? outcome.results : 0;
  const changedMeanwhile = unit !== null && outcome.error === "settings.errors.unitGone";
  return data<RemovalRefused>({ ok: false, removal: { unit, error: outcome.error, results } }, { status: changedMeanwhile ? 409 : 400 });
}

async function removeAUnit(formData: FormData, actor: Actor) {
  const unitId = parseId(String(formData.get("unit") ?? ""));
  if (!unitId) return refuseRemoval(null, { ok: false, error: "settings.errors.unitGone" });
  const removed = await removeUnit(unitId, actor);
  if (!removed.ok) return refuseRemoval(unitId, removed);
  // Redirected, as a save is, so refreshing the page that says so sends nothing again.
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}/settings?removed=1` } });
}

/** A refused removal's error, beside its unit's button when the unit is listed, and its line in the summary. */
function removalRefusal(t: TFunction, removal: RemovalRefused["removal"] | undefined, listed: { id: number }[]) {
  if (!removal) return { byUnit: undefined, summary: [] };
  const message = t(removal.error, { count: removal.results });
  const unit = listed.some((u) => u.id === removal.unit) ? removal.unit : null;
  return { byUnit: unit === null ? undefined : { unit, message }, summary: [{ fieldId: unit === null ? undefined : removeUnitButtonId(unit), message }] };
}

/**
 * Drawn afresh after each visit or save, so a saved form shows the rules as stored, its new unit field
 * empty. A removal asked for is confirmed first, in place of the form; a refused one is shown on the form.
 */
export default function Settings() {
  const { key } = useLocation();
  const { removal } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  if (removal && !removal.gone && !reply) return <RemoveUnitConfirmation key={key} unit={removal.unit} results={removal.results} />;
  return <SettingsForm key={key} />;
}

/**
 * The fields' errors, the refusal of sessions needed naming the running cohort it would strand and its
 * sessions, beside the field and in the summary alike.
 */
function strandedT(t: TFunction, stranded: RunningCohort | undefined): TFunction {
  if (!stranded) return t;
  // A finished cohort is stranded by its learners still to be recorded as complete, and is told apart.
  return ((key: string) => t(key, { cohort: stranded.name, count: stranded.sessions, context: stranded.running ? undefined : "finished" })) as unknown as TFunction;
}

function SettingsForm() {
  const { t } = useTranslation(PLUGIN_ID);
  const { current, units, saved, removed, removal } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const lastResult = reply && !("removal" in reply) ? reply : undefined;
  const refusal = removalRefusal(t, reply && "removal" in reply ? reply.removal : undefined, units);
  const [form, fields] = useForm<z.input<typeof settingsSchema>>({ id: "settings", lastResult, defaultValue: current });
  const unitsShown = unitTitlesShown(units, lastResult).map((u) => ({ ...u, errors: lastResult?.error?.[unitField(u.id)] ?? undefined }));
  const fieldT = strandedT(t, lastResult && "stranded" in lastResult ? lastResult.stranded : undefined);
  const errors = [...summaryItems(fieldT, [fields.requiredSessions, fields.guidedHoursTarget, fields.topics, fields.supervisorStatements, ...unitsShown.map((u) => ({ id: unitField(u.id), errors: u.errors })), fields.newUnit], form.errors), ...refusal.summary];
  const topicsError = firstError(t, fields.topics);
  const statementsError = firstError(t, fields.supervisorStatements);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        {(saved || removed) && !reply ? (
          <NotificationBanner title={t("home.outcome.title")} success>
            <p className="govuk-notification-banner__heading">{t(removed ? "settings.removed" : "settings.saved")}</p>
          </NotificationBanner>
        ) : null}
        {removal?.gone && !reply ? (
          <NotificationBanner title={t("common:notices.title")}>
            <p className="govuk-notification-banner__heading">{t("settings.errors.unitGone")}</p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">{t("title")}</span>
        <h1 className="govuk-heading-l">{t("settings.title")}</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <Field {...getInputProps(fields.requiredSessions, { type: "text" })} key={fields.requiredSessions.key} id={fields.requiredSessions.id} name={fields.requiredSessions.name} inputMode="numeric" className="govuk-input--width-3" label={t("settings.requiredSessions")} hint={t("settings.requiredSessionsHint")} error={firstError(fieldT, fields.requiredSessions)} />
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
          <fieldset className="govuk-fieldset" aria-describedby="units-hint">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{t("settings.units")}</legend>
            <div id="units-hint" className="govuk-hint">{t("settings.unitsHint")}</div>
            {unitsShown.map((u, i) => (
              <Fragment key={u.id}>
                <Field id={unitField(u.id)} name={unitField(u.id)} label={t("settings.unitLabel", { number: i + 1 })} defaultValue={u.title} error={firstError(t, { id: unitField(u.id), errors: u.errors })} />
                <RemoveUnitButton unitId={u.id} label={t("settings.removeUnit", { number: i + 1 })} error={refusal.byUnit?.unit === u.id ? refusal.byUnit.message : undefined} />
              </Fragment>
            ))}
            <Field {...getInputProps(fields.newUnit, { type: "text" })} key={fields.newUnit.key} id={fields.newUnit.id} name={fields.newUnit.name} label={t("settings.newUnit")} error={firstError(t, fields.newUnit)} />
          </fieldset>
          <Button>{t("settings.save")}</Button>
        </Form>
        <RemoveUnitForms unitIds={units.map((u) => u.id)} />
      </div>
    </div>
  );
}
