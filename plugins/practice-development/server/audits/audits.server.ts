// Thematic audits and their team-level findings: the guards of the audit pages, recording an audit with
// its sample and a finding with its framework references, and reading them back. Lists are paged and
// every query is batched (by audit or by finding), never one per row. The learning actions raised from a
// finding are in learning-actions.server.ts; what changed since the previous audit in changes.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAudit, type Actor } from "../../../../app/services/audit.server";
import { notFound, parseId } from "../../../../app/utils/http.server";
import { londonToday } from "../../../../app/utils/london-time";
import { pageWindow } from "../../../../app/utils/paging.server";
import { PAGE_SIZE } from "../../programme";
import { asHost } from "../db.server";
import { onceForForm } from "../form-token.server";
import { guard } from "../briefings/guards.server";
import { auditDb } from "./db.server";
import type { AuditValue, FindingValue } from "./forms.server";

type Params = LoaderFunctionArgs["params"];
export type Failure = { ok: false; field: string; error: string };

// London's date: from midnight to 1am in summer UTC's is still yesterday.
export const today = () => londonToday();
export const subject = (type: string, id: number) => ({ subjectType: `practice_development_${type}`, subjectId: id });

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

/**
 * Records an audit with its sample, keeping its id with the claim of `formToken` so the form sent again lands
 * on it (`madeBefore`); null, recording nothing, when the form carrying `formToken` was saved before.
 */
export async function createAudit(value: AuditValue, actor: Actor, formToken: string | null = null): Promise<{ ok: true; id: number } | Failure | null> {
  const units = await unitsNamed([...value.localities, ...value.teams]);
  if (!value.teams.every((id) => units.some((u) => u.id === id && u.kind === "team"))) return { ok: false, field: "teams", error: "audits.errors.sample" };
  if (!value.localities.every((id) => units.some((u) => u.id === id && u.kind !== "team"))) return { ok: false, field: "localities", error: "audits.errors.sample" };
  if (value.heldOn > today()) return { ok: false, field: "heldOn", error: "audits.errors.heldOnFuture" };
  const now = new Date().toISOString();
  return onceForForm(auditDb(), formToken, async (trx) => {
    const [row] = await trx
      .insertInto("practice_development_audits")
      .values({ theme: value.theme, title: value.title, held_on: value.heldOn, summary: value.summary, created_by: actor.personId, created_at: now })
      .returning("id")
      .execute();
    await trx.insertInto("practice_development_audit_sample").values([...value.localities, ...value.teams].map((u) => ({ audit_id: row.id, org_unit_id: u }))).execute();
    await recordAudit(actor, { action: "practice-development.audit.created", ...subject("audit", row.id), after: value }, asHost(trx as never));
    return { ok: true as const, id: row.id };
  });
}

/**
 * One page of audits, newest first, with how many findings and open actions each has (two grouped queries).
 * A page past the end shows the last.
 */
