import type { LoaderFunctionArgs } from "@remix-run/node";
import { metricsView } from "../services/metrics/metrics-view.server";
import { csvResponse, toCsv } from "../utils/csv.server";
import { authorize } from "../utils/guard.server";

/** The same figures as the metrics pack page, for the same quarter and scope, as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorize(request, "admin.view");
  const view = await metricsView(new URL(request.url), locale, t);
  const header = [t("metrics.scope"), t("metrics.figure"), t("metrics.source"), view.previousName, view.quarterName, t("metrics.changeHeader")];
  const rows = view.rows.map((r) => [view.scopeName, r.label, r.source, r.previous, r.value, r.change === null ? t("metrics.change.none") : r.changeDisplay]);
  return csvResponse(`key-metrics-${view.quarter}-${view.scope}.csv`, toCsv(header, rows));
}
