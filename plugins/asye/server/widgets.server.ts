// Dashboard cards: the worker's own year on /me; the ASYE workers in a manager's line on /team, with
// what is overdue; and on /admin, how many years are running, awaiting a decision or behind.
import { sql } from "kysely";
import type { PluginContext, Viewer, WidgetView } from "../../sdk";
import { formatDate } from "../../../app/utils/dates";
import { PLUGIN_ID } from "../programme";
import { asyeDb } from "./db.server";
import { outstandingText } from "./readiness.server";
import { personName, yearOfPerson, yearsOfPeople, type YearPicture } from "./years.server";

const nextReview = (picture: YearPicture) => picture.reviews.find((r) => !r.recorded);

/** Where the worker is in the year; before its start there is no month to count yet. */
function whereText(ctx: PluginContext, picture: YearPicture) {
  const endsOn = formatDate(picture.schedule.endsOn, ctx.locale);
  if (picture.month === 0) return ctx.t("widget.notStarted", { startsOn: formatDate(picture.year.starts_on, ctx.locale), endsOn });
  return ctx.t("widget.monthValue", { month: picture.month, endsOn });
}

const monthShort = (ctx: PluginContext, picture: YearPicture) =>
  picture.month === 0 ? ctx.t("widget.notStartedShort", { date: formatDate(picture.year.starts_on, ctx.locale) }) : ctx.t("widget.monthShort", { month: picture.month });

/**
 * A decided year is over: its outcome and when it was decided, not reviews once due or evidence that
 * no longer counts.
 */
function outcomeRows(ctx: PluginContext, picture: YearPicture) {
  const on = formatDate(picture.year.decided_on, ctx.locale);
  return [{ label: ctx.t("widget.outcome"), value: ctx.t(`widget.outcomeValue.${picture.status}`, { date: on }) }];
}

export async function meWidget(ctx: PluginContext, viewer: Viewer): Promise<WidgetView | null> {
  const picture = await yearOfPerson(viewer.personId, ctx.now());
  if (!picture) return null;
  const review = nextReview(picture);
  const decided = picture.status === "passed" || picture.status === "failed";
  return {
    title: ctx.t("widget.me.title"),
    body: ctx.t(`status.${picture.status}`),
    rows: decided ? outcomeRows(ctx, picture) : [
      { label: ctx.t("widget.month"), value: whereText(ctx, picture) },
      ...(review ? [{ label: ctx.t("widget.nextReview"), value: ctx.t(review.overdue ? "widget.overdue" : "widget.due", { month: review.month, date: formatDate(review.dueOn, ctx.locale) }) }] : []),
      { label: ctx.t("widget.outstanding"), value: outstandingText(ctx, picture) },
      { label: ctx.t("widget.supervision"), value: picture.openGap ? ctx.t("widget.supervisionOverdue", { date: formatDate(picture.openGap.dueOn, ctx.locale) }) : ctx.t("widget.supervisionOk") },
    ],
    action: { label: ctx.t("widget.open"), href: `/programmes/${PLUGIN_ID}` },
  };
}

/** How many of the line's years the team card lists; its link leads to them all. */
const TEAM_CARD_ROWS = 10;

const isOverdue = (picture: YearPicture) => picture.openGap !== null || picture.reviews.some((r) => r.overdue);

/**
 * The years as the card lists them: those with a review or supervision overdue first, so a manager of a
 * long line never has them cut off the card; then by name, as the years list orders them.
 */
function overdueFirst(ctx: PluginContext, pictures: YearPicture[]) {
  const collator = new Intl.Collator(ctx.locale);
  return [...pictures].sort(
    (a, b) =>
      Number(isOverdue(b)) - Number(isOverdue(a)) ||
      collator.compare(a.year.family_name, b.year.family_name) ||
      collator.compare(a.year.given_name, b.year.given_name) ||
      a.year.id - b.year.id,
  );
}

/**
 * The running years of the manager's line: `people` is the whole line whatever /team's filters. Its link
 * is the years list narrowed to the same line, so the count on the card is the count the list finds (the
 * viewer's own year is never on that list). A longer line than the card lists says how many it shows.
 */
export async function teamWidget(ctx: PluginContext, viewer: Viewer, people: number[]): Promise<WidgetView | null> {
  const others = people.filter((id) => id !== viewer.personId);
  const open = (await yearsOfPeople(others, ctx.now())).filter((p) => p.status === "in_progress" || p.status === "awaiting_decision");
  if (open.length === 0) return null;
  const listed = overdueFirst(ctx, open).slice(0, TEAM_CARD_ROWS);
  return {
    title: ctx.t("widget.team.title"),
    ...(open.length > listed.length ? { body: ctx.t("widget.team.shown", { shown: listed.length, total: open.length }) } : {}),
    rows: listed.map((p) => {
      const flags = [
        ...p.reviews.filter((r) => r.overdue).map((r) => ctx.t("widget.overdue", { month: r.month, date: formatDate(r.dueOn, ctx.locale) })),
        ...(p.openGap ? [ctx.t("widget.supervisionOverdue", { date: formatDate(p.openGap.dueOn, ctx.locale) })] : []),
      ];
      return { label: personName(p.year), value: [monthShort(ctx, p), ...flags].join(". "), href: `/programmes/${PLUGIN_ID}/years/${p.year.id}` };
    }),
    action: { label: ctx.t("widget.team.all", { count: open.length }), href: `/programmes/${PLUGIN_ID}/years?status=current&whose=team` },
  };
}

/** Counts straight from the database, so the card costs the same for ten years or ten thousand. */
export async function adminWidget(ctx: PluginContext): Promise<WidgetView | null> {
  const rows = await asyeDb()
    .selectFrom("asye_years")
    .select([
      sql<number>`sum(case when decision = 'pass' then 1 else 0 end)`.as("passed"),
      sql<number>`sum(case when (decision is null or decision = 'extend') and recommendation is not null then 1 else 0 end)`.as("awaiting"),
      sql<number>`sum(case when (decision is null or decision = 'extend') and recommendation is null then 1 else 0 end)`.as("open"),
    ])
    .executeTakeFirstOrThrow();
  const href = `/programmes/${PLUGIN_ID}/years`;
  return {
    title: ctx.t("widget.admin.title"),
    rows: [
      { label: ctx.t("widget.admin.open"), value: String(Number(rows.open ?? 0)), href: `${href}?status=in_progress` },
      { label: ctx.t("widget.admin.awaiting"), value: String(Number(rows.awaiting ?? 0)), href: `${href}?status=awaiting_decision` },
      { label: ctx.t("widget.admin.passed"), value: String(Number(rows.passed ?? 0)), href: `${href}?status=passed` },
    ],
  };
}
