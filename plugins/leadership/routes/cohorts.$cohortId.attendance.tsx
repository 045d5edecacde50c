import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { problemsTotal, ProblemsTable } from "../../../app/components/ProblemsTable";
import { importAttendance } from "../../../app/services/attendance-import.server";
import { problemsReport, type ProblemsReport } from "../../../app/utils/import-problems.server";
import { readUpload } from "../../../app/utils/upload.server";
import { pageMeta } from "../../../app/utils/meta";
import { PLUGIN_ID } from "../programme";
import { MAX_CSV_BYTES } from "../server/bulk.server";
import { cohortGuard } from "../server/guards.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const guard = (request: Request, params: LoaderFunctionArgs["params"]) => cohortGuard(request, params);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cohort, t } = await guard(request, params);
  return { title: t("attendanceImport.title"), cohort: { id: cohort.id, name: cohort.name } };
}

type Outcome = { kind: "saved"; saved: number } | ({ kind: "problems" } & ProblemsReport) | { kind: "error"; key: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { cohort, actor } = await guard(request, params);
  const upload = await readUpload(request, "file", MAX_CSV_BYTES);
  if (upload.kind === "missing") return data<Outcome>({ kind: "error", key: "bulk.errors.noFile" }, { status: 400 });
  if (upload.kind === "tooLarge") return data<Outcome>({ kind: "error", key: "bulk.errors.tooLarge" }, { status: 413 });
  const result = await importAttendance(cohort.id, upload.bytes, actor);
  if (!result.ok) return data<Outcome>({ kind: "problems", ...problemsReport(result.problems) }, { status: 400 });
  return data<Outcome>({ kind: "saved", saved: result.saved });
}

export default function ImportAttendance() {
  const { t } = useTranslation(PLUGIN_ID);
  const { cohort } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const error = outcome?.kind === "error" ? t(outcome.key) : outcome?.kind === "problems" ? t("attendanceImport.rejected", { total: problemsTotal(outcome) }) : undefined;
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={error ? [{ fieldId: "file", message: error }] : []} />
      {outcome?.kind === "saved" ? (
        <NotificationBanner title={t("home.outcome.title")} success>
          <p className="govuk-notification-banner__heading">{t("attendanceImport.saved", { saved: outcome.saved })}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{cohort.name}</span>
      <h1 className="govuk-heading-l">{t("attendanceImport.title")}</h1>
      <p className="govuk-body">{t("attendanceImport.intro")}</p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <Field id="file" name="file" type="file" accept=".csv,text/csv" label={t("bulk.file")} hint={t("bulk.fileHint")} error={error} />
        <Button>{t("attendanceImport.submit")}</Button>
      </Form>
      {outcome?.kind === "problems" ? (
        <ProblemsTable report={outcome} />
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/cohorts/${cohort.id}`}>{t("register.back")}</Link>
      </p>
    </>
  );
}
