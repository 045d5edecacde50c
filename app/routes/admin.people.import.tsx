import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsvColumnsHelp, CsvFileField, CsvUploadButton } from "../components/CsvUpload";
import { ErrorSummary } from "../components/ErrorSummary";
import { NotificationBanner } from "../components/NotificationBanner";
import { problemsTotal, ProblemsTable } from "../components/ProblemsTable";
import { importStaff } from "../services/staff-import.server";
import { problemsReport, type ProblemsReport } from "../utils/import-problems.server";
import { IMPORT_COLUMNS } from "../utils/staff-fields";
import { authorize } from "../utils/guard.server";
import { pageMeta } from "../utils/meta";
import { readUpload } from "../utils/upload.server";

export const meta = pageMeta;

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await authorize(request, "people.import");
  return { title: t("import.title") };
}

type ActionResult =
  | { kind: "field"; key: string }
  | ({ kind: "problems"; rows: number } & ProblemsReport)
  | { kind: "done"; created: number; updated: number; unchanged: number; rows: number };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await authorize(request, "people.import");
  const fail = (key: string, status = 400) => data<ActionResult>({ kind: "field", key }, { status });
  const upload = await readUpload(request, "file", MAX_UPLOAD_BYTES);
  if (upload.kind === "tooLarge") return fail("import.errors.tooLarge", 413);
  if (upload.kind === "missing") return fail("import.errors.noFile");
  const outcome = await importStaff(upload.bytes, actor);
  if (!outcome.ok) return data<ActionResult>({ kind: "problems", ...problemsReport(outcome.problems), rows: outcome.rows }, { status: 400 });
  return data<ActionResult>({ kind: "done", created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged, rows: outcome.rows });
}

export default function ImportStaff() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const fieldError = result?.kind === "field" ? t(result.key) : undefined;
  const summary = fieldError
    ? [{ fieldId: "file", message: fieldError }]
    : result?.kind === "problems"
      ? [{ fieldId: "file", message: t("import.rejected", { total: problemsTotal(result) }) }]
      : [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary title={t("forms.errorSummaryTitle")} errors={summary} />
        {result?.kind === "done" ? (
          <NotificationBanner title={t("import.doneTitle")} success>
            <p className="govuk-notification-banner__heading">
              {t("import.done", { rows: result.rows, created: result.created, updated: result.updated, unchanged: result.unchanged })}
            </p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">{t("import.title")}</h1>
        <p className="govuk-body">{t("import.intro")}</p>
        <CsvColumnsHelp title={t("import.columnsTitle")} columns={IMPORT_COLUMNS} describe={(c) => t(`import.columns.${c}`)} />
        <Form method="post" encType="multipart/form-data" noValidate>
          <CsvFileField label={t("import.fileLabel")} hint={t("import.fileHint")} error={summary[0]?.message} />
          <CsvUploadButton busy={busy} label={t("import.submit")} checking={t("import.checking")} />
        </Form>
        {result?.kind === "problems" ? (
          <ProblemsTable report={result} withColumn />
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/admin/people">{t("import.back")}</Link>
        </p>
      </div>
    </div>
  );
}
