import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { FormToken } from "../../../app/components/FormToken";
import { Checkboxes } from "../../../app/components/Radios";
import { Select } from "../../../app/components/Select";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { parseId } from "../../../app/utils/http.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { ROLE_CATEGORIES } from "../../../app/utils/staff-fields";
import { errorItems, fieldError } from "../form-errors";
import { check, formValues, rolloutSchema, type FieldErrors } from "../forms";
import { BASE, PLUGIN_ID } from "../programme";
import { briefingSearchOf, offeredBriefings } from "../server/briefings/briefings.server";
import { guard } from "../server/briefings/guards.server";
import { createRollout, rolloutById } from "../server/briefings/rollouts.server";
import { pdDb } from "../server/db.server";
import { madeBefore, onceForForm } from "../server/form-token.server";
import { BriefingSearch, SomeBriefingsListed } from "../components/BriefingChoices";
import { TeamPicker, teamsHint } from "../components/TeamPicker";
import { isShowTeamsStep, orgChoices, postedOrg, showTeamsStep, withTeamsLimit } from "../server/org-choices.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const ORDER = ["briefing", "dueOn", "targetPercent", "roles", "localities", "showTeamsIn", "teams", "form"];
const LISTS = ["roles", "teams", "localities"];

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await guard(request, "cohorts.manage");
  // The briefing a link names (`?briefing=`, from its page) is offered and chosen wherever it falls; the
  // others are the first by title, or of those a search (`?find=`) finds.
  const chosen = parseId(new URL(request.url).searchParams.get("briefing"));
  const find = briefingSearchOf(request);
  const [offered, org] = await Promise.all([offeredBriefings({ search: find, include: chosen ? [chosen] : [] }), orgChoices()]);
  return {
    title: fixedT(locale, PLUGIN_ID)("rollout.newTitle"),
    briefings: offered.rows,
    listed: offered.listed,
    total: offered.total,
    find,
    org,
    chosen: chosen !== undefined && offered.rows.some((b) => b.id === chosen) ? String(chosen) : "",
    // The form's one-time token: the same form sent twice (a double click, a resend) creates one rollout.
    formToken: newFormToken(),
  };
}

/**
 * A refused form, shown again as posted: what was typed, the teams it listed (those ticked, and the shown
 * locality's), and the token it was drawn with.
 */
async function refused(errors: FieldErrors, values: Record<string, string | string[]>, formToken: string | null) {
  return data({ errors: withTeamsLimit(errors, values), values, org: await postedOrg(values), formToken }, { status: 400 });
}

/** Where a created rollout's form lands: on the rollout. */
const landingOf = (id: number) => `${BASE}/rollouts/${id}?saved=1`;

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await guard(request, "cohorts.manage");
  const form = await readFormData(request);
  const values = formValues(form, LISTS);
  // The form shown again (after its "Show teams" step or a refusal) keeps the token it was drawn with, still
  // unclaimed as nothing was saved, so it stays one form however many steps it takes: a copy sent from
  // before the step (after Back, say) and one from after it create one rollout between them.
  const formToken = formTokenOf(form);
  // "Show teams": nothing is saved, and the form comes back as typed with that locality's teams listed.
  if (isShowTeamsStep(values)) {
    const step = await showTeamsStep(values);
    return data({ errors: step.errors, values, org: step.org, formToken }, { status: step.status });
  }
  const result = check(rolloutSchema, values);
  if (!result.ok) return refused(result.errors, values, formToken);
  // Created in the transaction that claims the form's token, so the same form sent twice creates one rollout.
  const saved = await onceForForm(pdDb(), formToken, (trx) => createRollout(result.value, actor, undefined, trx));
  if (saved === null) {
    // Sent again, the form created no rollout of its own: it lands on the one its first send created, or on
    // the list that shows it when that send kept no id or the rollout is gone.
    const made = await madeBefore(formToken, async (id) => (await rolloutById(id)) !== undefined);
    throw redirect(made === null ? `${BASE}/rollouts` : landingOf(made));
  }
  if (!saved.ok) return refused({ [saved.field]: saved.error }, values, formToken);
  throw redirect(landingOf(saved.id));
}

export default function NewRollout() {
  const { t } = useTranslation(PLUGIN_ID);
  const { briefings, listed, total, find, org, chosen, formToken } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  // A rejected form, or the "Show teams" step, comes back exactly as submitted (a blank stays blank); the defaults are for the first view only.
  const v = (failed?.values ?? { briefing: chosen, targetPercent: "90" }) as Record<string, string | string[] | undefined>;
  const { teams, localities, everyTeam, shown } = failed?.org ?? org;
  const e = fieldError(t, failed?.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errorItems(t, failed?.errors, ORDER)} />
        <h1 className="govuk-heading-l">{t("rollout.newTitle")}</h1>
        <p className="govuk-body">{t("rollout.intro")}</p>
        <BriefingSearch listed={listed} total={total} find={find} chosen={chosen} what="briefings" />
        <Form method="post" id="rollout" noValidate>
          <FormToken value={failed?.formToken ?? formToken} />
          <Select id="briefing" name="briefing" label={t("home.briefing")} error={e("briefing")} defaultValue={v.briefing as string} emptyLabel={t("rollout.chooseBriefing")} options={briefings.map((b) => ({ value: String(b.id), label: b.title }))} />
          <SomeBriefingsListed listed={listed} total={total} find={find} what="briefings" />
          <Field id="dueOn" name="dueOn" type="date" label={t("rollout.dueOn")} className="govuk-input--width-10" defaultValue={v.dueOn as string} error={e("dueOn")} />
          <Field id="targetPercent" name="targetPercent" inputMode="numeric" label={t("rollout.targetPercent")} hint={t("rollout.targetHint")} className="govuk-input--width-4" defaultValue={v.targetPercent as string} error={e("targetPercent")} />
          <Checkboxes id="roles" name="roles" small legend={t("rollout.roles")} hint={t("rollout.rolesHint")} defaultValues={v.roles as string[]} error={e("roles")} options={ROLE_CATEGORIES.map((r) => ({ value: r, label: t(`common:roleCategory.${r}`) }))} />
          <Checkboxes id="localities" name="localities" small legend={t("rollout.localities")} hint={t("rollout.placesHint")} defaultValues={v.localities as string[]} error={e("localities")} options={localities.map((l) => ({ value: String(l.id), label: l.name }))} />
          {everyTeam ? null : <TeamPicker localities={localities} shown={shown} error={e("showTeamsIn")} />}
          <Checkboxes id="teams" name="teams" small legend={t("rollout.teams")} hint={teamsHint(t, undefined, everyTeam)} defaultValues={v.teams as string[]} error={e("teams")} options={teams.map((team) => ({ value: String(team.id), label: team.name }))} />
          <Button>{t("rollout.create")}</Button>
        </Form>
      </div>
    </div>
  );
}
