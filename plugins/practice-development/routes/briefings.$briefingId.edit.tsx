import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { readFormData } from "../../../app/utils/form-data.server";
import { formatDateTime } from "../../../app/utils/dates";
import { parseId } from "../../../app/utils/http.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { BriefingForm, type BriefingFormValues } from "../briefing-form";
import { briefingSchema, check, formValues, type FieldErrors } from "../forms";
import { BASE, PLUGIN_ID } from "../programme";
import { briefingById, updateBriefing, type LastSave } from "../server/briefings/briefings.server";
import { briefingGuard } from "../server/briefings/guards.server";
import { isShowTeamsStep, orgChoices, postedOrg, showTeamsStep, withTeamsLimit } from "../server/org-choices.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const LISTS = ["roles", "teams"];

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
  return {
    title: fixedT(locale, PLUGIN_ID)("briefing.editTitle", { title: briefing.title }),
    id: briefing.id,
    version: briefing.version,
    revision: briefing.revision,
    values,
    org: await orgChoices({ shown: null, chosen: briefing.teams }),
  };
}

// The hidden fields carry what the page showed. Nobody can correct them, and there is no field to link
// to, so a form without them readable is refused as a whole (outOfDate), never beside them.
const HIDDEN_FIELDS = ["shownVersion", "shownRevision"];
const visibleErrors = (errors: FieldErrors): FieldErrors => Object.fromEntries(Object.entries(errors).filter(([field]) => !HIDDEN_FIELDS.includes(field)));

/** Sent from a page that did not say which version and revision it showed. */
const PAGE_OUT_OF_DATE = "briefing.errors.pageOutOfDate";

/** Messages whose words need nothing filled in. */
const NO_DETAILS: Record<string, string> = {};

/** The refusal of a save made after someone else saved: who (where known) and when, in the editor's words. */
function savedMeanwhile(lastSave: LastSave, locale: string): { errors: FieldErrors; details: Record<string, string> } {
  const when = formatDateTime(lastSave.at, locale);
  if (!lastSave.by) return { errors: { form: "briefing.errors.savedMeanwhile" }, details: { when } };
  return { errors: { form: "briefing.errors.savedMeanwhileBy" }, details: { when, name: `${lastSave.by.givenName} ${lastSave.by.familyName}` } };
}

/**
 * The version and revision the briefing is at now, for the form refused as out of date: the page's own
 * are those its hidden fields carried from the first view (through any "Show teams" step), which would be
 * refused again and again.
 */
async function versionNow(id: number) {
  const now = await briefingById(id);
  return now ? { version: now.version, revision: now.revision } : undefined;
}

/**
 * The version and revision the page first showed, as its hidden fields posted them, for the form shown
 * again after the "Show teams" step or a refused save: it goes on carrying them, so a save made by
 * someone else meanwhile is still refused. (The loader, which runs again after a post without JavaScript,
 * would give the briefing as it is now.) None where a hidden field is missing or was tampered with.
 */
function firstShown(values: Record<string, string | string[]>) {
  const version = parseId(values.shownVersion as string | undefined);
  const revision = parseId(values.shownRevision as string | undefined);
  return version !== undefined && revision !== undefined ? { version, revision } : undefined;
}

/**
 * The refusal of a form that does not say which version and revision its page showed (a page drawn before
 * it did, or a field tampered with): saved blindly it could undo someone's save since. It comes back as
 * typed, with its own errors too, on top of the briefing as it is now, so sending it again saves.
 */
async function outOfDate(id: number, values: Record<string, string | string[]>, errors: FieldErrors, org: Awaited<ReturnType<typeof postedOrg>>) {
  return data({ errors: { ...visibleErrors(errors), form: PAGE_OUT_OF_DATE } as FieldErrors, values, details: NO_DETAILS, org, editing: await versionNow(id) }, { status: 409 });
}

// A refused form does not reload the page's data, but after "the briefing changed" (409) the page must
// show the version and revision it is at now, or the form would be refused again and again.
export const shouldRevalidate = revalidateOnConflict;

export async function action({ request, params }: ActionFunctionArgs) {
  const { briefing, actor, locale } = await briefingGuard(request, params, "cohorts.manage");
  const values = formValues(await readFormData(request), LISTS);
  // The teams listed when the form is shown again: those ticked, the shown locality's, and those saved on the briefing.
  const listed = () => postedOrg(values, briefing.teams);
  const shown = firstShown(values);
  // "Show teams": nothing is saved, and the form comes back as typed with that locality's teams listed.
  if (isShowTeamsStep(values)) {
    const step = await showTeamsStep(values, briefing.teams);
    // Refused here too: the form shown again would carry the briefing's version now, and then save on top of it unchecked.
    if (!shown) return outOfDate(briefing.id, values, step.errors ?? {}, step.org);
    return data({ errors: step.errors, values, details: NO_DETAILS, org: step.org, editing: shown }, { status: step.status });
  }
  const result = check(briefingSchema, values);
  if (!shown) return outOfDate(briefing.id, values, withTeamsLimit(result.ok ? {} : result.errors, values), await listed());
  if (!result.ok) return data({ errors: withTeamsLimit(result.errors, values), values, details: NO_DETAILS, org: await listed(), editing: shown }, { status: 400 });
  const saved = await updateBriefing(briefing.id, result.value, actor);
  // Someone (or a second click) published a new version since this page was shown: show the form again, now at that version.
  if (saved && !saved.ok && saved.error === "briefing.errors.changed") return data({ errors: { newVersion: saved.error } as FieldErrors, values, details: NO_DETAILS, org: await listed(), editing: await versionNow(briefing.id) }, { status: 409 });
  // Someone saved the briefing since this page was shown: keep what this editor typed, and say who and when.
  if (saved && !saved.ok) return data({ ...savedMeanwhile(saved.lastSave, locale), values, org: await listed(), editing: await versionNow(briefing.id) }, { status: 409 });
  throw redirect(`${BASE}/briefings/${briefing.id}?saved=${result.value.newVersion ? (saved?.countsFrom === saved?.version ? "reconfirm" : "version") : "updated"}`);
}

export default function EditBriefing() {
  const { title, version, revision, values, org } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{title}</h1>
        {/* A form shown again goes on top of the version the action says: the briefing's now after a 409, else the one first shown. */}
        <BriefingForm values={(failed?.values as BriefingFormValues | undefined) ?? values} errors={failed?.errors} errorDetails={failed?.details} org={failed?.org ?? org} editing={failed?.editing ?? { version, revision }} />
      </div>
    </div>
  );
}
