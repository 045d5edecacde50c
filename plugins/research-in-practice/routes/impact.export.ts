import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse, toCsv } from "../../../app/utils/csv.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { PLUGIN_ID } from "../programme";
import { impactPage } from "../server/impact-view.server";
import { MINIMUM_GROUP } from "../server/impact.server";

/**
 * The impact report's numbers as CSV: one row per objective, then the response and follow-up counts. A figure
 * withheld for coming from fewer than MINIMUM_GROUP learners says so in words where its numbers would be: its
 * blanks and noughts would read as "nobody answered" or "nobody changed their practice".
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const page = await impactPage(new URL(request.url), locale);
  const tt = (key: string, values?: Record<string, unknown>) => t(`${PLUGIN_ID}:${key}`, values);
  const withheld = tt("impact.csv.withheld", { minimum: MINIMUM_GROUP });
  const header = [tt("impact.csv.measure"), tt("impact.before"), tt("impact.after"), tt("impact.change")];
  const ratingsWithheld = page.report?.withheld.ratings ?? false;
  const rows: (string | number | null)[][] = (page.report?.objectives ?? []).map((o) => (ratingsWithheld ? [o.objective, withheld, withheld, withheld] : [o.objective, o.before, o.after, o.change]));
  if (page.report) {
    rows.push([tt("impact.completed"), page.report.completed, null, null]);
    rows.push([tt("impact.responseBefore"), page.report.rates.before, null, null], [tt("impact.responseAfter"), page.report.rates.after, null, null], [tt("impact.responseFollowup"), page.report.rates.followup, null, null]);
    for (const f of page.report.followUp) rows.push([f.label, page.report.withheld.followUp ? withheld : f.count, null, null]);
  }
  return csvResponse("impact.csv", toCsv(header, rows));
}
