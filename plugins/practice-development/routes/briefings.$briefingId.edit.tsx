import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { readFormData } from "../../../app/utils/form-data.server";
import { formatDateTime } from "../../../app/utils/dates";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { BriefingForm, type BriefingFormValues } from "../briefing-form";
import { briefingSchema, check, formValues, type FieldErrors } from "../forms";
import { BASE, PLUGIN_ID } from "../programme";
import { updateBriefing, type LastSave } from "../server/briefings/briefings.server";
import { briefingGuard } from "../server/briefings/guards.server";
import { orgChoices } from "../server/org-choices.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { briefing, locale } = await briefingGuard(request, params, "cohorts.manage");
  const values: BriefingFormValues = {
    title: briefing.title,
    summary: briefing.summary,
    linkUrl: briefing.link_url ?? "",
    documentUrl: briefing.document_url ?? "",
    delivery: briefing.delivery,
    roles: briefing.roles,
    teams: briefing.teams.map(String),
    induction: briefing.in_induction ? "yes" : undefined,
  };
  return { title: fixedT(locale, PLUGIN_ID)("briefing.editTitle", { title: briefing.title }), id: briefing.id, version: briefing.version, revision: briefing.revision, values, teams: (await orgChoices()).teams };
}

// The hidden fields carry what the page showed. Nobody can correct them, and there is no field to link
// to, so a bad one is an error of the whole form.
const HIDDEN_FIELDS = ["shownVersion", "shownRevision"];
function hiddenFieldErrorsAsForm(errors: FieldErrors): FieldErrors {
  const hidden = HIDDEN_FIELDS.find((field) => errors[field]);
  if (!hidden) return errors;
  const visible = Object.fromEntries(Object.entries(errors).filter(([field]) => !HIDDEN_FIELDS.includes(field)));
  return { ...visible, form: errors[hidden] };
}

/** Messages whose words need nothing filled in. */
const NO_DETAILS: Record<string, string> = {};

/** The refusal of a save made after someone else saved: who (where known) and when, in the editor's words. */
function savedMeanwhile(lastSave: LastSave, locale: string): { errors: FieldErrors; details: Record<string, string> } {
  const when = formatDateTime(lastSave.at, locale);
  if (!lastSave.by) return { errors: { form: "briefing.errors.savedMeanwhile" }, details: { when } };
  return { errors: { form: "briefing.errors.savedMeanwhileBy" }, details: { when, name: `${lastSave.by.givenName} ${lastSave.by.familyName}` } };
}

// A refused form does not reload the page's data, but after "the briefing changed" (409) the page must
// show the version and revision it is at now, or the form would be refused again and again.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

export async function action({ request, params }: ActionFunctionArgs) {
  const { briefing, actor, locale } = await briefingGuard(request, params, "cohorts.manage");
  const values = formValues(await readFormData(request), ["roles", "teams"]);
  const result = check(briefingSchema, values);
  if (!result.ok) return data({ errors: hiddenFieldErrorsAsForm(result.errors), values, details: NO_DETAILS }, { status: 400 });
  const saved = await updateBriefing(briefing.id, result.value, actor);
  // Someone (or a second click) published a new version since this page was shown: show the form again, now at that version.
  if (saved && !saved.ok && saved.error === "briefing.errors.changed") return data({ errors: { newVersion: saved.error } as FieldErrors, values, details: NO_DETAILS }, { status: 409 });
  // Someone saved the briefing since this page was shown: keep what this editor typed, and say who and when.
  if (saved && !saved.ok) return data({ ...savedMeanwhile(saved.lastSave, locale), values }, { status: 409 });
  throw redirect(`${BASE}/briefings/${briefing.id}?saved=${result.value.newVersion ? (saved?.countsFrom === saved?.version ? "reconfirm" : "version") : "updated"}`);
}

export default function EditBriefing() {
  const { title, version, revision, values, teams } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{title}</h1>
        <BriefingForm values={(failed?.values as BriefingFormValues | undefined) ?? values} errors={failed?.errors} errorDetails={failed?.details} teams={teams} editing={{ version, revision }} />
      </div>
    </div>
  );
}
