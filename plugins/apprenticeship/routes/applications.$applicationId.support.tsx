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
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { pageMeta } from "../../../app/utils/meta";
import { supportSchema } from "../forms";
import { PLUGIN_ID } from "../programme";
import { recordSupport } from "../server/applications.server";
import { supportGuard } from "../server/guards.server";
import { answersForStaff } from "../server/views.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** A manager gives or withholds their support for an application from someone in their line. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, application } = await supportGuard(request, params);
  return {
    title: t("apprenticeship:support.title", { name: `${application.given_name} ${application.family_name}` }),
    name: `${application.given_name} ${application.family_name}`,
    answers: answersForStaff(application, t),
    application: { support: application.manager_support, reason: application.manager_reason },
    // Back here after saving, so the manager sees what they recorded, and the way back to their team.
    saved: SAVED.find((value) => value === new URL(request.url).searchParams.get("saved")) ?? null,
  };
}

const SAVED = ["given", "withheld"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, application } = await supportGuard(request, params);
  const submission = parseWithZod(await readFormData(request), { schema: supportSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (!(await recordSupport(application.id, application.person_id, submission.value.support, submission.value.reason ?? null, actor))) return data(submission.reply({ formErrors: ["support.errors.decided"] }), { status: 400 });
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}/applications/${application.id}/support?saved=${submission.value.support}` } });
}

export default function Support() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof supportSchema>>({ id: "support", lastResult, defaultValue: page.application.support === "pending" ? undefined : { support: page.application.support, reason: page.application.reason ?? undefined } });
  const errors = summaryItems(t, [fields.support, fields.reason], form.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        {page.saved ? (
          <NotificationBanner title={t("support.savedTitle")} success>
            <p className="govuk-notification-banner__heading">{t(`support.saved.${page.saved}`, { name: page.name })}</p>
            <p className="govuk-body">
              <Link className="govuk-notification-banner__link" to="/team">{t("support.backToTeam")}</Link>
            </p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">{page.title}</h1>
        <SummaryList rows={page.answers} />
        <Form method="post" {...getFormProps(form)} noValidate>
          <Radios
            id={fields.support.id}
            name={fields.support.name}
            legend={t("support.legend", { name: page.name })}
            error={firstError(t, fields.support)}
            defaultValue={fields.support.initialValue as string | undefined}
            options={[
              { value: "given", label: t("support.given") },
              { value: "withheld", label: t("support.withheld") },
            ]}
          />
          <Textarea {...getTextareaProps(fields.reason)} key={fields.reason.key} id={fields.reason.id} name={fields.reason.name} label={t("support.reason")} hint={t("support.reasonHint")} error={firstError(t, fields.reason)} />
          <Button>{t("support.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}
