// Dashboard cards: an apprentice's own progress on /me; apprentices in the manager's line on /team;
// the levy balance, expiring funds and overdue reviews on /admin.
import type { PluginContext, Viewer, WidgetView } from "../../sdk";
import { formatDate } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { PLUGIN_ID } from "../programme";
import { ledgerByDay, ledgerPosition } from "./ledger.server";
import { money } from "./money";
import { apprentices, apprenticeStandingCounts, type Compliance } from "./progress.server";
import { apprenticeshipSettings } from "./settings.server";
import { hours, hoursOf } from "./views.server";

/**
 * The apprentice's own hours, grouped as the pages show them ("1,002"): "hours" agrees with how far
 * behind they are, or with the hours needed so far, so the count stays a number.
 */
function otjLine(ctx: PluginContext, c: Compliance) {
  const values = { logged: hours(c.logged, ctx.locale), expected: hours(c.expected, ctx.locale), behind: hours(c.behind, ctx.locale) };
  return c.behind > 0 ? ctx.t("widget.me.behind", { ...values, count: hoursOf(c.behind) }) : ctx.t("widget.me.onTrack", { ...values, count: hoursOf(c.expected) });
}

export async function meWidget(ctx: PluginContext, viewer: Viewer): Promise<WidgetView | null> {
  const [mine] = await apprentices([viewer.personId], ctx.now());
  if (!mine) return null;
  return {
    title: ctx.t("widget.me.title"),
    rows: [
      { label: ctx.t("widget.me.otj"), value: otjLine(ctx, mine.compliance) },
      { label: ctx.t("widget.me.review"), value: ctx.t(mine.reviewOverdue ? "widget.overdue" : "widget.due", { date: formatDate(mine.reviewDue, ctx.locale) }) },
    ],
    action: { label: ctx.t("widget.me.log"), href: `/programmes/${PLUGIN_ID}` },
  };
}

export async function teamWidget(ctx: PluginContext, _viewer: Viewer, people: number[]): Promise<WidgetView | null> {
  const list = await apprentices(people, ctx.now());
  if (list.length === 0) return null;
  return {
    title: ctx.t("widget.team.title"),
    rows: list.map((a) => ({
      label: a.name,
      value: [a.compliance.behind > 0 ? ctx.t("widget.team.behind", { hours: hours(a.compliance.behind, ctx.locale), count: hoursOf(a.compliance.behind) }) : ctx.t("widget.team.onTrack"), a.reviewOverdue ? ctx.t("widget.overdue", { date: formatDate(a.reviewDue, ctx.locale) }) : ctx.t("widget.due", { date: formatDate(a.reviewDue, ctx.locale) })].join(". "),
      href: `/programmes/${PLUGIN_ID}/apprentices/${a.personId}`,
    })),
  };
}

export async function adminWidget(ctx: PluginContext): Promise<WidgetView | null> {
  // Counts and the ledger summed by day, not the apprentices nor every payment: the card shows on every L&D
  // visit, completed apprentices are kept for good and the ledger only grows.
  const [entries, settings, standing] = await Promise.all([ledgerByDay(), apprenticeshipSettings(), apprenticeStandingCounts(ctx.now())]);
  // London's date, as the funding page reads it: an entry dated today counts from midnight, not 1am.
  const position = ledgerPosition(entries, londonToday(ctx.now()), settings);
  const expiring = position.expiringSoon.reduce((sum, e) => sum + e.amount, 0);
  return {
    title: ctx.t("widget.admin.title"),
    rows: [
      { label: ctx.t("widget.admin.balance"), value: money(position.balance, ctx.locale), href: `/programmes/${PLUGIN_ID}/funding` },
      { label: ctx.t("widget.admin.expiring"), value: money(expiring, ctx.locale) },
      { label: ctx.t("widget.admin.overdue"), value: String(standing.overdue), href: `/programmes/${PLUGIN_ID}/apprentices` },
      { label: ctx.t("widget.admin.behind"), value: String(standing.behind), href: `/programmes/${PLUGIN_ID}/apprentices` },
    ],
  };
}
