import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse, toCsv } from "../../../app/utils/csv.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { PLUGIN_ID } from "../programme";
import { impactPage } from "../server/impact-view.server";

/** The impact report's numbers as CSV: one row per objective, then the response and follow-up counts. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const page = await impactPage(new URL(request.url), locale);
  const tt = (key: string, values?: Record<string, unknown>) => t(`${PLUGIN_ID}:${key}`, values);
  const header = [tt("impact.csv.measure"), tt("impact.before"), tt("impact.after"), tt("impact.change")];
  const rows: (string | number | null)[][] = (page.report?.objectives ?? []).map((o) => [o.objective, o.before, o.after, o.change]);
  if (page.report) {
    rows.push([tt("impact.completed"), page.report.completed, null, null]);
    rows.push([tt("impact.responseBefore"), page.report.rates.before, null, null], [tt("impact.responseAfter"), page.report.rates.after, null, null], [tt("impact.responseFollowup"), page.report.rates.followup, null, null]);
    for (const f of page.report.followUp) rows.push([f.label, f.count, null, null]);
  }
  return csvResponse("impact.csv", toCsv(header, rows));
}
