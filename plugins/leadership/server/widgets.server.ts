// The programme's dashboard cards: a learner's progress on /me, and the team's take-up on /team.
import type { Kysely } from "kysely";
import type { Database } from "../../../app/utils/db.server";
import type { PluginContext, Viewer, WidgetView } from "../../sdk";
import { chunks } from "../../../app/services/readiness.server";
import { formatDate } from "../../../app/utils/dates";
import { sessionTitleIn } from "../default-titles";
import { PLUGIN_ID } from "../programme";
import { progressOf, type leadershipDb } from "./progress.server";
import { formatNumber } from "../../../app/utils/number-format";

export async function learnerWidget(ctx: PluginContext, viewer: Viewer): Promise<WidgetView | null> {
  const db = ctx.db as Kysely<Database>;
  const at = ctx.now();
  const now = at.toISOString();
  const enrolment = await db
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select(["e.id", "e.status", "e.waitlist_position", "c.id as cohort_id", "c.name"])
    .where("e.person_id", "=", viewer.personId)
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", ["enrolled", "waitlisted", "requested", "completed"])
    // As the self-study page picks (`currentPlace`): a place held before a request, then the earliest, for
    // anyone left holding two from before one place a person was the rule; a completion once nothing is current.
    .orderBy((eb) => eb.case().when("e.status", "=", "enrolled").then(0).when("e.status", "=", "completed").then(2).else(1).end())
    .orderBy("c.starts_on")
    .orderBy("e.id")
    .executeTakeFirst();
  if (!enrolment) return null;
  const link = { label: ctx.t("widget.open"), href: `/programmes/${PLUGIN_ID}` };
  if (enrolment.status === "completed") return { title: ctx.t("title"), body: await completionText(ctx, enrolment), action: link };
  if (enrolment.status !== "enrolled") {
    return { title: ctx.t("title"), body: ctx.t(`status.${enrolment.status}`, { position: enrolment.waitlist_position ?? "" }) + ` (${enrolment.name})`, action: link };
  }
  // Attended is the progress rule's own count, sessions held by the same moment as "held": never more.
  const [next, held, progressBy, remainingRow] = await Promise.all([
    db.selectFrom("cohort_sessions").select(["title", "starts_at"]).where("cohort_id", "=", enrolment.cohort_id).where("status", "=", "scheduled").where("starts_at", ">", now).orderBy("starts_at").executeTakeFirst(),
    db.selectFrom("cohort_sessions").select((eb) => eb.fn.countAll<number>().as("n")).where("cohort_id", "=", enrolment.cohort_id).where("status", "=", "scheduled").where("starts_at", "<=", now).executeTakeFirstOrThrow(),
    progressOf([enrolment.id], at),
    db.selectFrom("cohort_sessions").select((eb) => eb.fn.countAll<number>().as("n")).where("cohort_id", "=", enrolment.cohort_id).where("status", "=", "scheduled").where("starts_at", ">", now).executeTakeFirstOrThrow(),
  ]);
  const remaining = Number(remainingRow.n);
  const progress = progressBy.get(enrolment.id)!;
  const guidedHours = formatNumber(progress.guidedMinutes / 60, ctx.locale, { maximumFractionDigits: 1 });
  return {
    title: ctx.t("title"),
    rows: [
      { label: ctx.t("widget.cohort"), value: enrolment.name },
      { label: ctx.t("widget.next"), value: next ? `${formatDate(next.starts_at, ctx.locale)}: ${sessionTitleIn(ctx.t, next.title)}` : ctx.t("widget.noneLeft") },
      { label: ctx.t("widget.attended"), value: ctx.t("widget.attendedValue", { attended: progress.attended, held: Number(held.n) }) },
      { label: ctx.t("widget.guided"), value: ctx.t("widget.guidedValue", { hours: guidedHours, target: progress.guidedTarget, count: progress.guidedTarget }), href: `/programmes/${PLUGIN_ID}/learning` },
      { label: ctx.t("widget.units"), value: ctx.t("widget.unitsValue", { outstanding: progress.unitsTotal - progress.unitsPassed, total: progress.unitsTotal }) },
      { label: ctx.t("widget.onTrack"), value: ctx.t(progress.attended + remaining >= progress.required ? "widget.onTrackYes" : "widget.onTrackNo", { required: progress.required, count: progress.required }) },
    ],
    action: link,
  };
}

/** A completed learner's card: the cohort, and the day the completion was recorded when it was (not for one marked so by hand). */
async function completionText(ctx: PluginContext, enrolment: { id: number; name: string }) {
  const completion = await (ctx.db as ReturnType<typeof leadershipDb>).selectFrom("leadership_completions").select("completed_on").where("enrolment_id", "=", enrolment.id).executeTakeFirst();
  const completed = ctx.t("widget.completed", { cohort: enrolment.name });
  return completion ? `${completed} ${ctx.t("widget.completedOn", { date: formatDate(completion.completed_on, ctx.locale) })}` : completed;
}

/** The places the team card counts, in the order it lists them. */
const TEAM_CARD_STATUSES = ["enrolled", "waitlisted", "requested", "completed"] as const;

/** The Level 5 team page: on /team the card is about the team, not the manager's own learning. */
const TEAM_PAGE = `/programmes/${PLUGIN_ID}/team`;

/** Where a count leads: requests waiting for a decision to the team page, whose rows link each to the core's decision page. */
const TEAM_CARD_LINKS: Partial<Record<(typeof TEAM_CARD_STATUSES)[number], string>> = { requested: TEAM_PAGE };

/**
 * The Level 5 places of the manager's line: `people` is the whole line whatever /team's filters, so the
 * card's numbers are those of the team page it links to, which lists the line.
 */
export async function teamWidget(ctx: PluginContext, _viewer: Viewer, people: number[]): Promise<WidgetView | null> {
  const counts = await placesByStatus(ctx.db as Kysely<Database>, people);
  const rows = TEAM_CARD_STATUSES.filter((status) => (counts.get(status) ?? 0) > 0);
  if (rows.length === 0) return null;
  return {
    title: ctx.t("title"),
    rows: rows.map((status) => ({ label: ctx.t(`widget.teamStatus.${status}`), value: String(counts.get(status)), href: TEAM_CARD_LINKS[status] })),
    action: { label: ctx.t("team.link"), href: TEAM_PAGE },
  };
}

/** How many Level 5 places these people hold, by status, counted in the database a batch of people at a time. */
async function placesByStatus(db: Kysely<Database>, people: number[]) {
  const counts = new Map<string, number>();
  // A locality's list is thousands of people: batched to stay within both engines' parameter limits.
  for (const ids of chunks(people)) {
    const rows = await db
      .selectFrom("enrolments as e")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .select(["e.status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("c.programme_id", "=", PLUGIN_ID)
      .where("e.status", "in", [...TEAM_CARD_STATUSES])
      .where("e.person_id", "in", ids)
      .groupBy("e.status")
      .execute();
    for (const row of rows) counts.set(row.status, (counts.get(row.status) ?? 0) + Number(row.n));
  }
  return counts;
}
