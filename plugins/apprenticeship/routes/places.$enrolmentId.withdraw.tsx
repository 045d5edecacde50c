import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { SummaryList } from "../../../app/components/SummaryList";
import { Textarea } from "../../../app/components/Textarea";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { withdrawalSchema } from "../forms";
import { PLUGIN_ID } from "../programme";
import { placeGuard } from "../server/guards.server";
import { goesToFirstReserve, placeAsShown, withdrawalView, withdrawFromIntake, type PlaceOnIntake } from "../server/withdrawal.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
// After "the place changed meanwhile" (409) the page is drawn from the place as it now is, so the hidden
// field carries that, and what was typed comes back in the action's reply.
export const shouldRevalidate = revalidateOnConflict;

const intakePath = (place: PlaceOnIntake) => `/programmes/${PLUGIN_ID}/intakes/${place.intake_id}`;

/**
 * Where the person stands on the intake: holding a place, offered one and yet to answer, a reserve and their
 * number, or withdrawn. An offer holds the place, but it is not theirs until they accept it.
 */
function placeInWords(place: PlaceOnIntake, t: TFunction) {
  if (place.status === "waitlisted") return t("apprenticeship:withdraw.status.waitlisted", { position: place.waitlist_position });
  if (place.status !== "enrolled") return t("apprenticeship:withdraw.status.left");
  return t(place.unanswered_offer ? "apprenticeship:withdraw.status.offered" : "apprenticeship:withdraw.status.enrolled");
}

/**
 * What becomes of the place, said before it happens: the core's start-date rule, in words. Someone only
 * offered the place is not yet listed or counted as an apprentice, so for them it is the offer that goes.
 */
function consequences(place: PlaceOnIntake, t: TFunction) {
  if (place.status === "waitlisted") return [t("apprenticeship:withdraw.consequence.reserve")];
  const freed = goesToFirstReserve(place) ? "withdraw.consequence.beforeStart" : "withdraw.consequence.afterStart";
  const leaves = place.unanswered_offer ? "withdraw.consequence.offer" : "withdraw.consequence.leaves";
  return [t(`apprenticeship:${leaves}`), t(`apprenticeship:${freed}`)];
}

/**
 * GOV.UK's confirmation before something that cannot be undone: this page (a GET changes nothing) says
 * whose place it is and what becomes of it, and only "Withdraw" with a reason posts. Reached from the
 * intake's list of applications and from the apprentice's page (`from=apprentice`, where "Cancel" goes back).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, locale, place } = await placeGuard(request, params);
  const fromApprentice = new URL(request.url).searchParams.get("from") === "apprentice";
  const view = withdrawalView(place);
  return {
    title: t("apprenticeship:withdraw.title", { name: place.name }),
    view,
    name: place.name,
    intake: { name: place.intake_name, href: intakePath(place) },
    back: fromApprentice && place.status === "enrolled" ? `/programmes/${PLUGIN_ID}/apprentices/${place.person_id}` : intakePath(place),
    rows: [
      { key: "intake", label: t("apprenticeship:withdraw.intake"), value: t("apprenticeship:withdraw.intakeValue", { intake: place.intake_name, startsOn: formatDate(place.starts_on, locale) }) },
      { key: "place", label: t("apprenticeship:withdraw.place"), value: placeInWords(place, t) },
    ],
    consequences: view === "confirm" ? consequences(place, t) : [],
    // The place as this page shows it, sent back with the form: a place changed since is not withdrawn.
    shown: placeAsShown(place),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, place } = await placeGuard(request, params);
  const submission = parseWithZod(await readFormData(request), { schema: withdrawalSchema });
  if (submission.status !== "success") return data({ reply: submission.reply() }, { status: 400 });
  // Changed by someone else since the page was shown (or a form that did not say what it showed): nothing
  // is withdrawn, and the reason typed comes back with the place as it now is.
  const refused = (error: string) => data({ reply: submission.reply({ formErrors: [error] }) }, { status: 409 });
  const { reason, shown } = submission.value;
  if (!shown) return refused("withdraw.errors.changedMeanwhile");
  const result = await withdrawFromIntake(place, reason, shown, actor);
  if (!result.ok) return refused(result.error);
  return new Response(null, { status: 303, headers: { Location: `${intakePath(place)}?saved=${result.outcome}` } });
}

export default function WithdrawPlace() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof withdrawalSchema>>({ id: "withdraw", lastResult: result?.reply, shouldValidate: "onSubmit" });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={summaryItems(t, [fields.reason], form.errors)} />
        <span className="govuk-caption-l">{page.intake.name}</span>
        <h1 className="govuk-heading-l">{page.title}</h1>
        <SummaryList rows={page.rows} />
        {page.view === "confirm" ? (
          <>
            {page.consequences.map((line) => (
              <p className="govuk-body" key={line}>{line}</p>
            ))}
            <Form method="post" {...getFormProps(form)} noValidate>
              <input type="hidden" name="shown" value={page.shown} />
              <Textarea {...getTextareaProps(fields.reason)} key={fields.reason.key} id={fields.reason.id} name={fields.reason.name} label={t("withdraw.reason")} hint={t("withdraw.reasonHint")} error={firstError(t, fields.reason)} />
              <div className="govuk-button-group">
                <Button variant="warning">{t("withdraw.submit", { name: page.name })}</Button>
                <Link className="govuk-link" to={page.back}>{t("withdraw.cancel")}</Link>
              </div>
            </Form>
          </>
        ) : (
          <>
            <p className="govuk-body">{t(`withdraw.${page.view}`, { name: page.name })}</p>
            <p className="govuk-body">
              <Link className="govuk-link" to={page.intake.href}>{t("panel.back", { intake: page.intake.name })}</Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
