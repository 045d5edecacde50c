// The learning actions raised from an audit's findings (a briefing rollout, places on a cohort, a
// suggested course), tracked to done. Lists are paged and every query is batched, never one per row.
import { sql, type Kysely, type SqlBool } from "kysely";
import { recordAudit, type Actor } from "../../../../app/services/audit.server";
import { catalogueItem } from "../../../../app/services/catalogue.server";
import type { Locale } from "../../../../app/utils/i18n";
import { pageWindow } from "../../../../app/utils/paging.server";
import type { RolloutValue } from "../../forms";
import { PAGE_SIZE } from "../../programme";
import { isPostgres } from "../../../sdk/migrations";
import { asHost, type PdDatabase } from "../db.server";
import { createRollout } from "../briefings/rollouts.server";
import { onceForForm } from "../form-token.server";
import { sampleHasTeams, sampleOf, subject, today, type AuditRow, type Failure } from "./audits.server";
import { auditDb } from "./db.server";
import type { ActionValue } from "./forms.server";

/** How many rollouts, and how many cohorts, the raise form lists at most; a search finds the others. */
export const CHOICES_SHOWN = 200;

/** A LIKE pattern finding `search` anywhere, any case, with what it types taken literally. */
const containing = (search: string) => `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Open briefing rollouts to choose from (the latest `CHOICES_SHOWN`; a closed rollout asks nobody for
 * anything, so it cannot carry a learning action), upcoming cohorts of any programme still switched on
 * (the next `CHOICES_SHOWN`), each narrowed to those whose briefing title or name holds `search`, and how
 * many there are of each, so the page can say when it lists only some and a search finds the rest.
 */
export async function actionChoices(search = "") {
  const pattern = search ? containing(search) : null;
  const rollouts = () => {
    const query = auditDb().selectFrom("practice_development_rollouts as r").innerJoin("practice_development_briefings as b", "b.id", "r.briefing_id").where("r.closed_at", "is", null);
    return pattern ? query.where(sql<SqlBool>`lower(b.title) like ${pattern} escape '\\'`) : query;
  };
  const cohorts = () => (pattern ? upcomingCohorts().where(sql<SqlBool>`lower(c.name) like ${pattern} escape '\\'`) : upcomingCohorts());
  const [rolloutRows, cohortRows, rolloutTotal, cohortTotal] = await Promise.all([
    rollouts().select(["r.id", "b.title", "r.due_on"]).orderBy("r.due_on", "desc").orderBy("r.id", "desc").limit(CHOICES_SHOWN).execute(),
    cohorts().select(["c.id", "c.name", "c.starts_on", "c.programme_id"]).orderBy("c.starts_on").orderBy("c.id").limit(CHOICES_SHOWN).execute(),
    rollouts().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    cohorts().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rollouts: rolloutRows, cohorts: cohortRows, rolloutTotal: Number(rolloutTotal.n), cohortTotal: Number(cohortTotal.n) };
}

/**
 * Cohorts a learning action may offer places on: not yet started, of a programme an admin has not switched
 * off (as a suggested course must come from a programme still on), since nobody could take up the places.
 * A cohort starting today has started, as everywhere else (a place is no longer approved on it).
 */
function upcomingCohorts() {
  return auditDb().selectFrom("cohorts as c").innerJoin("programmes as prog", "prog.id", "c.programme_id").where("c.starts_on", ">", today()).where("prog.enabled", "=", 1);
}

/**
 * Whether an existing rollout may be linked to a learning action, read in the transaction that links it
 * and under the lock closing takes, so it cannot be closed between this check and the link: closing
 * updates the rollout's row, which PostgreSQL locks here until the link commits (SQLite has one writer,
 * and this transaction holds it). A closed one would ask nobody for anything.
 */
async function linkableRollout(id: number, trx: Kysely<PdDatabase>): Promise<{ ok: true } | Failure> {
  const rollout = await trx.selectFrom("practice_development_rollouts").select(["id", "closed_at"]).where("id", "=", id).$if(isPostgres(trx), (qb) => qb.forUpdate()).executeTakeFirst();
  if (!rollout) return { ok: false, field: "rollout", error: "audits.errors.rollout" };
  // Closed since the page was shown (the choices offer open ones only).
  if (rollout.closed_at !== null) return { ok: false, field: "rollout", error: "audits.errors.rolloutClosed" };
  return { ok: true };
}

/**
 * Raises a learning action (with the rollout it starts, if it starts one), audited in one transaction;
 * null, raising nothing, when the form carrying `formToken` was saved before. A refusal met in that
 * transaction keeps nothing, so the corrected form, carrying the same token, raises it.
 */
export async function raiseAction(audit: AuditRow, finding: { id: number; team_id: number | null }, value: ActionValue, actor: Actor, locale: Locale, formToken: string | null = null): Promise<{ ok: true; id: number } | Failure | null> {
  if (value.dueOn < today()) return { ok: false, field: "dueOn", error: "audits.errors.duePast" };
  const row: { rollout_id: number | null; cohort_id: number | null; course_source: string | null; course_id: string | null; course_title: string | null; course_href: string | null } = { rollout_id: null, cohort_id: null, course_source: null, course_id: null, course_title: null, course_href: null };
  let teams: number[] = [];
  let newRollout: RolloutValue | undefined;
  let existingRollout: number | undefined;
  if (value.kind === "rollout") {
    if (value.rollout === "new") {
      // A rollout aimed at the team the finding concerns, or else the audit's sample, due with the action.
      const sample = await sampleOf(audit.id);
      const target = finding.team_id ? { teams: [String(finding.team_id)], localities: [] } : { teams: sample.units.filter((u) => u.kind === "team").map((u) => String(u.id)), localities: sample.units.filter((u) => u.kind !== "team").map((u) => String(u.id)) };
      newRollout = { briefing: value.briefing!, dueOn: value.dueOn, targetPercent: 90, roles: [], ...target };
    } else {
      // Checked open in the transaction that links it (linkableRollout), not before it.
      existingRollout = value.rollout!;
    }
  } else if (value.kind === "cohort") {
    const cohort = await upcomingCohorts().select("c.id").where("c.id", "=", value.cohort!).executeTakeFirst();
    if (!cohort) return { ok: false, field: "cohort", error: "audits.errors.cohort" };
    if (!(await sampleHasTeams(audit.id, value.teams))) return { ok: false, field: "teams", error: "audits.errors.teams" };
    row.cohort_id = cohort.id;
    teams = value.teams;
  } else {
    const [source, ...rest] = value.course!.split(":");
    const item = await catalogueItem(locale, source, rest.join(":"));
    if (!item) return { ok: false, field: "course", error: "audits.errors.course" };
    Object.assign(row, { course_source: item.source, course_id: item.id, course_title: item.title.slice(0, 300), course_href: item.href.startsWith("/") ? item.href.slice(0, 500) : null });
  }
  const now = new Date().toISOString();
  // The token is claimed first: sent again, the form must not start a second rollout before finding its action raised.
  return onceForForm(auditDb(), formToken, async (trx): Promise<{ ok: true; id: number } | Failure> => {
    // The new rollout is made in the action's transaction: a rollout raised for a finding exists only with its action.
    if (newRollout) {
      const created = await createRollout(newRollout, actor, undefined, trx as unknown as Kysely<PdDatabase>);
      if (!created.ok) return { ok: false, field: created.field === "briefing" ? "briefing" : "rollout", error: created.field === "briefing" ? "audits.errors.briefing" : "audits.errors.rollout" };
      row.rollout_id = created.id;
    }
    if (existingRollout !== undefined) {
      const linkable = await linkableRollout(existingRollout, trx as unknown as Kysely<PdDatabase>);
      if (!linkable.ok) return linkable;
      row.rollout_id = existingRollout;
    }
    const [inserted] = await trx
      .insertInto("practice_development_audit_actions")
      .values({ audit_id: audit.id, finding_id: finding.id, kind: value.kind, ...row, due_on: value.dueOn, closed_by: null, closed_at: null, closed_note: null, created_by: actor.personId, created_at: now })
      .returning("id")
      .execute();
    if (teams.length) await trx.insertInto("practice_development_audit_action_teams").values(teams.map((t) => ({ action_id: inserted.id, team_id: t }))).execute();
    await recordAudit(actor, { action: "practice-development.audit.action-raised", ...subject("audit_action", inserted.id), after: { auditId: audit.id, findingId: finding.id, kind: value.kind, dueOn: value.dueOn, ...row, teams } }, asHost(trx as never));
    return { ok: true, id: inserted.id };
  });
}

/**
 * Marks an open action done with its note, audited in the same transaction. Only a row still open is
 * changed, and only a change is audited: a second click, or another officer closing it at the same time,
 * finds it done (`changed: false`) and leaves the first closer's note and audit event as they are.
 */
export async function closeAction(findingId: number, actionId: number, note: string, actor: Actor): Promise<{ ok: true; changed: boolean } | Failure> {
  const now = new Date().toISOString();
  return auditDb()
    .transaction()
    .execute(async (trx): Promise<{ ok: true; changed: boolean } | Failure> => {
      const result = await trx
        .updateTable("practice_development_audit_actions")
        .set({ status: "done", closed_by: actor.personId, closed_at: now, closed_note: note })
        .where("id", "=", actionId)
        .where("finding_id", "=", findingId)
        .where("status", "=", "open")
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) {
        const exists = await trx.selectFrom("practice_development_audit_actions").select("id").where("id", "=", actionId).where("finding_id", "=", findingId).executeTakeFirst();
        return exists ? { ok: true, changed: false } : { ok: false, field: "action", error: "audits.errors.action" };
      }
      await recordAudit(actor, { action: "practice-development.audit.action-closed", ...subject("audit_action", actionId), before: { status: "open" }, after: { status: "done", note } }, asHost(trx as never));
      return { ok: true, changed: true };
    });
}

/**
 * One page of the actions of some audits (or findings), soonest due first, with what each points at and
 * who closed it, and how many there are in all (three queries). A page past the end shows the last.
 */
export async function actionsOf(by: { auditIds?: number[]; findingIds?: number[] }, asked = 1) {
  const auditIds = by.auditIds ?? [];
  const findingIds = by.findingIds ?? [];
  if (!auditIds.length && !findingIds.length) return { rows: [], total: 0, page: 1, pageCount: 1 };
  const chosen = () => {
    let query = auditDb().selectFrom("practice_development_audit_actions as a");
    if (auditIds.length) query = query.where("a.audit_id", "in", auditIds);
    if (findingIds.length) query = query.where("a.finding_id", "in", findingIds);
    return query;
  };
  const total = Number((await chosen().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const { page, pageCount, offset, limit } = pageWindow(total, asked, PAGE_SIZE);
  const rows = await chosen()
    .innerJoin("practice_development_audit_findings as f", "f.id", "a.finding_id")
    .leftJoin("practice_development_rollouts as r", "r.id", "a.rollout_id")
    .leftJoin("practice_development_briefings as b", "b.id", "r.briefing_id")
    .leftJoin("cohorts as c", "c.id", "a.cohort_id")
    .leftJoin("people as p", "p.id", "a.closed_by")
    .select(["a.id", "a.audit_id", "a.finding_id", "a.kind", "a.rollout_id", "a.cohort_id", "a.course_source", "a.course_id", "a.course_title", "a.course_href", "a.due_on", "a.status", "a.closed_at", "a.closed_note", "f.practice_area", "b.title as rollout_title", "c.name as cohort_name", "c.starts_on as cohort_starts_on", "p.given_name as closed_given", "p.family_name as closed_family"])
    .orderBy("a.due_on")
    .orderBy("a.id")
    .limit(limit)
    .offset(offset)
    .execute();
  const teams = rows.length
    ? await auditDb()
        .selectFrom("practice_development_audit_action_teams as t")
        .innerJoin("org_units as u", "u.id", "t.team_id")
        .select(["t.action_id", "u.name"])
        .where("t.action_id", "in", rows.map((r) => r.id))
        .orderBy("u.name")
        .execute()
    : [];
  const now = today();
  return {
    rows: rows.map((r) => ({
      ...r,
      overdue: r.status === "open" && r.due_on < now,
      closedBy: r.closed_given ? `${r.closed_given} ${r.closed_family}` : null,
      teams: teams.filter((t) => t.action_id === r.id).map((t) => t.name),
    })),
    total,
    page,
    pageCount,
  };
}
export type ActionRow = Awaited<ReturnType<typeof actionsOf>>["rows"][number];

/** One page of open actions, soonest due first, overdue flagged (a page past the end shows the last). */
export async function openActions(asked: number) {
  const total = Number((await auditDb().selectFrom("practice_development_audit_actions").where("status", "=", "open").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const { page, pageCount, offset, limit } = pageWindow(total, asked, PAGE_SIZE);
  const rows = await auditDb()
    .selectFrom("practice_development_audit_actions as a")
    .innerJoin("practice_development_audits as au", "au.id", "a.audit_id")
    .innerJoin("practice_development_audit_findings as f", "f.id", "a.finding_id")
    .select(["a.id", "a.audit_id", "a.finding_id", "a.kind", "a.due_on", "au.title as audit_title", "f.practice_area"])
    .where("a.status", "=", "open")
    .orderBy("a.due_on")
    .orderBy("a.id")
    .limit(limit)
    .offset(offset)
    .execute();
  const now = today();
  return { rows: rows.map((r) => ({ ...r, overdue: r.due_on < now })), page, pageCount };
}
