// Dashboard cards: an apprentice's own progress on /me (once registered, only that they have finished);
// current apprentices in the manager's line on /team; the levy balance, expiring funds and overdue reviews
// on /admin.
import type { PluginContext, Viewer, WidgetView } from "../../sdk";
import { formatDate } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { formatNumber } from "../../../app/utils/number-format";
import { PLUGIN_ID } from "../programme";
import { ledgerByDay, ledgerPosition } from "./ledger.server";
import { money } from "./money";
import { apprentices, currentApprenticeship, type Apprentice, type Compliance } from "./progress.server";
import { apprenticeshipSettings } from "./settings.server";
import { apprenticeStandingCounts } from "./standing.server";
import { hours, hoursOf } from "./views.server";

/**
 * The apprentice's own hours, grouped as the pages show them ("1,002"): "hours" agrees with how far
 * behind they are, or with the hours needed so far, so the count stays a number.
 */
function otjLine(ctx: PluginContext, c: Compliance) {
  const values = { logged: hours(c.logged, ctx.locale), expected: hours(c.expected, ctx.locale), behind: hours(c.behind, ctx.locale) };
  return c.behind > 0 ? ctx.t("widget.me.behind", { ...values, count: hoursOf(c.behind) }) : ctx.t("widget.me.onTrack", { ...values, count: hoursOf(c.expected) });
}

/**
 * A registered social worker has finished: no hours or reviews are due, as readiness says, so the card says
 * when they finished instead of a review date that will never come and hours nobody asks for.
 */
function finishedCard(ctx: PluginContext, registeredOn: string): WidgetView {
  return { title: ctx.t("widget.me.title"), body: ctx.t("widget.me.finished", { date: formatDate(registeredOn, ctx.locale) }) };
}

export async function meWidget(ctx: PluginContext, viewer: Viewer): Promise<WidgetView | null> {
  const mine = currentApprenticeship(await apprentices([viewer.personId], ctx.now()));
  if (!mine) return null;
  if (mine.completion?.registered_on) return finishedCard(ctx, mine.completion.registered_on);
  return {
    title: ctx.t("widget.me.title"),
    rows: [
      { label: ctx.t("widget.me.otj"), value: otjLine(ctx, mine.compliance) },
      { label: ctx.t("widget.me.review"), value: ctx.t(mine.reviewOverdue ? "widget.overdue" : "widget.due", { date: formatDate(mine.reviewDue, ctx.locale) }) },
    ],
    action: { label: ctx.t("widget.me.log"), href: `/programmes/${PLUGIN_ID}` },
  };
}

/** Rows on the /team card: a service manager's line may hold many apprentices, and the card is a glance. */
export const TEAM_CARD_ROWS = 10;

const needsAttention = (a: Apprentice) => a.compliance.behind > 0 || a.reviewOverdue;

/** One apprentice's hours and review, as the manager's card words them. */
function teamLine(ctx: PluginContext, a: Apprentice) {
  const otj = a.compliance.behind > 0 ? ctx.t("widget.team.behind", { hours: hours(a.compliance.behind, ctx.locale), count: hoursOf(a.compliance.behind) }) : ctx.t("widget.team.onTrack");
  const review = ctx.t(a.reviewOverdue ? "widget.overdue" : "widget.due", { date: formatDate(a.reviewDue, ctx.locale) });
  return [otj, review].join(". ");
}

/** How many are not shown and how many have finished: the card lists neither. */
function teamSummary(ctx: PluginContext, current: number, finished: number) {
  const lines = [];
  if (current > TEAM_CARD_ROWS) lines.push(ctx.t("widget.team.more", { shown: TEAM_CARD_ROWS, total: formatNumber(current, ctx.locale) }));
  if (finished > 0) lines.push(ctx.t("widget.team.finished", { count: finished, finished: formatNumber(finished, ctx.locale) }));
  return lines.length ? lines.join(" ") : undefined;
}

/**
 * Current apprentices in the manager's line, those needing attention first. People who have registered as
 * social workers have finished: their last review date and any shortfall are history, so they are only
 * counted. The list is the one readiness and the inbox read on the same request.
 */
export async function teamWidget(ctx: PluginContext, _viewer: Viewer, people: number[]): Promise<WidgetView | null> {
  const list = await apprentices(people, ctx.now());
  const current = list.filter((a) => !a.completion?.registered_on);
  if (current.length === 0) return null;
  // A stable sort: within each group, the list's order by name is kept.
  const shown = [...current].sort((a, b) => Number(needsAttention(b)) - Number(needsAttention(a))).slice(0, TEAM_CARD_ROWS);
  return {
    title: ctx.t("widget.team.title"),
    body: teamSummary(ctx, current.length, new Set(list.filter((a) => a.completion?.registered_on).map((a) => a.personId)).size),
    rows: shown.map((a) => ({ label: a.name, value: teamLine(ctx, a), href: `/programmes/${PLUGIN_ID}/apprentices/${a.personId}` })),
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
