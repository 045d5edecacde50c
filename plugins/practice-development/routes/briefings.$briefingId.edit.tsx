import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { readFormData } from "../../../app/utils/form-data.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { BriefingForm, type BriefingFormValues } from "../briefing-form";
import { briefingSchema, check, formValues, type FieldErrors } from "../forms";
import { BASE, PLUGIN_ID } from "../programme";
import { updateBriefing } from "../server/briefings/briefings.server";
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
  return { title: fixedT(locale, PLUGIN_ID)("briefing.editTitle", { title: briefing.title }), id: briefing.id, version: briefing.version, values, teams: (await orgChoices()).teams };
}

// A refused form does not reload the page's data, but after "the briefing changed" (409) the page must
// show the version it is at now, or the form would be refused again and again.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

export async function action({ request, params }: ActionFunctionArgs) {
  const { briefing, actor } = await briefingGuard(request, params, "cohorts.manage");
  const values = formValues(await readFormData(request), ["roles", "teams"]);
  const result = check(briefingSchema, values);
  if (!result.ok) return data({ errors: result.errors as FieldErrors, values }, { status: 400 });
  const saved = await updateBriefing(briefing.id, result.value, actor);
  // Someone (or a second click) published a new version since this page was shown: show the form again, now at that version.
  if (saved && !saved.ok) return data({ errors: { newVersion: saved.error } as FieldErrors, values }, { status: 409 });
  throw redirect(`${BASE}/briefings/${briefing.id}?saved=${result.value.newVersion ? (saved?.countsFrom === saved?.version ? "reconfirm" : "version") : "updated"}`);
}

export default function EditBriefing() {
  const { title, version, values, teams } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{title}</h1>
        <BriefingForm values={(failed?.values as BriefingFormValues | undefined) ?? values} errors={failed?.errors} teams={teams} editing={{ version }} />
      </div>
    </div>
  );
}
