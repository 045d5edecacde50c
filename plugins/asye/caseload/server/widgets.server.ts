// The dashboard card: how many ASYE workers are over the line in the latest week, for a manager's line
// (on /team) or for everyone (on /admin).
import type { PluginContext, Viewer, WidgetView } from "../../../sdk";
import { chunks } from "../../../../app/services/readiness.server";
import { formatDate } from "../../../../app/utils/dates";
import { CASELOAD_PATH } from "../constants";
import { flaggedCounts, importedWeeks, weeklyTotals } from "./check.server";
import { checkWeek } from "./rule";
import { asCaseloadDb } from "./db.server";
import { caseloadSettings } from "./settings.server";
import { formatNumber } from "../../../../app/utils/number-format";

/**
 * The card for the people given (the manager's line on /team) or for everyone. A line's card links to the
 * check narrowed to the same line, so the count on the card is the count the page lists.
 */
async function overTheLine(ctx: PluginContext, personIds?: number[]): Promise<WidgetView | null> {
  const db = asCaseloadDb(ctx.db);
  const [latest] = await importedWeeks(1, db);
  if (!latest) return null;
  const settings = await caseloadSettings();
  const totals = await weeklyTotals(settings, { weeks: [latest] }, db);
  let over = 0;
  if (personIds === undefined) over = (await flaggedCounts(settings, totals, {}, db)).get(latest) ?? 0;
  else for (const batch of chunks(personIds)) over += (await flaggedCounts(settings, totals, { personIds: batch }, db)).get(latest) ?? 0;
  const check = totals[0] ? checkWeek(totals[0], settings.sharePercent) : undefined;
  const values = { count: over, week: formatDate(latest, ctx.locale) };
  // A week with no experienced social workers' figures has no line to be over, so no limit to name.
  const body =
    check?.limit === null || check?.limit === undefined
      ? ctx.t("caseload.widget.bodyNoLimit", values)
      : ctx.t("caseload.widget.body", { ...values, limit: formatNumber(check.limit, ctx.locale, { maximumFractionDigits: 2 }) });
  return {
    title: ctx.t("caseload.widget.title"),
    body,
    action: { label: ctx.t("caseload.widget.open"), href: personIds === undefined ? CASELOAD_PATH : `${CASELOAD_PATH}?whose=team` },
  };
}

export const teamCaseloadWidget = (ctx: PluginContext, _viewer: Viewer, people: number[]) => overTheLine(ctx, people);
export const adminCaseloadWidget = (ctx: PluginContext) => overTheLine(ctx);
