import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { FormToken } from "../../../app/components/FormToken";
import { Checkboxes, Radios } from "../../../app/components/Radios";
import { Textarea } from "../../../app/components/Textarea";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { errorItems, fieldError } from "../form-errors";
import { formValues, type FieldErrors } from "../forms";
import { BASE, PLUGIN_ID } from "../programme";
import { auditById, auditsGuard, createAudit } from "../server/audits/audits.server";
import { THEMES } from "../server/audits/db.server";
import { auditAcross, auditSchema, checkAll } from "../server/audits/forms.server";
import { madeBefore } from "../server/form-token.server";
import { TeamPicker, teamsHint } from "../components/TeamPicker";
import { isShowTeamsStep, orgChoices, postedOrg, showTeamsStep, withTeamsLimit } from "../server/org-choices.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const ORDER = ["theme", "title", "heldOn", "summary", "localities", "showTeamsIn", "teams", "form"];
const LISTS = ["localities", "teams"];

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await auditsGuard(request);
  // The form's one-time token: the same form sent twice (a double click, a resend) records one audit.
  return { title: fixedT(locale, PLUGIN_ID)("audits.newTitle"), themes: [...THEMES], org: await orgChoices(), formToken: newFormToken() };
}

/**
 * A refused form, shown again as posted: what was typed, the teams it listed (those ticked, and the shown
 * locality's), and the token it was drawn with.
 */
async function refused(errors: FieldErrors, values: Record<string, string | string[]>, formToken: string | null) {
  return data({ errors: withTeamsLimit(errors, values), values, org: await postedOrg(values), formToken }, { status: 400 });
}

/** Where a recorded audit's form lands: on the audit. */
const landingOf = (id: number) => `${BASE}/audits/${id}?saved=audit`;

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await auditsGuard(request);
  const form = await readFormData(request);
  const values = formValues(form, LISTS);
  // The form shown again (after its "Show teams" step or a refusal) keeps the token it was drawn with, still
  // unclaimed as nothing was saved, so it stays one form however many steps it takes: a copy sent from
  // before the step (after Back, say) and one from after it create one audit between them.
  const formToken = formTokenOf(form);
  // "Show teams": nothing is saved, and the form comes back as typed with that locality's teams listed.
  if (isShowTeamsStep(values)) {
    const step = await showTeamsStep(values);
    return data({ errors: step.errors, values, org: step.org, formToken }, { status: step.status });
  }
  const result = checkAll(auditSchema, values, auditAcross);
  if (!result.ok) return refused(result.errors as FieldErrors, values, formToken);
  // Recorded in the transaction that claims the form's token, which keeps the new audit's id with the claim.
  const saved = await createAudit(result.value, actor, formToken);
  if (saved === null) {
    // Sent again, the form recorded no audit of its own: it lands on the one its first send recorded, or on
    // the list that shows it when that send kept no id or the audit is gone.
    const made = await madeBefore(formToken, async (id) => (await auditById(id)) !== undefined);
    throw redirect(made === null ? `${BASE}/audits` : landingOf(made));
  }
  if (!saved.ok) return refused({ [saved.field]: saved.error }, values, formToken);
  throw redirect(landingOf(saved.id));
}

export default function NewAudit() {
  const { t } = useTranslation(PLUGIN_ID);
  const { themes, org, formToken } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const v = (failed?.values ?? {}) as Record<string, string | string[] | undefined>;
  const { teams, localities, everyTeam, shown } = failed?.org ?? org;
  const e = fieldError(t, failed?.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errorItems(t, failed?.errors, ORDER)} />
        <span className="govuk-caption-l">{t("audits.title")}</span>
        <h1 className="govuk-heading-l">{t("audits.newTitle")}</h1>
        <p className="govuk-body">{t("audits.noCaseData")}</p>
        <Form method="post" id="audit" noValidate>
          <FormToken value={failed?.formToken ?? formToken} />
          <Radios id="theme" name="theme" legend={t("audits.fields.theme")} defaultValue={v.theme as string} error={e("theme")} options={themes.map((th) => ({ value: th, label: t(`audits.theme.${th}`) }))} />
          <Field id="title" name="title" label={t("audits.fields.title")} defaultValue={v.title as string} error={e("title")} maxLength={200} />
          <Field id="heldOn" name="heldOn" type="date" label={t("audits.fields.heldOn")} className="govuk-input--width-10" defaultValue={v.heldOn as string} error={e("heldOn")} />
          <Textarea id="summary" name="summary" label={t("audits.fields.summary")} hint={t("audits.summaryHint")} defaultValue={v.summary as string} error={e("summary")} />
          <Checkboxes id="localities" name="localities" small legend={t("audits.fields.localities")} hint={t("audits.sampleHint")} defaultValues={v.localities as string[]} error={e("localities")} options={localities.map((l) => ({ value: String(l.id), label: l.name }))} />
          {everyTeam ? null : <TeamPicker localities={localities} shown={shown} error={e("showTeamsIn")} />}
          <Checkboxes id="teams" name="teams" small legend={t("audits.fields.teams")} hint={teamsHint(t, undefined, everyTeam)} defaultValues={v.teams as string[]} error={e("teams")} options={teams.map((team) => ({ value: String(team.id), label: team.name }))} />
          <Button>{t("audits.create")}</Button>
        </Form>
      </div>
    </div>
  );
}
