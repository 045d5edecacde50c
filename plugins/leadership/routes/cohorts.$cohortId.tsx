import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { FieldMessages } from "../../../app/components/FieldMessages";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { readFormData } from "../../../app/utils/form-data.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { withoutControlCharacters } from "../../../app/utils/text";
import { EMPLOYEE_NUMBER_MAX, OVERRIDE_REASON_MAX } from "../cohort-form";
import { WithdrawPlace } from "../components/WithdrawPlace";
import { cohortPage, enrolByStaff, offerFreePlaces, withdrawFromCohort } from "../server/cohort-page.server";
import { PLUGIN_ID } from "../programme";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

async function guard(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const cohortId = parseId(params.cohortId);
  if (!cohortId) notFound();
  return { ...context, cohortId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, cohortId, viewer } = await guard(request, params);
  // The viewer's own place has no "Withdraw": they give it up on the programme's home page, as any learner does.
  const page = await cohortPage(cohortId, locale, viewer.personId);
  if (!page) notFound();
  return { title: page.cohort.name, ...page };
}

/** A refused withdrawal names its place (`enrolment`), so the error is shown beside that row of the list. */
type Outcome = { ok: true; message: string; count?: number } | { ok: false; field?: "employee" | "override"; enrolment?: number; error: string; values?: { employee: string; override: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, locale, cohortId } = await guard(request, params);
  if (!(await cohortPage(cohortId, locale))) notFound();
  const form = await readFormData(request);
  if (form.get("intent") === "withdraw") {
    const enrolmentId = parseId(String(form.get("enrolment") ?? ""));
    const result = enrolmentId ? await withdrawFromCohort(cohortId, enrolmentId, actor) : { ok: false as const, error: "common:enrolment.errors.notActive" };
    if (!result.ok) return data<Outcome>({ ok: false, error: result.error, ...(enrolmentId ? { enrolment: enrolmentId } : {}) }, { status: 400 });
    const message = result.promoted ? "cohort.withdrawnAndPromoted" : result.heldForOffer ? "cohort.withdrawnAfterStart" : "cohort.withdrawn";
    return data<Outcome>({ ok: true, message: `${PLUGIN_ID}:${message}` });
  }
  if (form.get("intent") === "offer") {
    const offered = await offerFreePlaces(cohortId, actor);
    // Nothing to offer: someone else offered the places, or took them, since the page was shown.
    if (offered === 0) return data<Outcome>({ ok: false, error: `${PLUGIN_ID}:cohort.errors.nothingToOffer` }, { status: 409 });
    return data<Outcome>({ ok: true, message: `${PLUGIN_ID}:cohort.offered`, count: offered });
  }
  const employee = withoutControlCharacters(String(form.get("employee") ?? "")).trim();
  const override = withoutControlCharacters(String(form.get("override") ?? "")).trim();
  if (!employee) return data<Outcome>({ ok: false, field: "employee", error: `${PLUGIN_ID}:cohort.errors.employeeRequired`, values: { employee, override } }, { status: 400 });
  // Refused rather than cut short: the first 20 characters of a mistyped number could be someone else's.
  if (employee.length > EMPLOYEE_NUMBER_MAX) return data<Outcome>({ ok: false, field: "employee", error: `${PLUGIN_ID}:cohort.errors.employeeTooLong`, values: { employee, override } }, { status: 400 });
  // Refused rather than cut short: a reason kept with someone's place must be the whole of what was typed.
  if (override.length > OVERRIDE_REASON_MAX) return data<Outcome>({ ok: false, field: "override", error: `${PLUGIN_ID}:cohort.errors.overrideTooLong`, values: { employee, override } }, { status: 400 });
  const result = await enrolByStaff(cohortId, employee, override, actor, locale);
  if (!result.ok) return data<Outcome>({ ...result, values: { employee, override } }, { status: 400 });
  return data<Outcome>({ ok: true, message: `${PLUGIN_ID}:home.outcome.${result.status}` });
}

