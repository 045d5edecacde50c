// What the programme gives the host: readiness items per rollout (for /team), the /me and /team cards,
// and a person's records for a subject access request. All batched: a few queries for any number of people.
import type { Kysely } from "kysely";
import type { PluginContext, ReadinessItem, ReadinessStatus, Viewer, WidgetView } from "../../../sdk";
import { formatDate } from "../../../../app/utils/dates";
import { BASE, type Coverage } from "../../programme";
import type { PdDatabase } from "../db.server";
import { peopleFacts, rolloutStandings, targets } from "./coverage.server";
import { checklists, inductionSettings, isNewStarter, newStarterCutoff } from "./induction.server";
import { rolloutsLeftFor } from "./line-rollouts.server";

const STATUS: Record<Coverage, ReadinessStatus> = { covered: "met", booked: "in_progress", not_yet: "not_met" };

/**
 * One item per rollout per person: met, in progress (booked), not met, or not applicable where not
 * targeted. A briefing is covered once, whichever rollout asked for it, so of several rollouts of one
 * briefing meant for a person only the latest due counts; the others are not applicable to them, and the
 * briefing weighs in their readiness once, not once per rollout (an audit action re-running a briefing,
 * say).
 *
 * A closed rollout gets no item at all, not even `not_applicable`: /team makes a column of every
 * requirement that any listed person has an item for, whatever its status (`requirementColumns` in the
 * core's team-readiness service), so only answering nothing retires its column. `rolloutStandings` reads
 * open rollouts only, so a closed one is also never the "latest due" that supersedes an open one.
 */
export async function briefingReadiness(ctx: PluginContext, personIds: number[]): Promise<ReadinessItem[]> {
  const db = ctx.db as Kysely<PdDatabase>;
  const { rollouts, people, standing } = await rolloutStandings(db, personIds, ctx.now());
  const items: ReadinessItem[] = [];
  for (const person of people) {
    const counted = countedRollouts(rollouts, person);
    for (const r of rollouts) {
      const base = { personId: person.id, requirementId: `rollout-${r.id}`, labelKey: "readiness.label", values: { title: r.title, due: r.due_on }, actionHref: `${BASE}/briefings/${r.briefing_id}` };
      if (!targets(r, person)) {
        items.push({ ...base, status: "not_applicable", reasonKey: "readiness.notTargeted" });
        continue;
      }
      if (counted.get(r.briefing_id) !== r.id) {
        items.push({ ...base, status: "not_applicable", reasonKey: "readiness.superseded" });
        continue;
      }
      const coverage = standing.get(`${person.id}:${r.briefing_id}`) ?? "not_yet";
      items.push({ ...base, status: STATUS[coverage], reasonKey: `readiness.${coverage}` });
    }
  }
  return items;
}

/** For each briefing, the rollout of it that counts for the person: the latest due of those meant for them (rollouts come in due order). */
function countedRollouts<R extends Parameters<typeof targets>[0] & { id: number; briefing_id: number }>(rollouts: R[], person: Parameters<typeof targets>[1]) {
  const counted = new Map<number, number>();
  for (const r of rollouts) if (targets(r, person)) counted.set(r.briefing_id, r.id);
  return counted;
}

/** On /me: each open rollout meant for the person that they have not yet covered, and their induction. */
export async function meWidget(ctx: PluginContext, viewer: Viewer): Promise<WidgetView | null> {
  const db = ctx.db as Kysely<PdDatabase>;
  const now = ctx.now();
  const [{ rollouts, people, standing }, lists] = await Promise.all([rolloutStandings(db, [viewer.personId], now), checklists(db, [viewer.personId], now)]);
  const person = people[0];
  const rows: NonNullable<WidgetView["rows"]> = [];
  const seen = new Set<number>();
  for (const r of rollouts) {
    if (!person || !targets(r, person) || seen.has(r.briefing_id)) continue;
    const coverage = standing.get(`${person.id}:${r.briefing_id}`) ?? "not_yet";
    if (coverage === "covered") continue;
    seen.add(r.briefing_id);
    const action = coverage === "booked" ? "widget.booked" : r.delivery === "read" ? "widget.confirm" : "widget.book";
    rows.push({ label: r.title, value: ctx.t(action, { due: formatDate(r.due_on, ctx.locale) }), href: `${BASE}/briefings/${r.briefing_id}` });
  }
  const induction = lists.get(viewer.personId);
  if (induction && induction.items.length) {
    const done = induction.items.filter((i) => i.status === "covered").length;
    rows.push({ label: ctx.t("widget.induction"), value: ctx.t("widget.inductionValue", { done, total: induction.items.length }), href: `${BASE}/induction` });
  }
  if (rows.length === 0) return null;
  return { title: ctx.t("widget.title"), body: ctx.t("widget.body"), rows, action: { label: ctx.t("widget.open"), href: BASE } };
}

/**
 * On /team: how many new starters are in the manager's line (`people`, the whole line whatever /team's
 * filters), and how many open rollouts the line still has to cover. Each links to its page narrowed to the
 * same line (`?whose=team`), so the count is the count that page lists, for a manager in L&D too (the
 * rollouts link led to pages of the whole service's progress, under "in your line"). The facts are those the
 * rollouts' readiness has usually just read for the same people (`peopleFacts` reads once a request).
 */
export async function teamWidget(ctx: PluginContext, viewer: Viewer, people: number[]): Promise<WidgetView | null> {
  const { inductionDays } = await inductionSettings();
  const cutoff = newStarterCutoff(ctx.now(), inductionDays);
  const facts = await peopleFacts(ctx.db as Kysely<PdDatabase>, people);
  const starters = facts.filter((p) => isNewStarter(p, cutoff) && p.id !== viewer.personId).length;
  const rollouts = (await rolloutsLeftFor(people, ctx.now(), ctx.db as Kysely<PdDatabase>, viewer.personId)).length;
  return {
    title: ctx.t("widget.teamTitle"),
    rows: [
      { label: ctx.t("widget.newStarters"), value: String(starters), href: `${BASE}/induction/team?whose=team` },
      { label: ctx.t("widget.rollouts"), value: ctx.t("widget.rolloutsLeft", { count: rollouts }), href: `${BASE}/rollouts?whose=team` },
    ],
  };
}

/** A person's confirmations, for a subject access request. */
export async function personalData(ctx: PluginContext, personId: number) {
  const db = ctx.db as Kysely<PdDatabase>;
  const confirmations = await db
    .selectFrom("practice_development_confirmations as c")
    .innerJoin("practice_development_briefings as b", "b.id", "c.briefing_id")
    .select(["b.title as briefing", "c.version", "c.confirmed_at"])
    .where("c.person_id", "=", personId)
    .orderBy("c.confirmed_at")
    .execute();
  return { briefingConfirmations: confirmations };
}
