// Thematic audits, their team-level findings and the learning actions raised from them, tracked to done;
// and what changed since the previous audit of the same theme. Lists are paged and every query is
// batched (by audit or by finding), never one per row.
import type { LoaderFunctionArgs } from "@remix-run/node";
import type { Kysely } from "kysely";
import { recordAudit, type Actor } from "../../../../app/services/audit.server";
import { catalogueItem } from "../../../../app/services/catalogue.server";
import { notFound, parseId } from "../../../../app/utils/http.server";
import type { Locale } from "../../../../app/utils/i18n";
import { londonToday } from "../../../../app/utils/london-time";
import type { RolloutValue } from "../../forms";
import { PAGE_SIZE } from "../../programme";
import { isPostgres } from "../../../sdk/migrations";
import { asHost, type PdDatabase } from "../db.server";
import { guard } from "../briefings/guards.server";
import { createRollout } from "../briefings/rollouts.server";
import { auditDb, RATINGS, type Rating, type Theme } from "./db.server";
import type { ActionValue, AuditValue, FindingValue } from "./forms.server";

type Params = LoaderFunctionArgs["params"];
type Failure = { ok: false; field: string; error: string };

// London's date: from midnight to 1am in summer UTC's is still yesterday.
const today = () => londonToday();
const subject = (type: string, id: number) => ({ subjectType: `practice_development_${type}`, subjectId: id });

// ---------------------------------------------------------------------------------------------------
// Guards: L&D only (cohorts.manage), and 404 for an audit or finding that does not exist.

export const auditsGuard = (request: Request) => guard(request, "cohorts.manage");

export async function auditGuard(request: Request, params: Params) {
  const context = await auditsGuard(request);
  const id = parseId(params.auditId);
  const audit = id ? await auditById(id) : undefined;
  if (!audit) notFound();
  return { ...context, audit };
}

export async function findingGuard(request: Request, params: Params) {
  const context = await auditGuard(request, params);
  const id = parseId(params.findingId);
  const finding = id ? await auditDb().selectFrom("practice_development_audit_findings").selectAll().where("id", "=", id).where("audit_id", "=", context.audit.id).executeTakeFirst() : undefined;
  if (!finding) notFound();
  return { ...context, finding };
}

// ---------------------------------------------------------------------------------------------------
// Audits

export async function auditById(id: number) {
  return auditDb().selectFrom("practice_development_audits").selectAll().where("id", "=", id).executeTakeFirst();
}
export type AuditRow = NonNullable<Awaited<ReturnType<typeof auditById>>>;

/** Org units that exist, split into teams and the localities or services above them. */
async function unitsNamed(ids: number[]) {
  if (!ids.length) return [];
  return auditDb().selectFrom("org_units").select(["id", "kind", "name"]).where("id", "in", ids).execute();
}

export async function createAudit(value: AuditValue, actor: Actor): Promise<{ ok: true; id: number } | Failure> {
  const units = await unitsNamed([...value.localities, ...value.teams]);
  if (!value.teams.every((id) => units.some((u) => u.id === id && u.kind === "team"))) return { ok: false, field: "teams", error: "audits.errors.sample" };
  if (!value.localities.every((id) => units.some((u) => u.id === id && u.kind !== "team"))) return { ok: false, field: "localities", error: "audits.errors.sample" };
  if (value.heldOn > today()) return { ok: false, field: "heldOn", error: "audits.errors.heldOnFuture" };
  const now = new Date().toISOString();
  const id = await auditDb()
    .transaction()
    .execute(async (trx) => {
      const [row] = await trx
        .insertInto("practice_development_audits")
        .values({ theme: value.theme, title: value.title, held_on: value.heldOn, summary: value.summary, created_by: actor.personId, created_at: now })
        .returning("id")
        .execute();
      await trx.insertInto("practice_development_audit_sample").values([...value.localities, ...value.teams].map((u) => ({ audit_id: row.id, org_unit_id: u }))).execute();
      await recordAudit(actor, { action: "practice-development.audit.created", ...subject("audit", row.id), after: value }, asHost(trx as never));
      return row.id;
    });
  return { ok: true, id };
}

