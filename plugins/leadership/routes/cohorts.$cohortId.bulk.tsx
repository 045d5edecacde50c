import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { Select } from "../../../app/components/Select";
import { problemsTotal, ProblemsTable } from "../../../app/components/ProblemsTable";
import { Table } from "../../../app/components/Table";
import { localities, type BulkFilter } from "../../../app/services/bulk-enrolment.server";
import { problemsReport, type ProblemsReport } from "../../../app/utils/import-problems.server";
import { readFormWithUpload, uploadIn } from "../../../app/utils/upload.server";
import { parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { ROLE_CATEGORIES } from "../../../app/utils/staff-fields";
import { withoutControlCharacters } from "../../../app/utils/text";
import { OVERRIDE_REASON_MAX } from "../cohort-form";
import { PLUGIN_ID } from "../programme";
import { cohortGuard } from "../server/guards.server";
import { bulkFromCsv, bulkFromFilter, LIST_CHANGED, MAX_CSV_BYTES, previewFilter } from "../server/bulk.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

const PREVIEW_ROWS = 50;

function filterFrom(values: URLSearchParams | FormData): BulkFilter {
  const role = String(values.get("role") ?? "");
  return {
    roleCategory: (ROLE_CATEGORIES as readonly string[]).includes(role) ? role : undefined,
    localityId: parseId(String(values.get("locality") ?? "")),
    withoutProgramme: values.get("without") === "yes",
  };
}

const guard = (request: Request, params: LoaderFunctionArgs["params"]) => cohortGuard(request, params);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cohort, viewer, locale, t } = await guard(request, params);
  const search = new URL(request.url).searchParams;
  const filter = filterFrom(search);
  const preview = search.get("preview") ? await previewFilter(cohort.id, filter, viewer.personId, locale) : undefined;
  return {
    title: t("bulk.title"),
    cohort: { id: cohort.id, name: cohort.name },
    localities: await localities(),
    filter: { role: filter.roleCategory ?? "", locality: filter.localityId ?? "", without: filter.withoutProgramme },
    preview: preview && {
      total: preview.people.length,
      ineligible: preview.ineligible,
      leftOut: preview.leftOut,
      tooMany: preview.tooMany,
      // Sent back with "enrol everyone", so the people enrolled are the ones this page showed.
      shown: preview.shown,
      people: preview.people.slice(0, PREVIEW_ROWS).map((p) => ({ id: p.id, name: `${p.family_name}, ${p.given_name}`, employee: p.employee_number, role: p.job_title, team: p.team_name })),
    },
  };
}

/**
 * A refused enrolment by filter carries the reason as typed, so the page shows it again; a file cannot be
 * sent back. `values` is therefore taken, and what the error's wording needs (the most it takes) is in
 * `errorValues`.
 */
