import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { Pagination } from "../../../app/components/Pagination";
import { Select } from "../../../app/components/Select";
import { Table } from "../../../app/components/Table";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { forbidden } from "../../../app/utils/http.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { can } from "../../../app/utils/permissions.server";
import { check, formValues, inductionSettingsSchema } from "../forms";
import { postBackTo } from "../post-back";
import { BASE, PLUGIN_ID } from "../programme";
import { guard, pageOf } from "../server/briefings/guards.server";
import { newStarters, saveInductionSettings } from "../server/briefings/induction.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/**
 * New starters the viewer may see and their induction. `?whose=team` is what the /team card counts: the
 * line the viewer manages, even when L&D lets them see everyone.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale } = await guard(request, "person.view");
  const lineOnly = new URL(request.url).searchParams.get("whose") === "team";
  const starters = await newStarters(viewer, pageOf(request), new Date(), lineOnly);
  return {
    title: fixedT(locale, PLUGIN_ID)("induction.teamTitle"),
    ...starters,
    whose: lineOnly ? "team" : "",
    // Anyone who manages a line may narrow to it, an L&D manager too (as /team's card links here).
    hasLine: viewer.roles.includes("manager"),
    rows: starters.rows.map((r) => ({ ...r, started: formatDate(r.employment_start, locale) })),
    canManage: can(viewer, "cohorts.manage"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, actor } = await guard(request, "person.view");
  if (!can(viewer, "cohorts.manage")) forbidden();
  const values = formValues(await readFormData(request), []);
  const result = check(inductionSettingsSchema, values);
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  await saveInductionSettings(result.value.days, actor);
  throw redirect(`${BASE}/induction/team?saved=1`);
}

export default function TeamInduction() {
  const { t } = useTranslation(PLUGIN_ID);
  const { rows, page, pageCount, total, inductionDays, canManage, whose, hasLine } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  const error = failed?.errors.days ? t(failed.errors.days) : undefined;
  // After a rejected save the field shows what was typed, blank included; the saved setting only on the first view.
  const days = failed ? (failed.values.days as string | undefined) : String(inductionDays);
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={error ? [{ fieldId: "days", message: error }] : []} />
      {/* The banner confirms the last save: not shown over a refused post's errors. */}
      {params.get("saved") && !failed ? (
        <NotificationBanner title={t("saved.title")} success>
          <p className="govuk-notification-banner__heading">{t("saved.induction")}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{t("title")}</span>
      <h1 className="govuk-heading-l">{t("induction.teamTitle")}</h1>
      <p className="govuk-body">{t("induction.teamIntro", { days: inductionDays, people: total, count: inductionDays })}</p>
      {hasLine ? (
        <Form method="get" className="pathways-filter">
          <Select id="whose" name="whose" label={t("induction.filterWhose")} emptyLabel={t("induction.anyone")} options={[{ value: "team", label: t("induction.lineOnly") }]} defaultValue={whose} />
          <Button variant="secondary">{t("induction.filter")}</Button>
        </Form>
      ) : null}
      {rows.length === 0 ? (
        <p className="govuk-body">{t("induction.noStarters")}</p>
      ) : (
        <Table
          caption={t("induction.teamCaption")}
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            { key: "name", header: t("sessions.person"), cell: (r) => <>{r.given_name} {r.family_name}<br /><span className="govuk-body-s">{r.job_title}</span></> },
            { key: "team", header: t("progress.team"), cell: (r) => r.team },
            { key: "started", header: t("induction.started"), cell: (r) => r.started },
            { key: "progress", header: t("induction.progressHeader"), cell: (r) => t("induction.progressValue", { done: r.done, total: r.items }) },
            { key: "outstanding", header: t("induction.outstanding"), cell: (r) => (r.outstanding.length ? r.outstanding.join("; ") : t("induction.allDone")) },
          ]}
        />
      )}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
      {canManage ? (
        <Form method="post" id="induction-settings" action={postBackTo(location)} noValidate>
          <h2 className="govuk-heading-m">{t("induction.settingsHeading")}</h2>
          <Field id="days" name="days" inputMode="numeric" className="govuk-input--width-4" label={t("induction.days")} hint={t("induction.daysHint")} defaultValue={days} error={error} />
          <Button>{t("induction.saveSettings")}</Button>
        </Form>
      ) : null}
    </>
  );
}