/** One page of audits, newest first, with how many findings and open actions each has (two grouped queries). */
export async function listAudits(page: number) {
  const [rows, total] = await Promise.all([
    auditDb().selectFrom("practice_development_audits").select(["id", "theme", "title", "held_on"]).orderBy("held_on", "desc").orderBy("id", "desc").limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE).execute(),
    auditDb().selectFrom("practice_development_audits").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => r.id);
  const [findings, open] = ids.length
    ? await Promise.all([
        auditDb().selectFrom("practice_development_audit_findings").select(["audit_id", (eb) => eb.fn.countAll<number>().as("n")]).where("audit_id", "in", ids).groupBy("audit_id").execute(),
        auditDb().selectFrom("practice_development_audit_actions").select(["audit_id", (eb) => eb.fn.countAll<number>().as("n")]).where("audit_id", "in", ids).where("status", "=", "open").groupBy("audit_id").execute(),
      ])
    : [[], []];
  const count = (list: { audit_id: number; n: number }[], id: number) => Number(list.find((r) => r.audit_id === id)?.n ?? 0);
  return {
    rows: rows.map((r) => ({ ...r, findings: count(findings, r.id), openActions: count(open, r.id) })),
    pageCount: Math.max(1, Math.ceil(Number(total.n) / PAGE_SIZE)),
  };
}

/** The sample: the units ticked, and every team it covers (ticked, or under a ticked locality or service), for the forms to offer. */
export async function sampleOf(auditId: number) {
  const units = await auditDb()
    .selectFrom("practice_development_audit_sample as s")
    .innerJoin("org_units as u", "u.id", "s.org_unit_id")
    .select(["u.id", "u.name", "u.kind"])
    .where("s.audit_id", "=", auditId)
    .orderBy("u.name")
    .execute();
  const unitIds = units.map((u) => u.id);
  const teams = unitIds.length
    ? await auditDb()
        .selectFrom("org_units")
        .select(["id", "name"])
        .where("kind", "=", "team")
        .where((eb) => eb.or([eb("id", "in", unitIds), eb("parent_id", "in", unitIds)]))
        .orderBy("name")
        .orderBy("id")
        .execute()
    : [];
  return { units, teams };
}

/**
 * Whether every one of these teams is in the audit's sample (ticked, or under a ticked unit): looked up
 * for the teams posted, not found in a list of the sample, so a sample of any size is checked in full.
 */
async function sampleHasTeams(auditId: number, teamIds: number[]) {
  const unique = [...new Set(teamIds)];
  if (unique.length === 0) return true;
  const ticked = auditDb().selectFrom("practice_development_audit_sample").select("org_unit_id").where("audit_id", "=", auditId);
  const found = await auditDb()
    .selectFrom("org_units")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("kind", "=", "team")
    .where("id", "in", unique)
    .where((eb) => eb.or([eb("id", "in", ticked), eb("parent_id", "in", ticked)]))
    .executeTakeFirstOrThrow();
  return Number(found.n) === unique.length;
}

// ---------------------------------------------------------------------------------------------------
// Findings

export async function addFinding(audit: AuditRow, value: FindingValue, actor: Actor): Promise<{ ok: true; id: number } | Failure> {
  if (value.team !== undefined) {
    if (!(await sampleHasTeams(audit.id, [value.team]))) return { ok: false, field: "team", error: "audits.errors.team" };
  }
  const now = new Date().toISOString();
  const id = await auditDb()
    .transaction()
    .execute(async (trx) => {
      const [row] = await trx
        .insertInto("practice_development_audit_findings")
        .values({ audit_id: audit.id, rating: value.rating, practice_area: value.practiceArea, team_id: value.team ?? null, note: value.note ?? null, created_by: actor.personId, created_at: now })
        .returning("id")
        .execute();
      const refs = [...value.pcf.map((ref) => ({ finding_id: row.id, kind: "pcf" as const, ref })), ...value.kss.map((ref) => ({ finding_id: row.id, kind: "kss" as const, ref }))];
      const unique = [...new Map(refs.map((r) => [`${r.kind}:${r.ref}`, r])).values()];
      if (unique.length) await trx.insertInto("practice_development_finding_refs").values(unique).execute();
      await recordAudit(actor, { action: "practice-development.audit.finding-added", ...subject("audit_finding", row.id), after: { auditId: audit.id, ...value } }, asHost(trx as never));
      return row.id;
    });
  return { ok: true, id };
}

