// L&D upload the weekly caseload report here: every row is checked, every bad row listed with its line
// number and nothing changed; or every row applied at once, each week replacing that week's figures.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsvColumnsHelp, CsvFileField, CsvUploadButton } from "../../../app/components/CsvUpload";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { problemsTotal, ProblemsTable } from "../../../app/components/ProblemsTable";
import { formatDate } from "../../../app/utils/dates";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { problemsReport, type ProblemsReport } from "../../../app/utils/import-problems.server";
import { readUpload } from "../../../app/utils/upload.server";
import { CASELOAD_PATH, PLUGIN_ID } from "../caseload/constants";
import { CASELOAD_COLUMNS, importCaseloads } from "../caseload/server/import.server";
import { importDoneText, importWeekText } from "../caseload/wording";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await authorizePlugin(request, PLUGIN_ID, "people.import");
  return { title: t("asye:caseload.import.title") };
}

type ActionResult =
  | { kind: "field"; key: string }
  | ({ kind: "problems"; rows: number } & ProblemsReport)
  | { kind: "done"; rows: number; weeks: { weekOf: string; label: string; rows: number; changed: boolean }[] };

export async function action({ request }: ActionFunctionArgs) {
  const { actor, locale } = await authorizePlugin(request, PLUGIN_ID, "people.import");
  const fail = (key: string, status = 400) => data<ActionResult>({ kind: "field", key }, { status });
  const upload = await readUpload(request, "file", MAX_UPLOAD_BYTES);
  if (upload.kind === "tooLarge") return fail("caseload.import.tooLarge", 413);
  if (upload.kind === "missing") return fail("caseload.import.noFile");
  const outcome = await importCaseloads(upload.bytes, actor);
  if (!outcome.ok) return data<ActionResult>({ kind: "problems", ...problemsReport(outcome.problems), rows: outcome.rows }, { status: 400 });
  return data<ActionResult>({ kind: "done", rows: outcome.rows, weeks: outcome.weeks.map((w) => ({ ...w, label: formatDate(w.weekOf, locale) })) });
}

export default function CaseloadImport() {
  const { t } = useTranslation(PLUGIN_ID);
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const fieldError = result?.kind === "field" ? t(result.key) : undefined;
  const summary = fieldError
    ? [{ fieldId: "file", message: fieldError }]
    : result?.kind === "problems"
      ? [{ fieldId: "file", message: t("caseload.import.rejected", { total: problemsTotal(result) }) }]
      : [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={summary} />
        {result?.kind === "done" ? (
          <NotificationBanner title={t("caseload.import.doneTitle")} success>
            <p className="govuk-notification-banner__heading">{importDoneText(t, result.rows)}</p>
            <ul className="govuk-list">
              {result.weeks.map((w) => (
                <li key={w.weekOf}>{importWeekText(t, w)}</li>
              ))}
            </ul>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">{t("caseload.import.title")}</h1>
        <p className="govuk-body">{t("caseload.import.intro")}</p>
        <CsvColumnsHelp title={t("caseload.import.columnsTitle")} columns={CASELOAD_COLUMNS} describe={(c) => t(`caseload.import.columns.${c}`)} />
        <Form method="post" encType="multipart/form-data" noValidate id="caseload-import">
          <CsvFileField label={t("caseload.import.fileLabel")} hint={t("caseload.import.fileHint")} error={summary[0]?.message} />
          <CsvUploadButton busy={busy} label={t("caseload.import.submit")} checking={t("caseload.import.checking")} />
        </Form>
        {result?.kind === "problems" ? <ProblemsTable report={result} withColumn /> : null}
        <p className="govuk-body">
          <Link className="govuk-link" to={CASELOAD_PATH}>
            {t("caseload.import.back")}
          </Link>
        </p>
      </div>
    </div>
  );
}
