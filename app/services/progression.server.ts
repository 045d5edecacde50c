// Requests to progress to another career stage: the person asks, their line manager supports or not,
// and the progression panel (L&D or an admin) decides. An approval moves the person to the stage in the
// same transaction. Each step is audited and the person is told the outcome.
import type { Kysely } from "kysely";
import type { ProgrammePlugin, Viewer } from "../../plugins/sdk";
import type { Database, ProgressionStatus } from "../../db/schema";
import { enabledPlugins } from "../plugins.server";
import { londonToday } from "../utils/london-time";
import { db } from "../utils/db.server";
import { fixedT } from "../utils/i18n.server";
import type { Locale } from "../utils/i18n";
import { INBOX_LIMIT } from "../utils/inbox-limit";
import { pageWindow } from "../utils/paging.server";
import { managesPerson, scopedPeople } from "../utils/permissions.server";
import { recordAudit, type Actor } from "./audit.server";
import { moveToStage } from "./career-stages.server";
import { withRowLock } from "./cohort-lock.server";
import { managedOnPortal, managerCanAct } from "./manager-on-portal.server";
import { addNotice } from "./notices.server";

export const OPEN_STATUSES: ProgressionStatus[] = ["awaiting_manager", "awaiting_panel"];
export const PANEL_PAGE_SIZE = 25;

export type RequestOutcome = { ok: true; id: number; status: ProgressionStatus } | { ok: false; error: string };

/**
 * The enabled programmes by the stages whose exit each decides (plugins' `decidesExitFrom`): someone at
 * such a stage moves on through the programme (a passed ASYE makes a social worker), never by the panel.
 * Read before a request's lock is taken: the switches are not what the lock serialises.
 */
async function exitDeciders(): Promise<Map<string, ProgrammePlugin>> {
  const deciders = new Map<string, ProgrammePlugin>();
  for (const plugin of await enabledPlugins()) for (const stage of plugin.decidesExitFrom ?? []) if (!deciders.has(stage)) deciders.set(stage, plugin);
  return deciders;
}

/**
 * Why the person cannot ask the panel to move them on, in words for the page: the programme that decides
 * it and the stage they are at. Null when a request may move them (no enabled programme decides it).
 */
export async function exitDecidedFor(personId: number, locale: Locale): Promise<{ programme: string; stage: string } | null> {
  const deciders = await exitDeciders();
  if (deciders.size === 0) return null;
  const at = await db()
    .selectFrom("people as p")
    .innerJoin("career_stages as s", "s.code", "p.career_stage")
    .select(["s.code", "s.name_en", "s.name_cy"])
    .where("p.id", "=", personId)
    .executeTakeFirst();
  const plugin = at && deciders.get(at.code);
  return at && plugin ? { programme: fixedT(locale, plugin.id)(plugin.titleKey), stage: localName(locale, at.name_en, at.name_cy) } : null;
}

/**
 * Opens a request for the person to move to a stage. It goes straight to the panel when no line manager
 * can act on it. A person has one open request at a time: the person's row is locked while that is
 * checked. Asking again for the same stage in the same words (a second click) finds it asked already.
 */
export async function requestProgression(actor: Actor, personId: number, toStage: string, statement: string): Promise<RequestOutcome> {
  const deciders = await exitDeciders();
  return withRowLock("people", personId, async (trx) => {
    const stage = await trx.selectFrom("career_stages").select("code").where("code", "=", toStage).executeTakeFirst();
    if (!stage) return { ok: false, error: "pathway.errors.stage" };
    const person = await trx.selectFrom("people").select(["career_stage", "line_manager_id"]).where("id", "=", personId).executeTakeFirstOrThrow();
    if (person.career_stage === toStage) return { ok: false, error: "pathway.errors.sameStage" };
    if (person.career_stage && deciders.has(person.career_stage)) return { ok: false, error: "pathway.errors.exitDecided" };
    const open = await trx.selectFrom("progression_requests").select(["id", "status", "to_stage", "statement"]).where("person_id", "=", personId).where("status", "in", OPEN_STATUSES).executeTakeFirst();
    if (open?.to_stage === toStage && open.statement === statement) return { ok: true, id: open.id, status: open.status };
    if (open) return { ok: false, error: "pathway.errors.alreadyOpen" };
    const now = new Date().toISOString();
    const status: ProgressionStatus = person.line_manager_id && (await managerCanAct(personId, trx)) ? "awaiting_manager" : "awaiting_panel";
    const [row] = await trx
      .insertInto("progression_requests")
      .values({ person_id: personId, from_stage: person.career_stage, to_stage: toStage, statement, status, manager_id: person.line_manager_id, manager_supports: null, manager_note: null, manager_decided_at: null, panel_note: null, panel_decided_by: null, panel_decided_at: null, created_at: now, updated_at: now })
      .returning("id")
      .execute();
    await recordAudit(actor, { action: "progression.requested", subjectType: "progression_request", subjectId: row.id, personId, after: { from: person.career_stage, to: toStage, status } }, trx);
    return { ok: true, id: row.id, status };
  });
}

