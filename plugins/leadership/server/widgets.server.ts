// The programme's dashboard cards: a learner's progress on /me, and the team's take-up on /team.
import type { Kysely } from "kysely";
import type { Database } from "../../../app/utils/db.server";
import type { PluginContext, Viewer, WidgetView } from "../../sdk";
import { peopleScope, scopedPeople } from "../../../app/utils/permissions.server";
import { formatDate } from "../../../app/utils/dates";
import { PLUGIN_ID } from "../programme";
import { progressOf } from "./progress.server";
import { formatNumber } from "../../../app/utils/number-format";

export async function learnerWidget(ctx: PluginContext, viewer: Viewer): Promise<WidgetView | null> {
  const db = ctx.db as Kysely<Database>;
  const now = ctx.now().toISOString();
  const enrolment = await db
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select(["e.id", "e.status", "e.waitlist_position", "c.id as cohort_id", "c.name"])
    .where("e.person_id", "=", viewer.personId)
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", ["enrolled", "waitlisted", "requested"])
    .orderBy("c.starts_on", "desc")
    .executeTakeFirst();
  if (!enrolment) return null;
  const link = { label: ctx.t("widget.open"), href: `/programmes/${PLUGIN_ID}` };
  if (enrolment.status !== "enrolled") {
    return { title: ctx.t("title"), body: ctx.t(`status.${enrolment.status}`, { position: enrolment.waitlist_position ?? "" }) + ` (${enrolment.name})`, action: link };
  }
  const [next, held, attended, guided, remainingRow] = await Promise.all([
    db.selectFrom("cohort_sessions").select(["title", "starts_at"]).where("cohort_id", "=", enrolment.cohort_id).where("status", "=", "scheduled").where("starts_at", ">", now).orderBy("starts_at").executeTakeFirst(),
    db.selectFrom("cohort_sessions").select((eb) => eb.fn.countAll<number>().as("n")).where("cohort_id", "=", enrolment.cohort_id).where("status", "=", "scheduled").where("starts_at", "<=", now).executeTakeFirstOrThrow(),
    db.selectFrom("attendance").select((eb) => eb.fn.countAll<number>().as("n")).where("enrolment_id", "=", enrolment.id).where("status", "=", "present").executeTakeFirstOrThrow(),
    progressOf([enrolment.id]),
    db.selectFrom("cohort_sessions").select((eb) => eb.fn.countAll<number>().as("n")).where("cohort_id", "=", enrolment.cohort_id).where("status", "=", "scheduled").where("starts_at", ">", now).executeTakeFirstOrThrow(),
  ]);
  const remaining = Number(remainingRow.n);
  const progress = guided.get(enrolment.id)!;
  const guidedHours = formatNumber(progress.guidedMinutes / 60, ctx.locale, { maximumFractionDigits: 1 });
  return {
    title: ctx.t("title"),
    rows: [
      { label: ctx.t("widget.cohort"), value: enrolment.name },
      { label: ctx.t("widget.next"), value: next ? `${formatDate(next.starts_at, ctx.locale)}: ${next.title}` : ctx.t("widget.noneLeft") },
      { label: ctx.t("widget.attended"), value: ctx.t("widget.attendedValue", { attended: Number(attended.n), held: Number(held.n) }) },
      { label: ctx.t("widget.guided"), value: ctx.t("widget.guidedValue", { hours: guidedHours, target: progress.guidedTarget, count: progress.guidedTarget }), href: `/programmes/${PLUGIN_ID}/learning` },
      { label: ctx.t("widget.units"), value: ctx.t("widget.unitsValue", { outstanding: progress.unitsTotal - progress.unitsPassed, total: progress.unitsTotal }) },
      { label: ctx.t("widget.onTrack"), value: ctx.t(Number(attended.n) + remaining >= progress.required ? "widget.onTrackYes" : "widget.onTrackNo", { required: progress.required, count: progress.required }) },
    ],
    action: link,
  };
}

export async function teamWidget(ctx: PluginContext, viewer: Viewer): Promise<WidgetView | null> {
  const rows = await scopedPeople(peopleScope(viewer))
    .innerJoin("enrolments as e", "e.person_id", "people.id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select(["e.status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", ["enrolled", "waitlisted", "requested", "completed"])
    .groupBy("e.status")
    .execute();
  if (rows.length === 0) return null;
  return {
    title: ctx.t("title"),
    rows: rows.map((r) => ({ label: ctx.t(`widget.teamStatus.${r.status}`), value: String(Number(r.n)) })),
    action: { label: ctx.t("widget.open"), href: `/programmes/${PLUGIN_ID}` },
  };
}