/** The findings of some audits, with their framework references and team names (three queries). */
export async function findingsOf(auditIds: number[]) {
  if (!auditIds.length) return [];
  const rows = await auditDb()
    .selectFrom("practice_development_audit_findings as f")
    .leftJoin("org_units as u", "u.id", "f.team_id")
    .select(["f.id", "f.audit_id", "f.rating", "f.practice_area", "f.team_id", "f.note", "u.name as team"])
    .where("f.audit_id", "in", auditIds)
    .orderBy("f.id")
    .execute();
  const refs = rows.length ? await auditDb().selectFrom("practice_development_finding_refs").selectAll().where("finding_id", "in", rows.map((r) => r.id)).orderBy("kind", "desc").orderBy("ref").execute() : [];
  return rows.map((r) => ({ ...r, pcf: refs.filter((x) => x.finding_id === r.id && x.kind === "pcf").map((x) => x.ref), kss: refs.filter((x) => x.finding_id === r.id && x.kind === "kss").map((x) => x.ref) }));
}

// ---------------------------------------------------------------------------------------------------
// Learning actions

/**
 * Open briefing rollouts to choose from (the latest 200; a closed rollout asks nobody for anything, so it
 * cannot carry a learning action), upcoming cohorts of any programme (the next 200).
 */