const withNames = () =>
  db()
    .selectFrom("progression_requests as r")
    .innerJoin("people as p", "p.id", "r.person_id")
    .innerJoin("org_units as team", "team.id", "p.team_id")
    .innerJoin("career_stages as to_stage", "to_stage.code", "r.to_stage")
    .leftJoin("career_stages as from_stage", "from_stage.code", "r.from_stage")
    .select([
      "r.id", "r.person_id", "r.status", "r.statement", "r.from_stage", "r.to_stage", "r.manager_id", "r.manager_supports", "r.manager_note", "r.manager_decided_at",
      "r.panel_note", "r.panel_decided_at", "r.reached_through", "r.created_at", "p.given_name", "p.family_name", "p.job_title", "team.name as team_name",
      "to_stage.name_en as to_name_en", "to_stage.name_cy as to_name_cy", "from_stage.name_en as from_name_en", "from_stage.name_cy as from_name_cy",
    ]);

export async function requestById(id: number) {
  return withNames().where("r.id", "=", id).executeTakeFirst();
}

/** How many of the person's own requests their pathway page lists at a time. */
export const OWN_REQUESTS_PAGE_SIZE = 20;

/**
 * One page of the person's own requests, newest first, with how many there are: cut off at the first
 * twenty, the older ones were out of reach and nothing said there were more.
 */
export async function requestsOf(personId: number, requestedPage = 1) {
  const count = await db().selectFrom("progression_requests").select((eb) => eb.fn.countAll<number>().as("n")).where("person_id", "=", personId).executeTakeFirstOrThrow();
  const total = Number(count.n);
  const { page, pageCount, offset, limit } = pageWindow(total, requestedPage, OWN_REQUESTS_PAGE_SIZE);
  const rows = await withNames().where("r.person_id", "=", personId).orderBy("r.created_at", "desc").orderBy("r.id", "desc").limit(limit).offset(offset).execute();
  return { rows, total, page, pageCount };
}

/** The person's open request, if any, whichever page of their requests it is on. */
export async function openRequestOf(personId: number) {
  return withNames().where("r.person_id", "=", personId).where("r.status", "in", OPEN_STATUSES).orderBy("r.created_at", "desc").executeTakeFirst();
}

/**
 * A request from someone the viewer manages (through the one scope function), whatever its status, so a
 * manager whose report withdrew it meanwhile is told so rather than shown "not found"; otherwise undefined.
 */
export async function requestForManager(viewer: Viewer, id: number) {
  const row = await requestById(id);
  if (!row || row.person_id === viewer.personId) return undefined;
  return (await managesPerson(viewer, row.person_id)) ? { ...row, waitingForManager: row.status === "awaiting_manager" } : undefined;
}

/** The person takes back their own open request; it is closed as withdrawn, and they may ask again. */
export async function withdrawRequest(actor: Actor, personId: number, id: number): Promise<Decision> {
  return withRowLock("progression_requests", id, async (trx) => {
    const current = await trx.selectFrom("progression_requests").select(["status", "person_id"]).where("id", "=", id).executeTakeFirst();
    if (!current || current.person_id !== personId) return { ok: false, error: "progression.errors.notFound" };
    // A second click finds it withdrawn already: the person has what they asked for, and nothing changes.
    if (current.status === "withdrawn") return { ok: true, status: "withdrawn" };
    if (!OPEN_STATUSES.includes(current.status)) return { ok: false, error: "progression.errors.alreadyDecided" };
    const now = new Date().toISOString();
    await trx.updateTable("progression_requests").set({ status: "withdrawn", updated_at: now }).where("id", "=", id).execute();
    await recordAudit(actor, { action: "progression.withdrawn", subjectType: "progression_request", subjectId: id, personId, before: { status: current.status }, after: { status: "withdrawn" } }, trx);
    return { ok: true, status: "withdrawn" };
  });
}