type Outcome =
  | { kind: "done"; enrolled: number; waitlisted: number }
  | ({ kind: "problems" } & ProblemsReport)
  | { kind: "error"; error: string; errorValues?: Record<string, string>; field?: string; values?: { reason: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const { cohort, actor, locale } = await guard(request, params);
  // Read against the file's limit as it streams, so a 100 MB upload is refused beside the field.
  const reading = await readFormWithUpload(request, MAX_CSV_BYTES);
  if (reading.kind === "tooLarge") return data<Outcome>({ kind: "error", error: "bulk.errors.tooLarge", field: "file" }, { status: 413 });
  const form = reading.form;
  if (form.get("intent") === "csv") {
    const upload = await uploadIn(form, "file", MAX_CSV_BYTES);
    if (upload.kind === "missing") return data<Outcome>({ kind: "error", error: "bulk.errors.noFile", field: "file" }, { status: 400 });
    if (upload.kind === "tooLarge") return data<Outcome>({ kind: "error", error: "bulk.errors.tooLarge", field: "file" }, { status: 413 });
    const result = await bulkFromCsv(cohort.id, upload.bytes, actor, locale);
    // A cohort that is over takes nobody, whatever the file says: said beside the file, not line by line.
    if (!result.ok && "error" in result) return data<Outcome>({ kind: "error", error: result.error, field: "file" }, { status: 400 });
    if (!result.ok) return data<Outcome>({ kind: "problems", ...problemsReport(result.problems) }, { status: 400 });
    return data<Outcome>({ kind: "done", enrolled: result.enrolled, waitlisted: result.waitlisted });
  }
  const sent = form.get("reason");
  const typed = typeof sent === "string" ? sent : "";
  const reason = withoutControlCharacters(typed).trim();
  // Refused rather than cut short: the reason is kept with each of the places it lets in.
  if (reason.length > OVERRIDE_REASON_MAX) return data<Outcome>({ kind: "error", error: "bulk.errors.reasonTooLong", field: "reason", values: { reason: typed } }, { status: 400 });
  const shown = form.get("shown");
  const result = await bulkFromFilter(cohort.id, filterFrom(form), reason, typeof shown === "string" ? shown : "", actor, locale);
  if (!result.ok) {
    const wording = { error: result.error, errorValues: "values" in result ? result.values : undefined, field: "field" in result ? result.field : undefined };
    // Other people found than the page showed, or a place given meanwhile, is the core's "changed by someone
    // else" (409): the page is read again and shows who the filter finds now. The others are about what was sent.
    const changed = result.error === LIST_CHANGED || result.error === "bulk.errors.givenPlacesMeanwhile";
    return data<Outcome>({ kind: "error", ...wording, values: { reason: typed } }, { status: changed ? 409 : 400 });
  }
  return data<Outcome>({ kind: "done", enrolled: result.enrolled, waitlisted: result.waitlisted });
}

export default function BulkEnrol() {
  const { t } = useTranslation(PLUGIN_ID);
  const { cohort, localities, filter, preview } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const refusal = outcome?.kind === "error" ? { fieldId: outcome.field, message: t(outcome.error, outcome.errorValues) } : undefined;
  const summary = refusal ? [refusal] : outcome?.kind === "problems" ? [{ fieldId: "file", message: t("bulk.rejected", { total: problemsTotal(outcome) }) }] : [];
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={summary} />
      {outcome?.kind === "done" ? (
        <NotificationBanner title={t("home.outcome.title")} success>
          <p className="govuk-notification-banner__heading">{t("bulk.done", { enrolled: outcome.enrolled, waitlisted: outcome.waitlisted })}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{cohort.name}</span>
      <h1 className="govuk-heading-l">{t("bulk.title")}</h1>
      <h2 className="govuk-heading-m">{t("bulk.csvHeading")}</h2>
      <p className="govuk-body">{t("bulk.csvIntro")}</p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="intent" value="csv" />
        <Field id="file" name="file" type="file" accept=".csv,text/csv" label={t("bulk.file")} hint={t("bulk.fileHint")} error={refusal?.fieldId === "file" ? refusal.message : outcome?.kind === "problems" ? t("bulk.rejected", { total: problemsTotal(outcome) }) : undefined} />
        <Button>{t("bulk.csvSubmit")}</Button>
      </Form>
      {outcome?.kind === "problems" ? (
        <ProblemsTable report={outcome} />
      ) : null}
      <h2 className="govuk-heading-m">{t("bulk.filterHeading")}</h2>
      <Form method="get" className="pathways-filter">
        <input type="hidden" name="preview" value="1" />
        <Select id="role" label={t("team.filterRole")} emptyLabel={t("team.allRoles")} options={ROLE_CATEGORIES.map((r) => ({ value: r, label: t(`roleCategory.${r}`) }))} defaultValue={filter.role} className="pathways-filter__item" />
        <Select id="locality" label={t("bulk.locality")} emptyLabel={t("bulk.allLocalities")} options={localities.map((l) => ({ value: l.id, label: l.name }))} defaultValue={filter.locality} className="pathways-filter__item" />
        <div className="govuk-form-group pathways-filter__item">
          <div className="govuk-checkboxes govuk-checkboxes--small">
            <div className="govuk-checkboxes__item">
              <input className="govuk-checkboxes__input" id="without" name="without" type="checkbox" value="yes" defaultChecked={filter.without} />
              <label className="govuk-label govuk-checkboxes__label" htmlFor="without">{t("bulk.without")}</label>
            </div>
          </div>
        </div>
        <Button variant="secondary">{t("bulk.preview")}</Button>
      </Form>
      {preview ? (
        <>
          <p className="govuk-body" role="status">{t(preview.tooMany ? "bulk.tooManyPreview" : "bulk.previewCount", { total: preview.total, ineligible: preview.ineligible })}</p>
          {preview.leftOut > 0 ? <p className="govuk-body">{t("bulk.leftOut", { leftOut: preview.leftOut })}</p> : null}
          {preview.people.length > 0 ? (
            <Table
              caption={t("bulk.previewCaption", { shown: preview.people.length, total: preview.total })}
              rows={preview.people}
              rowKey={(p) => p.id}
              columns={[
                { key: "name", header: t("common:person.name"), cell: (p) => <>{p.name}<br /><span className="govuk-body-s">{p.employee}</span></> },
                { key: "role", header: t("common:person.role"), cell: (p) => p.role },
                { key: "team", header: t("common:person.team"), cell: (p) => p.team },
              ]}
            />
          ) : null}
          {preview.total > 0 && !preview.tooMany ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="filter" />
              <input type="hidden" name="shown" value={preview.shown} />
              <input type="hidden" name="role" value={filter.role} />
              <input type="hidden" name="locality" value={filter.locality} />
              {filter.without ? <input type="hidden" name="without" value="yes" /> : null}
              {preview.ineligible > 0 ? (
                <Field id="reason" name="reason" label={t("bulk.reason")} hint={t("bulk.reasonHint", { ineligible: preview.ineligible })} defaultValue={outcome?.kind === "error" ? outcome.values?.reason : undefined} error={refusal?.fieldId === "reason" ? refusal.message : undefined} />
              ) : null}
              <Button>{t("bulk.confirm", { total: preview.total })}</Button>
            </Form>
          ) : null}
        </>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/cohorts/${cohort.id}`}>{t("register.back")}</Link>
      </p>
    </>
  );
}
