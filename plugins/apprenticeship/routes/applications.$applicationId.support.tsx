import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { Radios } from "../../../app/components/Radios";
import { SummaryList } from "../../../app/components/SummaryList";
import { Textarea } from "../../../app/components/Textarea";
import { managerCanAct } from "../../../app/services/manager-on-portal.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { learningTeamSupportSchema, supportSchema } from "../forms";
import { PLUGIN_ID } from "../programme";
import { openToSupport, recordSupport, type SupportRecorder, type SupportResult } from "../server/applications.server";
import { supportGuard } from "../server/guards.server";
import { answersForStaff } from "../server/views.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

/**
 * A manager gives or withholds their support for an application from someone in their line; when nobody
 * on that line can act on the portal, L&D record the manager's support here instead.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, application, by } = await supportGuard(request, params);
  const name = `${application.given_name} ${application.family_name}`;
  // L&D have nothing to record while a manager on the line can act: the support is theirs. The page says so
  // rather than answer 404, because a refused post without JavaScript is drawn from this loader too, and
  // must show the answer L&D typed so they can pass it on.
  const managerDecides = by === "learning_development" && (await managerCanAct(application.person_id));
  return {
    managerDecides,
    title: t(by === "manager" ? "apprenticeship:support.title" : "apprenticeship:support.learningTeam.title", { name }),
    name,
    by,
    answers: answersForStaff(application, t),
    application: { id: application.id, support: application.manager_support, reason: application.manager_reason },
    // Shortlisted or decided, the support can no longer change: the page says so rather than offer a form
    // whose every answer is refused.
    open: openToSupport(application),
    // The application as this page shows it, sent back with the answer: support is refused if the applicant
    // has changed it since, as it is for a statement the manager never read.
    shown: application.updated_at,
    // Back here after saving, so the manager sees what they recorded, and the way back to their team.
    saved: SAVED.find((value) => value === new URL(request.url).searchParams.get("saved")) ?? null,
  };
}

const SAVED = ["given", "withheld"] as const;

type SupportRefusal = Exclude<Extract<SupportResult, { ok: false }>["error"], "support.errors.changedMeanwhile">;

/** A refusal in the words of whoever was filling in the form: L&D record the manager's support, not their own. */
function refusalFor(error: SupportRefusal, by: SupportRecorder) {
  return by === "learning_development" && error === "support.errors.decided" ? "support.learningTeam.errors.decided" : error;
}

/** Sent from a page that did not say which application it showed (drawn before it did, or tampered with). */
const PAGE_OUT_OF_DATE = "support.errors.pageOutOfDate";

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, application, by } = await supportGuard(request, params);
  const formData = await readFormData(request);
  const posted = formData.get("shown");
  const submission = parseWithZod(formData, { schema: by === "manager" ? supportSchema : learningTeamSupportSchema });
  // Not knowing what the page showed, the answer may be about an application since changed: refused, not
  // saved blindly, with the application as it now is carried in the hidden field, so sending again works.
  if (typeof posted !== "string" || posted === "") return data({ ...submission.reply({ formErrors: [PAGE_OUT_OF_DATE] }), shown: application.updated_at }, { status: 409 });
  // A refused field keeps the page's own `shown`: the page drawn afresh would carry a change made since.
  if (submission.status !== "success") return data({ ...submission.reply(), shown: posted }, { status: 400 });
  const result = await recordSupport(application.id, application.person_id, { support: submission.value.support, reason: submission.value.reason ?? null, shown: posted }, actor, by);
  // The applicant changed their application since the page was shown, or a manager on the line can act by
  // now (L&D saw otherwise): each a conflict, answered with what was typed and the application as it now is.
  if (!result.ok && result.error === "support.errors.changedMeanwhile") return data({ ...submission.reply({ formErrors: [result.error] }), shown: result.now }, { status: 409 });
  if (!result.ok) return data({ ...submission.reply({ formErrors: [refusalFor(result.error, by)] }), shown: posted }, { status: result.error === "support.errors.managerDecides" ? 409 : 400 });
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}/applications/${application.id}/support?saved=${submission.value.support}` } });
}

export default function Support() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof supportSchema>>({ id: "support", lastResult, defaultValue: page.application.support === "pending" ? undefined : { support: page.application.support, reason: page.application.reason ?? undefined } });
  const errors = summaryItems(t, [fields.support, fields.reason], form.errors);
  // Once a manager on the line can act, L&D see the form again only to read back the answer they were refused;
  // once the panel has taken the application forward, nobody sees it.
  const showsForm = page.open && (!page.managerDecides || lastResult != null);
  // L&D record what the manager would have said, so the form speaks of the manager, not to them.
  const words = page.by === "manager" ? "support" : "support.learningTeam";
  const back = page.by === "manager" ? { to: "/team", label: t("support.backToTeam") } : { to: `/programmes/${PLUGIN_ID}/applications/${page.application.id}`, label: t("support.learningTeam.back") };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        {page.saved ? (
          <NotificationBanner title={t("support.savedTitle")} success>
            <p className="govuk-notification-banner__heading">{t(`${words}.saved.${page.saved}`, { name: page.name })}</p>
            <p className="govuk-body">
              <Link className="govuk-notification-banner__link" to={back.to}>{back.label}</Link>
            </p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">{page.title}</h1>
        {page.by === "learning_development" && page.open && !page.managerDecides ? <div className="govuk-inset-text">{t("support.learningTeam.why")}</div> : null}
        <SummaryList rows={page.answers} />
        {showsForm ? (
          <Form method="post" {...getFormProps(form)} noValidate>
            <input type="hidden" name="shown" value={lastResult?.shown ?? page.shown} />
            <Radios
              id={fields.support.id}
              name={fields.support.name}
              legend={t(`${words}.legend`, { name: page.name })}
              error={firstError(t, fields.support)}
              defaultValue={fields.support.initialValue as string | undefined}
              options={[
                { value: "given", label: t(`${words}.given`) },
                { value: "withheld", label: t(`${words}.withheld`) },
              ]}
            />
            <Textarea {...getTextareaProps(fields.reason)} key={fields.reason.key} id={fields.reason.id} name={fields.reason.name} label={t("support.reason")} hint={t(`${words}.reasonHint`)} error={firstError(t, fields.reason)} />
            <Button>{t("support.submit")}</Button>
          </Form>
        ) : (
          <p className="govuk-body">{page.open ? t("support.learningTeam.managerDecides", { name: page.name }) : t(`${words}.closed`, { name: page.name })}</p>
        )}
      </div>
    </div>
  );
}
