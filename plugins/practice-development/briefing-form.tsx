// The briefing form, for a new briefing and for editing one (where a new version, and whether everyone
// must confirm again, are chosen). Errors show beside each field and in the summary above.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../app/components/Button";
import { ErrorSummary } from "../../app/components/ErrorSummary";
import { FormToken } from "../../app/components/FormToken";
import { Field } from "../../app/components/Field";
import { Checkboxes, Radios } from "../../app/components/Radios";
import { Textarea } from "../../app/components/Textarea";
import { ROLE_CATEGORIES } from "../../app/utils/staff-fields";
import { TeamPicker, teamsHint } from "./components/TeamPicker";
import { errorItems, fieldError } from "./form-errors";
import type { FieldErrors } from "./forms";
import { DELIVERIES, PLUGIN_ID } from "./programme";

export interface BriefingFormValues {
  title?: string;
  summary?: string;
  linkUrl?: string;
  documentUrl?: string;
  delivery?: string;
  roles?: string[];
  teams?: string[];
  induction?: string;
  /** Only when editing, and only from a rejected submission: the edit starts with both unticked. */
  newVersion?: string;
  reconfirm?: string;
}

/** A single "yes" checkbox's ticks: ticked again when the submission ticked it. */
const ticks = (value: string | undefined) => (value === "yes" ? ["yes"] : []);

const ORDER = ["title", "summary", "linkUrl", "documentUrl", "delivery", "roles", "showTeamsIn", "teams", "induction", "newVersion", "reconfirm", "form"];

/** An error of the whole form (no field to link to), shown at the top of the form as well as in the summary. */
function FormError({ message }: { message: string | undefined }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <div className="govuk-form-group govuk-form-group--error">
      <p id="briefing-error" className="govuk-error-message">
        <span className="govuk-visually-hidden">{t("common:forms.errorPrefix")}</span> {message}
      </p>
    </div>
  );
}

/** The units the form offers (orgChoices): the teams listed and, where not every team is, the localities whose teams it can show. */
export interface BriefingFormOrg {
  teams: { id: number; name: string }[];
  localities: { id: number; name: string }[];
  everyTeam: boolean;
  shown: number | null;
}

/** `errorDetails` fill in the messages' placeholders, such as who saved the briefing meanwhile and when. */
export function BriefingForm({ values, errors, errorDetails, org, editing, formToken }: { values: BriefingFormValues; errors?: FieldErrors; errorDetails?: Record<string, string>; org: BriefingFormOrg; editing?: { version: number; revision: number }; formToken?: string }) {
  const { t } = useTranslation(PLUGIN_ID);
  const words = (key: string) => t(key, errorDetails ?? {});
  const e = fieldError(words, errors);
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errorItems(words, errors, ORDER)} />
      <Form method="post" id="briefing" noValidate>
        <FormError message={e("form")} />
        {/* The version and revision shown now (not a rejected submission's): a save goes on top of this one, and no other. */}
        {editing ? <input type="hidden" name="shownVersion" value={editing.version} /> : null}
        {editing ? <input type="hidden" name="shownRevision" value={editing.revision} /> : null}
        {/* A new briefing's one-time token: the same form sent twice creates one. An edit has its revision instead. */}
        {formToken ? <FormToken value={formToken} /> : null}
        <Field id="title" name="title" label={t("briefing.fields.title")} defaultValue={values.title} error={e("title")} />
        <Textarea id="summary" name="summary" label={t("briefing.fields.summary")} defaultValue={values.summary} error={e("summary")} />
        <Field id="linkUrl" name="linkUrl" type="url" label={t("briefing.fields.linkUrl")} hint={t("briefing.fields.linkHint")} defaultValue={values.linkUrl} error={e("linkUrl")} spellCheck={false} />
        <Field id="documentUrl" name="documentUrl" type="url" label={t("briefing.fields.documentUrl")} hint={t("briefing.fields.documentHint")} defaultValue={values.documentUrl} error={e("documentUrl")} spellCheck={false} />
        <Radios id="delivery" name="delivery" legend={t("briefing.fields.delivery")} defaultValue={values.delivery} error={e("delivery")} options={DELIVERIES.map((d) => ({ value: d, label: t(`delivery.${d}`) }))} />
        <Checkboxes id="roles" name="roles" small legend={t("briefing.fields.roles")} hint={t("briefing.fields.rolesHint")} defaultValues={values.roles} error={e("roles")} options={ROLE_CATEGORIES.map((r) => ({ value: r, label: t(`common:roleCategory.${r}`) }))} />
        {org.everyTeam ? null : <TeamPicker localities={org.localities} shown={org.shown} error={e("showTeamsIn")} />}
        <Checkboxes id="teams" name="teams" small legend={t("briefing.fields.teams")} hint={teamsHint(t, t("briefing.fields.teamsHint"), org.everyTeam)} defaultValues={values.teams} error={e("teams")} options={org.teams.map((team) => ({ value: String(team.id), label: team.name }))} />
        <Checkboxes id="induction" name="induction" small legend={t("briefing.fields.inductionLegend")} defaultValues={ticks(values.induction)} error={e("induction")} options={[{ value: "yes", label: t("briefing.fields.induction") }]} />
        {editing ? (
          <Checkboxes
            id="newVersion"
            name="newVersion"
            legend={t("briefing.fields.versionLegend", { version: editing.version })}
            defaultValues={ticks(values.newVersion)}
            error={e("newVersion")}
            options={[{ value: "yes", label: t("briefing.fields.newVersion", { next: editing.version + 1 }) }]}
          />
        ) : null}
        {editing ? <Checkboxes id="reconfirm" name="reconfirm" legend={t("briefing.fields.reconfirmLegend")} defaultValues={ticks(values.reconfirm)} error={e("reconfirm")} options={[{ value: "yes", label: t("briefing.fields.reconfirm"), hint: t("briefing.fields.reconfirmHint") }]} /> : null}
        <Button>{t(editing ? "briefing.save" : "briefing.create")}</Button>
      </Form>
    </>
  );
}