export async function listAudits(asked: number) {
  const total = Number((await auditDb().selectFrom("practice_development_audits").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const { page, pageCount, offset, limit } = pageWindow(total, asked, PAGE_SIZE);
  const rows = await auditDb().selectFrom("practice_development_audits").select(["id", "theme", "title", "held_on"]).orderBy("held_on", "desc").orderBy("id", "desc").limit(limit).offset(offset).execute();
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
    page,
    pageCount,
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
export async function sampleHasTeams(auditId: number, teamIds: number[]) {
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

/** Adds a finding with its framework references; null, adding nothing, when the form carrying `formToken` was saved before. */
export async function addFinding(audit: AuditRow, value: FindingValue, actor: Actor, formToken: string | null = null): Promise<{ ok: true; id: number } | Failure | null> {
  if (value.team !== undefined) {
    if (!(await sampleHasTeams(audit.id, [value.team]))) return { ok: false, field: "team", error: "audits.errors.team" };
  }
  const now = new Date().toISOString();
  return onceForForm(auditDb(), formToken, async (trx) => {
    const [row] = await trx
      .insertInto("practice_development_audit_findings")
      .values({ audit_id: audit.id, rating: value.rating, practice_area: value.practiceArea, team_id: value.team ?? null, note: value.note ?? null, created_by: actor.personId, created_at: now })
      .returning("id")
      .execute();
    const refs = [...value.pcf.map((ref) => ({ finding_id: row.id, kind: "pcf" as const, ref })), ...value.kss.map((ref) => ({ finding_id: row.id, kind: "kss" as const, ref }))];
    const unique = [...new Map(refs.map((r) => [`${r.kind}:${r.ref}`, r])).values()];
    if (unique.length) await trx.insertInto("practice_development_finding_refs").values(unique).execute();
    await recordAudit(actor, { action: "practice-development.audit.finding-added", ...subject("audit_finding", row.id), after: { auditId: audit.id, ...value } }, asHost(trx as never));
    return { ok: true as const, id: row.id };
  });
}

/** A finding's columns as its pages show them, with its team's name. */
const findingRows = () =>
  auditDb()
    .selectFrom("practice_development_audit_findings as f")
    .leftJoin("org_units as u", "u.id", "f.team_id")
    .select(["f.id", "f.audit_id", "f.rating", "f.practice_area", "f.team_id", "f.note", "u.name as team"]);
type FindingRow = Awaited<ReturnType<ReturnType<typeof findingRows>["execute"]>>[number];

/** The findings given, with their framework references (one query for them all). */
async function withRefs(rows: FindingRow[]) {
  const refs = rows.length ? await auditDb().selectFrom("practice_development_finding_refs").selectAll().where("finding_id", "in", rows.map((r) => r.id)).orderBy("kind", "desc").orderBy("ref").execute() : [];
  return rows.map((r) => ({ ...r, pcf: refs.filter((x) => x.finding_id === r.id && x.kind === "pcf").map((x) => x.ref), kss: refs.filter((x) => x.finding_id === r.id && x.kind === "kss").map((x) => x.ref) }));
}

/**
 * One page of an audit's findings, in the order they were added, with their framework references and team
 * names, and how many there are in all (three queries). A page past the end shows the last.
 */
export async function findingsOf(auditId: number, asked = 1) {
  const total = Number((await auditDb().selectFrom("practice_development_audit_findings").select((eb) => eb.fn.countAll<number>().as("n")).where("audit_id", "=", auditId).executeTakeFirstOrThrow()).n);
  const { page, pageCount, offset, limit } = pageWindow(total, asked, PAGE_SIZE);
  const rows = total ? await findingRows().where("f.audit_id", "=", auditId).orderBy("f.id").limit(limit).offset(offset).execute() : [];
  return { rows: await withRefs(rows), total, page, pageCount };
}

/**
 * The page of the audit's findings (listed oldest first) that holds the finding: the one just added, so
 * the page saved to shows it. With no finding, the last page, where the newest is.
 */
export async function findingsPageHolding(auditId: number, findingId: number | null) {
  let upTo = auditDb().selectFrom("practice_development_audit_findings").select((eb) => eb.fn.countAll<number>().as("n")).where("audit_id", "=", auditId);
  if (findingId !== null) upTo = upTo.where("id", "<=", findingId);
  // The finding is the last of the findings up to it, so on their last page.
  return pageWindow(Number((await upTo.executeTakeFirstOrThrow()).n), 1, PAGE_SIZE).pageCount;
}

/** One finding, with its framework references and team name. */
export async function findingById(findingId: number) {
  const [finding] = await withRefs(await findingRows().where("f.id", "=", findingId).execute());
  return finding;
}

/**
 * Each practice area and rating an audit gave, once however many teams it was given for, in the order
 * they were first recorded: all the comparison of two audits reads. Grouped in SQL, an audit of thousands
 * of findings over a few areas reads a few rows; the areas are matched (case, spacing) afterwards, as
 * SQLite's lower() folds ASCII only.
 */
export async function ratingsOf(auditIds: number[]) {
  if (!auditIds.length) return [];
  return auditDb()
    .selectFrom("practice_development_audit_findings")
    .select(["audit_id", "practice_area", "rating", (eb) => eb.fn.min("id").as("first_id")])
    .where("audit_id", "in", auditIds)
    .groupBy(["audit_id", "practice_area", "rating"])
    .orderBy("first_id")
    .execute();
}