export async function actionChoices() {
  const [rollouts, cohorts] = await Promise.all([
    auditDb()
      .selectFrom("practice_development_rollouts as r")
      .innerJoin("practice_development_briefings as b", "b.id", "r.briefing_id")
      .select(["r.id", "b.title", "r.due_on"])
      .where("r.closed_at", "is", null)
      .orderBy("r.due_on", "desc")
      .orderBy("r.id", "desc")
      .limit(200)
      .execute(),
    auditDb().selectFrom("cohorts").select(["id", "name", "starts_on", "programme_id"]).where("starts_on", ">=", today()).orderBy("starts_on").orderBy("id").limit(200).execute(),
  ]);
  return { rollouts, cohorts };
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

export async function raiseAction(audit: AuditRow, finding: { id: number; team_id: number | null }, value: ActionValue, actor: Actor, locale: Locale): Promise<{ ok: true; id: number } | Failure> {
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
    const cohort = await auditDb().selectFrom("cohorts").select("id").where("id", "=", value.cohort!).where("starts_on", ">=", today()).executeTakeFirst();
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
  return auditDb()
    .transaction()
    .execute(async (trx): Promise<{ ok: true; id: number } | Failure> => {
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

/** The actions of some audits (or findings), with what each points at and who closed it (three queries). */
export async function actionsOf(by: { auditIds?: number[]; findingIds?: number[] }) {
  const auditIds = by.auditIds ?? [];
  const findingIds = by.findingIds ?? [];
  if (!auditIds.length && !findingIds.length) return [];
  let query = auditDb()
    .selectFrom("practice_development_audit_actions as a")
    .innerJoin("practice_development_audit_findings as f", "f.id", "a.finding_id")
    .leftJoin("practice_development_rollouts as r", "r.id", "a.rollout_id")
    .leftJoin("practice_development_briefings as b", "b.id", "r.briefing_id")
    .leftJoin("cohorts as c", "c.id", "a.cohort_id")
    .leftJoin("people as p", "p.id", "a.closed_by")
    .select(["a.id", "a.audit_id", "a.finding_id", "a.kind", "a.rollout_id", "a.cohort_id", "a.course_source", "a.course_id", "a.course_title", "a.course_href", "a.due_on", "a.status", "a.closed_at", "a.closed_note", "f.practice_area", "b.title as rollout_title", "c.name as cohort_name", "c.starts_on as cohort_starts_on", "p.given_name as closed_given", "p.family_name as closed_family"]);
  if (auditIds.length) query = query.where("a.audit_id", "in", auditIds);
  if (findingIds.length) query = query.where("a.finding_id", "in", findingIds);
  const rows = await query.orderBy("a.due_on").orderBy("a.id").limit(1000).execute();
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
  return rows.map((r) => ({
    ...r,
    overdue: r.status === "open" && r.due_on < now,
    closedBy: r.closed_given ? `${r.closed_given} ${r.closed_family}` : null,
    teams: teams.filter((t) => t.action_id === r.id).map((t) => t.name),
  }));
}
export type ActionRow = Awaited<ReturnType<typeof actionsOf>>[number];

/** One page of open actions, soonest due first, overdue flagged. */
export async function openActions(page: number) {
  const base = auditDb().selectFrom("practice_development_audit_actions").where("status", "=", "open");
  const [rows, total] = await Promise.all([
    auditDb()
      .selectFrom("practice_development_audit_actions as a")
      .innerJoin("practice_development_audits as au", "au.id", "a.audit_id")
      .innerJoin("practice_development_audit_findings as f", "f.id", "a.finding_id")
      .select(["a.id", "a.audit_id", "a.finding_id", "a.kind", "a.due_on", "au.title as audit_title", "f.practice_area"])
      .where("a.status", "=", "open")
      .orderBy("a.due_on")
      .orderBy("a.id")
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  const now = today();
  return { rows: rows.map((r) => ({ ...r, overdue: r.due_on < now })), pageCount: Math.max(1, Math.ceil(Number(total.n) / PAGE_SIZE)) };
}

// ---------------------------------------------------------------------------------------------------
// What changed since the previous audit of the same theme

const RANK: Record<Rating, number> = { good: 3, requires_improvement: 2, inadequate: 1 };
export type Change = "better" | "same" | "worse" | "new" | "not_reaudited";

/** The audit of the same theme held just before this one (by date, then by the order recorded). */
export async function previousAudit(audit: { id: number; theme: Theme; held_on: string }) {
  return auditDb()
    .selectFrom("practice_development_audits")
    .selectAll()
    .where("theme", "=", audit.theme)
    .where((eb) => eb.or([eb("held_on", "<", audit.held_on), eb.and([eb("held_on", "=", audit.held_on), eb("id", "<", audit.id)])]))
    .orderBy("held_on", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Per practice area (matched without regard to case or spacing), the rating last time and this time, and
 * whether it is better, the same or worse. Where an audit rated an area more than once (different teams),
 * its rating for the area is the worst of them.
 */
export function compareRatings(previous: { practice_area: string; rating: Rating }[], current: { practice_area: string; rating: Rating }[]) {
  const key = (area: string) => area.trim().replace(/\s+/g, " ").toLowerCase();
  const worst = (list: { practice_area: string; rating: Rating }[]) => {
    const out = new Map<string, { area: string; rating: Rating }>();
    for (const f of list) {
      const k = key(f.practice_area);
      const seen = out.get(k);
      if (!seen || RANK[f.rating] < RANK[seen.rating]) out.set(k, { area: seen?.area ?? f.practice_area.trim(), rating: f.rating });
    }
    return out;
  };
  const before = worst(previous);
  const now = worst(current);
  const rows: { area: string; previous: Rating | null; current: Rating | null; change: Change }[] = [];
  for (const [k, c] of now) {
    const p = before.get(k);
    const change: Change = !p ? "new" : RANK[c.rating] > RANK[p.rating] ? "better" : RANK[c.rating] < RANK[p.rating] ? "worse" : "same";
    rows.push({ area: c.area, previous: p?.rating ?? null, current: c.rating, change });
  }
  for (const [k, p] of before) if (!now.has(k)) rows.push({ area: p.area, previous: p.rating, current: null, change: "not_reaudited" });
  return rows.sort((a, b) => a.area.localeCompare(b.area));
}

export async function changesSince(audit: AuditRow) {
  const previous = await previousAudit(audit);
  if (!previous) return null;
  const findings = await findingsOf([previous.id, audit.id]);
  return {
    previous: { id: previous.id, title: previous.title, held_on: previous.held_on },
    ratings: compareRatings(findings.filter((f) => f.audit_id === previous.id), findings.filter((f) => f.audit_id === audit.id)),
    actions: await actionsOf({ auditIds: [previous.id] }),
  };
}

export const ratingOrder = RATINGS;
