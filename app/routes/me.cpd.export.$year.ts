import type { LoaderFunctionArgs } from "@remix-run/node";
import { cpdEntriesOfYear } from "../services/cpd.server";
import { parseRegistrationYear } from "../services/cpd-standing.server";
import { cpdEntryView } from "../services/cpd-view.server";
import { csvResponse, toCsv } from "../utils/csv.server";
import { authorize } from "../utils/guard.server";
import { notFound } from "../utils/http.server";

/**
 * One registration year's entries as CSV, one column per question Social Work England's CPD form asks,
 * so each can be copied into the regulator's online account. Cells a spreadsheet would run as formulas
 * are escaped. The last column names the professional standard CPD is recorded against (standard 4,
 * REFERENCE.md section 6): added at the end, so a sheet reading the earlier columns by place still works.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "me.view");
  const year = parseRegistrationYear(params.year, new Date());
  if (!year) notFound();
  const entries = (await cpdEntriesOfYear(viewer.personId, year)).map((row) => cpdEntryView(row, locale));
  const header = ["title", "date", "source", "hours", "learning", "practiceImpact", "peer", "standard"].map((k) => t(`cpd.columns.${k}`));
  const rows = entries.map((e) => [e.title, e.occurredOn, e.source, e.rawHours, e.learning, e.practiceImpact, e.peerReflection ? t("cpd.yes") : t("cpd.no"), t("cpd.standard")]);
  return csvResponse(`cpd-${year.id}.csv`, toCsv(header, rows));
}
