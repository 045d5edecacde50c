import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { ChangeChart } from "../components/ChangeChart";
import { Select } from "../components/Select";
import { Table } from "../components/Table";
import { metricsView } from "../services/metrics/metrics-view.server";
import { authorize } from "../utils/guard.server";
import { pageMeta } from "../utils/meta";

export const meta = pageMeta;

/**
 * The quarterly key-metrics pack for a committee paper: one quarter, one locality or the whole service,
 * every enabled programme's figures beside the quarter before, as a chart, a table, a CSV and a print.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorize(request, "admin.view");
  const view = await metricsView(new URL(request.url), locale, t);
  return { ...view, title: t("metrics.title") };
}

export default function MetricsPack() {
  const { t } = useTranslation();
  const { quarter, scope, quarterName, previousName, scopeName, quarters, scopes, rows } = useLoaderData<typeof loader>();
  const heading = t("metrics.heading", { quarter: quarterName, scope: scopeName });
  const csvHref = `/admin/reports/metrics.csv?${new URLSearchParams({ quarter, scope })}`;
  return (
    <>
      <h1 className="govuk-heading-l">{t("metrics.title")}</h1>
      <p className="govuk-body">{t("metrics.intro")}</p>
      <Form method="get" className="pathways-filter pathways-no-print">
        <Select id="quarter" label={t("metrics.quarter")} options={quarters} defaultValue={quarter} className="pathways-filter__item" />
        <Select id="scope" label={t("metrics.scope")} options={scopes} defaultValue={scope} className="pathways-filter__item" />
        <Button variant="secondary">{t("reports.show")}</Button>
      </Form>
      <h2 className="govuk-heading-m">{heading}</h2>
      {rows.length === 0 ? (
        <p className="govuk-body">{t("metrics.empty")}</p>
      ) : (
        <>
          <ChangeChart
            title={heading}
            description={rows.map((r) => t("metrics.chartRow", { label: r.label, previous: r.previousDisplay, value: r.valueDisplay })).join("; ")}
            bars={rows.map((r) => ({ key: r.key, label: r.label, previous: r.previous, value: r.value, previousDisplay: r.previousDisplay, valueDisplay: r.valueDisplay }))}
            legend={{ previous: t("metrics.previous"), current: t("metrics.current") }}
          />
          <div className="pathways-table-scroll" role="region" aria-label={heading} tabIndex={0}>
            <Table
              caption={heading}
              rows={rows}
              rowKey={(r) => r.key}
              columns={[
                { key: "label", header: t("metrics.figure"), cell: (r) => r.label },
                { key: "previous", header: previousName, numeric: true, cell: (r) => r.previousDisplay },
                { key: "value", header: quarterName, numeric: true, cell: (r) => r.valueDisplay },
                { key: "change", header: t("metrics.changeHeader"), cell: (r) => r.changeDisplay },
              ]}
            />
          </div>
          <p className="govuk-body-s">{t("metrics.notRecordedHint")}</p>
        </>
      )}
      <p className="govuk-body pathways-no-print">
        <a className="govuk-link" href={csvHref} download>
          {t("metrics.csv")}
        </a>
      </p>
      <p className="govuk-body pathways-no-print">{t("metrics.printHint")}</p>
    </>
  );
}