/**
 * A request for the panel: any but the viewer's own, since nobody decides their own request. It waits for
 * the panel once supported, or while it waits for a line manager none of whom can act on the portal.
 */
export async function requestForPanel(viewer: Viewer, id: number) {
  const row = await requestById(id);
  if (!row || row.person_id === viewer.personId) return undefined;
  return { ...row, waitingForPanel: await waitsForPanel(row.status, row.person_id) };
}

async function waitsForPanel(status: ProgressionStatus, personId: number, from: Kysely<Database> = db()) {
  return status === "awaiting_panel" || (status === "awaiting_manager" && !(await managerCanAct(personId, from)));
}

type Decision = { ok: true; status: ProgressionStatus } | { ok: false; error: string };

/** The line manager supports the request (on to the panel) or not (it ends there). */
export async function recordManagerDecision(actor: Actor, id: number, supports: boolean, note: string | null): Promise<Decision> {
  return withRowLock("progression_requests", id, async (trx) => {
    const current = await trx.selectFrom("progression_requests").select(["status", "person_id", "to_stage"]).where("id", "=", id).executeTakeFirstOrThrow();
    if (current.status !== "awaiting_manager") return { ok: false, error: "progression.errors.alreadyDecided" };
    const now = new Date().toISOString();
    const status: ProgressionStatus = supports ? "awaiting_panel" : "not_supported";
    const values = { status, manager_id: actor.personId, manager_supports: supports ? (1 as const) : (0 as const), manager_note: note, manager_decided_at: now, updated_at: now };
    await trx.updateTable("progression_requests").set(values).where("id", "=", id).execute();
    await recordAudit(actor, { action: `progression.manager.${supports ? "supported" : "not_supported"}`, subjectType: "progression_request", subjectId: id, personId: current.person_id, before: { status: current.status }, after: values }, trx);
    if (!supports) await tell(trx, current.person_id, "notices.progression.not_supported", note);
    return { ok: true, status };
  });
}

/**
 * The panel approves (the person moves to the stage, with history) or declines. It cannot approve a move
 * from a stage an enabled programme decides the exit from (a request asked before the programme was
 * switched on): that move is the programme's. The panel may still decline it, which takes it off their list.
 */
export async function recordPanelDecision(actor: Actor, id: number, approve: boolean, note: string): Promise<Decision> {
  const deciders = await exitDeciders();
  return withRowLock("progression_requests", id, async (trx) => {
    const current = await trx.selectFrom("progression_requests").select(["status", "person_id", "to_stage"]).where("id", "=", id).executeTakeFirstOrThrow();
    if (current.person_id === actor.personId) return { ok: false, error: "progression.errors.own" };
    if (!(await waitsForPanel(current.status, current.person_id, trx))) return { ok: false, error: "progression.errors.alreadyDecided" };
    if (approve && (await stageExitDecided(trx, current.person_id, deciders))) return { ok: false, error: "progression.errors.exitDecided" };
    const now = new Date().toISOString();
    const status: ProgressionStatus = approve ? "approved" : "declined";
    const values = { status, panel_note: note, panel_decided_by: actor.personId, panel_decided_at: now, updated_at: now };
    await trx.updateTable("progression_requests").set(values).where("id", "=", id).execute();
    await recordAudit(actor, { action: `progression.panel.${status}`, subjectType: "progression_request", subjectId: id, personId: current.person_id, before: { status: current.status }, after: values }, trx);
    if (approve) await moveToStage(actor, { personId: current.person_id, stageCode: current.to_stage, startedOn: londonToday(), note, source: "progression" }, trx);
    await tell(trx, current.person_id, `notices.progression.${status}`, note);
    return { ok: true, status };
  });
}

/** Whether the person's stage, as it stands under the request's lock, is one a programme moves them on from. */
async function stageExitDecided(trx: Kysely<Database>, personId: number, deciders: Map<string, ProgrammePlugin>) {
  if (deciders.size === 0) return false;
  const person = await trx.selectFrom("people").select("career_stage").where("id", "=", personId).executeTakeFirstOrThrow();
  return person.career_stage !== null && deciders.has(person.career_stage);
}

