import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { BriefingForm } from "../briefing-form";
import { briefingSchema, check, formValues, type FieldErrors } from "../forms";
import { BASE, PLUGIN_ID } from "../programme";
import { briefingById, createBriefing } from "../server/briefings/briefings.server";
import { guard } from "../server/briefings/guards.server";
import { pdDb } from "../server/db.server";
import { madeBefore, onceForForm } from "../server/form-token.server";
import { isShowTeamsStep, orgChoices, postedOrg, showTeamsStep, withTeamsLimit } from "../server/org-choices.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const LISTS = ["roles", "teams"];

/** Where a created briefing's form lands: on the briefing. */
const landingOf = (id: number) => `${BASE}/briefings/${id}?saved=created`;

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await guard(request, "cohorts.manage");
  // The form's one-time token: the same form sent twice (a double click, a resend) creates one briefing.
  return { title: fixedT(locale, PLUGIN_ID)("briefing.newTitle"), org: await orgChoices(), formToken: newFormToken() };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await guard(request, "cohorts.manage");
  const form = await readFormData(request);
  const values = formValues(form, LISTS);
  // The form shown again (after its "Show teams" step or a refusal) keeps the token it was drawn with, still
  // unclaimed as nothing was saved, so it stays one form however many steps it takes: a copy sent from
  // before the step (after Back, say) and one from after it create one briefing between them.
  const formToken = formTokenOf(form);
  // "Show teams": nothing is saved, and the form comes back as typed with that locality's teams listed.
  if (isShowTeamsStep(values)) {
    const step = await showTeamsStep(values);
    return data({ errors: step.errors, values, org: step.org, formToken }, { status: step.status });
  }
  // A new briefing has no version to publish nor one shown: what an edit's fields would say of them is not read.
  const result = check(briefingSchema, { ...values, newVersion: undefined, reconfirm: undefined, shownVersion: undefined, shownRevision: undefined });
  if (!result.ok) return data({ errors: withTeamsLimit(result.errors as FieldErrors, values), values, org: await postedOrg(values), formToken }, { status: 400 });
  // Created in the transaction that claims the form's token, so the same form sent twice creates one briefing.
  const saved = await onceForForm(pdDb(), formToken, async (trx) => ({ ok: true as const, id: await createBriefing(result.value, actor, trx) }));
  if (saved === null) {
    // Sent again, the form created no briefing of its own: it lands on the one its first send created, or on
    // the list that shows it when that send kept no id or the briefing is gone.
    const made = await madeBefore(formToken, async (id) => (await briefingById(id)) !== undefined);
    throw redirect(made === null ? BASE : landingOf(made));
  }
  throw redirect(landingOf(saved.id));
}

export default function NewBriefing() {
  const { t } = useTranslation(PLUGIN_ID);
  const { org, formToken } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("briefing.newTitle")}</h1>
        <BriefingForm values={(failed?.values ?? { delivery: "read" }) as Record<string, never>} errors={failed?.errors} org={failed?.org ?? org} formToken={failed?.formToken ?? formToken} />
      </div>
    </div>
  );
}
