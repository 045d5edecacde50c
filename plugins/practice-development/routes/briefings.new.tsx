import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { readFormData } from "../../../app/utils/form-data.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { BriefingForm } from "../briefing-form";
import { briefingSchema, check, formValues, type FieldErrors } from "../forms";
import { BASE, PLUGIN_ID } from "../programme";
import { createBriefing } from "../server/briefings/briefings.server";
import { guard } from "../server/briefings/guards.server";
import { isShowTeamsStep, orgChoices, postedOrg, showTeamsStep, withTeamsLimit } from "../server/org-choices.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const LISTS = ["roles", "teams"];

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await guard(request, "cohorts.manage");
  return { title: fixedT(locale, PLUGIN_ID)("briefing.newTitle"), org: await orgChoices() };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await guard(request, "cohorts.manage");
  const values = formValues(await readFormData(request), LISTS);
  // "Show teams": nothing is saved, and the form comes back as typed with that locality's teams listed.
  if (isShowTeamsStep(values)) {
    const step = await showTeamsStep(values);
    return data({ errors: step.errors, values, org: step.org }, { status: step.status });
  }
  const result = check(briefingSchema, { ...values, newVersion: undefined, reconfirm: undefined });
  if (!result.ok) return data({ errors: withTeamsLimit(result.errors as FieldErrors, values), values, org: await postedOrg(values) }, { status: 400 });
  const id = await createBriefing(result.value, actor);
  throw redirect(`${BASE}/briefings/${id}?saved=created`);
}

export default function NewBriefing() {
  const { t } = useTranslation(PLUGIN_ID);
  const { org } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("briefing.newTitle")}</h1>
        <BriefingForm values={(failed?.values ?? { delivery: "read" }) as Record<string, never>} errors={failed?.errors} org={failed?.org ?? org} />
      </div>
    </div>
  );
}
