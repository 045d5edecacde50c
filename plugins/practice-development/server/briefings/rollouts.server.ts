// Rollouts: a target for a briefing (who, by when, what share), created by L&D.
import type { Kysely } from "kysely";
import { recordAudit, type Actor } from "../../../../app/services/audit.server";
import { toCsv } from "../../../../app/utils/csv.server";
import { londonToday } from "../../../../app/utils/london-time";
import { pageWindow } from "../../../../app/utils/paging.server";
import type { RolloutValue } from "../../forms";
import { PAGE_SIZE } from "../../programme";
import { asHost, pdDb, type PdDatabase } from "../db.server";
import { coveredShare, loadRollouts, type RolloutProgress } from "./coverage.server";
import { withinTransaction } from "../../../../app/utils/within-transaction.server";

/**
 * Creates a rollout, audited. Given a transaction (`executor`), it reads and writes in it, so a caller's
 * own row beside the rollout (an audit's learning action) is stored with it or not at all.
 */
export async function createRollout(value: RolloutValue, actor: Actor, now = new Date(), executor: Kysely<PdDatabase> = pdDb()): Promise<{ ok: true; id: number } | { ok: false; field: string; error: string }> {
  const briefing = await executor.selectFrom("practice_development_briefings").select("id").where("id", "=", value.briefing).executeTakeFirst();
  if (!briefing) return { ok: false, field: "briefing", error: "rollout.errors.briefing" };
  const units = value.teams.length + value.localities.length
    ? await executor.selectFrom("org_units").select(["id", "kind"]).where("id", "in", [...value.teams, ...value.localities].map(Number)).execute()
    : [];
  const teams = value.teams.filter((id) => units.some((u) => u.id === Number(id) && u.kind === "team"));
  const localities = value.localities.filter((id) => units.some((u) => u.id === Number(id) && u.kind !== "team"));
  if (teams.length !== value.teams.length) return { ok: false, field: "teams", error: "rollout.errors.teams" };
  if (localities.length !== value.localities.length) return { ok: false, field: "localities", error: "rollout.errors.localities" };
  // London's date: from midnight to 1am in summer UTC's is still yesterday, which would start the
  // rollout a day early and take yesterday as a due date.
  const today = londonToday(now);
  if (value.dueOn < today) return { ok: false, field: "dueOn", error: "rollout.errors.duePast" };
  const id = await withinTransaction(executor, async (trx) => {
    const [row] = await trx
      .insertInto("practice_development_rollouts")
      .values({ briefing_id: value.briefing, starts_on: today, due_on: value.dueOn, target_percent: value.targetPercent, created_by: actor.personId, created_at: now.toISOString() })
      .returning("id")
      .execute();
    const rows = [
      ...value.roles.map((v) => ({ rollout_id: row.id, kind: "role" as const, value: v })),
      ...teams.map((v) => ({ rollout_id: row.id, kind: "team" as const, value: v })),
      ...localities.map((v) => ({ rollout_id: row.id, kind: "locality" as const, value: v })),
    ];
    if (rows.length) await trx.insertInto("practice_development_rollout_targets").values(rows).execute();
    await recordAudit(actor, { action: "practice-development.rollout.created", subjectType: "practice_development_rollout", subjectId: row.id, after: value }, asHost(trx));
    return row.id;
  });
  return { ok: true, id };
}

export type RolloutList = "open" | "closed";

/**
 * One page of the open rollouts (soonest due first) or of the closed ones (most recently closed first). A
 * page past the end shows the last one.
 */
export async function listRollouts(list: RolloutList, asked: number) {
  const rollouts = () => pdDb().selectFrom("practice_development_rollouts").where("closed_at", list === "open" ? "is" : "is not", null);
  const total = Number((await rollouts().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const { page, pageCount, offset, limit } = pageWindow(total, asked, PAGE_SIZE);
  const ordered = list === "open" ? rollouts().orderBy("due_on").orderBy("id") : rollouts().orderBy("closed_at", "desc").orderBy("id", "desc");
  const ids = await ordered.select("id").limit(limit).offset(offset).execute();
  // loadRollouts answers in due order; the closed list keeps its own.
  const byId = new Map((await loadRollouts(pdDb(), ids.map((r) => r.id))).map((r) => [r.id, r]));
  return { rows: ids.map((r) => byId.get(r.id)!), total, page, pageCount };
}

/**
 * Closes a rollout, audited in the same transaction: it is no longer asked of anyone, and keeps its
 * targets and figures. Only an open rollout is closed (the update says so), so a second click, or two
 * people at once, finds it already closed and changes nothing, keeping who closed it first.
 */
export async function closeRollout(id: number, actor: Actor, now = new Date()): Promise<{ changed: boolean }> {
  const closedAt = now.toISOString();
  return pdDb()
    .transaction()
    .execute(async (trx) => {
      const result = await trx.updateTable("practice_development_rollouts").set({ closed_at: closedAt, closed_by: actor.personId }).where("id", "=", id).where("closed_at", "is", null).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return { changed: false };
      await recordAudit(actor, { action: "practice-development.rollout.closed", subjectType: "practice_development_rollout", subjectId: id, before: { closedAt: null }, after: { closedAt } }, asHost(trx));
      return { changed: true };
    });
}

/** Reopens a closed rollout, audited in the same transaction (which keeps who closed it and when); an open one is left as it is. */
export async function reopenRollout(id: number, actor: Actor): Promise<{ changed: boolean }> {
  return pdDb()
    .transaction()
    .execute(async (trx) => {
      const closed = await trx.selectFrom("practice_development_rollouts").select(["closed_at", "closed_by"]).where("id", "=", id).where("closed_at", "is not", null).executeTakeFirst();
      if (!closed) return { changed: false };
      const result = await trx.updateTable("practice_development_rollouts").set({ closed_at: null, closed_by: null }).where("id", "=", id).where("closed_at", "=", closed.closed_at).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return { changed: false };
      await recordAudit(actor, { action: "practice-development.rollout.reopened", subjectType: "practice_development_rollout", subjectId: id, before: { closedAt: closed.closed_at, closedBy: closed.closed_by }, after: { closedAt: null } }, asHost(trx));
      return { changed: true };
    });
}

export async function rolloutById(id: number) {
  const [rollout] = await loadRollouts(pdDb(), [id]);
  return rollout;
}

/** The progress by team, as CSV (formulas escaped by toCsv). */
export function progressCsv(progress: RolloutProgress, header: string[]) {
  return toCsv(
    header,
    progress.teams.map((t) => [t.locality, t.name, t.total, t.covered, t.booked, t.notYet, coveredShare(t)]),
  );
}