export default function CohortPage() {
  const { t } = useTranslation(PLUGIN_ID);
  const { cohort, sessions, roster, placesToOffer } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const [params] = useSearchParams();
  const failed = outcome && !outcome.ok ? outcome : undefined;
  const base = `/programmes/${PLUGIN_ID}`;
  const session = params.get("session");
  const banner = params.get("created") ? "cohort.created" : session === "updated" || session === "cancelled" ? `cohort.session.${session}` : undefined;
  // A withdrawal refused is said beside its row, when the row is listed; the summary links there.
  const refusedRow = failed?.enrolment !== undefined && roster.some((r) => r.id === failed.enrolment) ? `withdraw-${failed.enrolment}` : undefined;
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={failed ? [{ fieldId: failed.field ?? refusedRow, message: t(failed.error) }] : []} />
      {outcome?.ok || banner ? (
        <NotificationBanner title={t("home.outcome.title")} success>
          <p className="govuk-notification-banner__heading">{outcome?.ok ? t(outcome.message, { count: outcome.count }) : t(banner!)}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{t("title")}</span>
      <h1 className="govuk-heading-l">{cohort.name}</h1>
      <SummaryList
        rows={[
          { key: "dates", label: t("home.dates"), value: cohort.dates },
          { key: "capacity", label: t("cohort.capacity"), value: String(cohort.capacity) },
          { key: "venue", label: t("cohortForm.venue"), value: cohort.venue ?? "" },
          { key: "online", label: t("cohortForm.onlineUrl"), value: cohort.onlineUrl ? <a className="govuk-link" href={cohort.onlineUrl}>{cohort.onlineUrl}</a> : "" },
          { key: "approval", label: t("cohortForm.requiresManagerApproval"), value: t(cohort.approval ? "cohortForm.yes" : "cohortForm.no") },
        ]}
      />
      <ul className="govuk-list">
        <li><Link className="govuk-link" to={`${base}/cohorts/${cohort.id}/report`}>{t("cohort.reportLink")}</Link></li>
        <li><Link className="govuk-link" to={`${base}/cohorts/${cohort.id}/learning`}>{t("confirmLearning.link")}</Link></li>
        <li><Link className="govuk-link" to={`${base}/cohorts/${cohort.id}/attendance`}>{t("cohort.attendanceImportLink")}</Link></li>
        <li><a className="govuk-link" href={`${base}/cohorts/${cohort.id}/calendar`}>{t("cohort.calendar")}</a></li>
      </ul>
      <Table
        caption={t("cohort.sessionsCaption")}
        rows={sessions}
        rowKey={(s) => s.id}
        columns={[
          { key: "n", header: t("cohort.number"), cell: (s) => s.sequence },
          { key: "title", header: t("cohort.topic"), cell: (s) => <>{s.title}{s.status === "cancelled" ? <> <Tag colour="red">{t("cohort.cancelled")}</Tag></> : null}</> },
          { key: "when", header: t("cohort.when"), cell: (s) => t("cohort.whenValue", { when: s.when, minutes: s.minutes, count: s.minutes }) },
          {
            key: "links",
            header: t("home.action"),
            cell: (s) => (
              <>
                {/* Only a session held keeps a register: one to come says when it opens, one cancelled has none. */}
                {s.held ? (
                  <>
                    <Link className="govuk-link" to={`${base}/sessions/${s.id}/register`}>{t("cohort.register")}<span className="govuk-visually-hidden"> {s.title}</span></Link>
                    <br />
                  </>
                ) : s.status === "scheduled" ? (
                  <>
                    <span className="govuk-hint govuk-!-margin-bottom-0">{t("cohort.registerOpens")}</span>
                    <br />
                  </>
                ) : null}
                <Link className="govuk-link" to={`${base}/sessions/${s.id}/edit`}>{t("cohort.editSession")}<span className="govuk-visually-hidden"> {s.title}</span></Link>
                <br />
                <a className="govuk-link" href={`${base}/sessions/${s.id}/calendar`}>{t("cohort.addToCalendar")}<span className="govuk-visually-hidden"> {s.title}</span></a>
              </>
            ),
          },
        ]}
      />
      {placesToOffer > 0 ? (
        <>
          <h2 className="govuk-heading-m">{t("cohort.offerHeading")}</h2>
          <p className="govuk-body">{t("cohort.offerExplained", { count: placesToOffer })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="offer" />
            <Button>{t("cohort.offer", { count: placesToOffer })}</Button>
          </Form>
        </>
      ) : null}
      <h2 className="govuk-heading-m">{t("cohort.enrolHeading")}</h2>
      <p className="govuk-body">
        <Link className="govuk-link" to={`${base}/cohorts/${cohort.id}/bulk`}>{t("cohort.bulkLink")}</Link>
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="enrol" />
        <Field id="employee" name="employee" label={t("cohort.employee")} hint={t("cohort.employeeHint")} className="govuk-input--width-10" defaultValue={failed?.values?.employee} error={failed?.field === "employee" ? t(failed.error) : undefined} />
        <Field id="override" name="override" label={t("cohort.override")} hint={t("cohort.overrideHint")} defaultValue={failed?.values?.override} error={failed?.field === "override" ? t(failed.error) : undefined} />
        <Button>{t("cohort.enrol")}</Button>
      </Form>
      {/* A new cohort has nobody on it: a sentence says so, rather than a count of 0 over an empty table. */}
      {roster.length === 0 ? (
        <p className="govuk-body">{t("register.empty")}</p>
      ) : (
        <Table
          caption={t("cohort.rosterCaption", { total: roster.length })}
          rows={roster}
          rowKey={(r) => r.id}
          columns={[
            {
              key: "name",
              header: t("common:person.name"),
              cell: (r) => (
                <>
                  {["enrolled", "completed", "not_completed"].includes(r.status) ? <Link className="govuk-link" to={`${base}/cohorts/${cohort.id}/learners/${r.id}`}>{r.name}</Link> : r.name}
                  <br />
                  <span className="govuk-body-s">{r.employee}</span>
                </>
              ),
            },
            { key: "team", header: t("common:person.team"), cell: (r) => r.team },
            { key: "status", header: t("home.status"), cell: (r) => <>{t(`status.${r.status}`, { position: r.position ?? "" })}{r.override ? <><br /><span className="govuk-body-s">{t("cohort.overrideShown", { reason: r.override })}</span></> : null}</> },
            {
              key: "action",
              header: t("home.action"),
              cell: (r) => {
                const refused = refusedRow === `withdraw-${r.id}` ? t(failed!.error) : undefined;
                if (!refused) return r.withdrawable ? <WithdrawPlace enrolmentId={r.id} label={t("cohort.withdraw")} which={r.name} variant="warning" /> : null;
                return (
                  <div id={refusedRow} className="govuk-form-group govuk-form-group--error govuk-!-margin-bottom-0">
                    <FieldMessages id={refusedRow!} error={refused} />
                    {r.withdrawable ? <WithdrawPlace enrolmentId={r.id} label={t("cohort.withdraw")} which={r.name} variant="warning" /> : null}
                  </div>
                );
              },
            },
          ]}
        />
      )}
    </>
  );
}