async function tell(trx: Kysely<Database>, personId: number, messageKey: string, note: string | null) {
  await addNotice({ personId, source: "common", messageKey, values: { note: note ?? "" }, href: "/me/pathway" }, trx);
}

export type PanelView = "awaiting" | "decided";

/**
 * The requests on the panel's list for this member: everyone's but their own, which they cannot decide.
 * Waiting are those supported, and those whose line manager cannot act on the portal; decided are those
 * the panel decided (one closed because the person reached the stage another way, an ASYE pass, was not).
 */
function panelQueue(viewer: Viewer, view: PanelView) {
  const askingManagers = db().selectFrom("progression_requests").select("person_id").where("status", "=", "awaiting_manager");
  return db()
    .selectFrom("progression_requests")
    .where((eb) =>
      view === "decided"
        ? eb("status", "in", ["approved", "declined"])
        : eb.or([eb("status", "=", "awaiting_panel"), eb.and([eb("status", "=", "awaiting_manager"), eb("person_id", "not in", managedOnPortal(db(), askingManagers))])]),
    )
    .where("reached_through", "is", null)
    .where("person_id", "<>", viewer.personId);
}

/** One page of the panel's list: those waiting for it (oldest first), or those decided (newest first). */
export async function panelRequests(viewer: Viewer, view: PanelView, requestedPage: number) {
  const total = await countOf(panelQueue(viewer, view));
  const { page, pageCount, offset, limit } = pageWindow(total, requestedPage, PANEL_PAGE_SIZE);
  const rows = await withNames()
    .where("r.id", "in", panelQueue(viewer, view).select("id"))
    .orderBy("r.created_at", view === "awaiting" ? "asc" : "desc")
    .orderBy("r.id")
    .limit(limit)
    .offset(offset)
    .execute();
  return { rows, total, page, pageCount };
}

/** How many requests wait for this panel member to decide: the count their list of waiting requests shows. */
export async function panelWaitingFor(viewer: Viewer) {
  return countOf(panelQueue(viewer, "awaiting"));
}

async function countOf(queue: ReturnType<typeof panelQueue>) {
  const count = await queue.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(count.n);
}

/** Requests waiting for this manager: from anyone below them in the line, for the /team inbox. */
export async function progressionAwaitingManager(managerPersonId: number) {
  return db()
    .selectFrom("progression_requests as r")
    .innerJoin("people as p", "p.id", "r.person_id")
    .innerJoin("career_stages as s", "s.code", "r.to_stage")
    .select(["r.id", "r.person_id", "r.created_at", "p.given_name", "p.family_name", "s.name_en", "s.name_cy"])
    .where("r.status", "=", "awaiting_manager")
    // The line comes from the one scope function, as every other "my reports" query does.
    .where("r.person_id", "in", scopedPeople({ kind: "reports", managerId: managerPersonId }).select("people.id"))
    .orderBy("r.created_at")
    .limit(INBOX_LIMIT)
    .execute();
}

/** How many of the person's moves between stages their pathway page lists at a time. */
export const STAGE_HISTORY_PAGE_SIZE = 20;

/**
 * One page of the person's moves between stages, most recent first, with how many there are: cut off at
 * fifty, the earlier ones were out of reach and nothing said there were more.
 */
export async function stageHistoryOf(personId: number, requestedPage = 1) {
  const count = await db().selectFrom("career_stage_history").select((eb) => eb.fn.countAll<number>().as("n")).where("person_id", "=", personId).executeTakeFirstOrThrow();
  const total = Number(count.n);
  const { page, pageCount, offset, limit } = pageWindow(total, requestedPage, STAGE_HISTORY_PAGE_SIZE);
  const rows = await db()
    .selectFrom("career_stage_history as h")
    .innerJoin("career_stages as s", "s.code", "h.stage_code")
    .select(["h.id", "h.started_on", "h.source", "h.note", "s.name_en", "s.name_cy"])
    .where("h.person_id", "=", personId)
    .orderBy("h.started_on", "desc")
    .orderBy("h.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
  return { rows, total, page, pageCount };
}

/** A stage's name in the reader's language, from a row that carries both. */
export const localName = (locale: string, en: string | null, cy: string | null) => (locale === "cy" ? cy : en) ?? "";
