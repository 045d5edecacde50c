// Career stages as data: reading them, and moving a person from one to another with history and audit.
import type { Kysely } from "kysely";
import type { StageMove } from "../../plugins/sdk";
import type { Database, ProgressionStatus } from "../../db/schema";
import { isPostgres } from "../../plugins/sdk/migrations";
import { db } from "../utils/db.server";
import type { Locale } from "../utils/i18n";
import { recordAudit, type Actor } from "./audit.server";
import { addNotices } from "./notices.server";
import { chunks } from "./readiness.server";

export interface CareerStage {
  code: string;
  position: number;
  track: "main" | "side";
  name: string;
  minYears: number | null;
}

export async function listStages(locale: Locale, executor: Kysely<Database> = db()): Promise<CareerStage[]> {
  const rows = await executor.selectFrom("career_stages").selectAll().orderBy("position").orderBy("track").orderBy("code").execute();
  return rows.map((r) => ({ code: r.code, position: r.position, track: r.track, name: locale === "cy" ? r.name_cy : r.name_en, minYears: r.min_years }));
}

export class UnknownStageError extends Error {}

/**
 * Moves a person to a stage: the person's current stage, a history row and an audit event, in the caller's
 * transaction when given one. Moving someone to the stage they are at already records nothing. Either way,
 * their open requests to progress to that stage are closed as approved.
 */
export async function moveToStage(actor: Actor, move: StageMove & { source: string }, executor: Kysely<Database> = db()) {
  const stage = await executor.selectFrom("career_stages").select("code").where("code", "=", move.stageCode).executeTakeFirst();
  if (!stage) throw new UnknownStageError(move.stageCode);
  const now = new Date().toISOString();
  // First, as it waits for a panel deciding the same request: the stage read after is the one it left.
  await closeRequestsTheMoveMeets(actor, move, now, executor);
  // On PostgreSQL, a second move of the same person at the same moment (a panel's approval to one stage,
  // an ASYE pass to another) waits here for the first to commit, so its history and audit start from the
  // stage the first left them at. SQLite has one writer.
  const person = await executor
    .selectFrom("people")
    .select("career_stage")
    .where("id", "=", move.personId)
    .$if(isPostgres(executor), (qb) => qb.forUpdate())
    .executeTakeFirstOrThrow();
  if (person.career_stage === move.stageCode) return;
  await executor.updateTable("people").set({ career_stage: move.stageCode, updated_at: now }).where("id", "=", move.personId).execute();
  await executor
    .insertInto("career_stage_history")
    .values({ person_id: move.personId, stage_code: move.stageCode, started_on: move.startedOn, source: move.source, note: move.note ?? null, recorded_by: actor.personId, created_at: now })
    .execute();
  await recordAudit(
    actor,
    { action: "career_stage.moved", subjectType: "person", subjectId: move.personId, personId: move.personId, before: { stage: person.career_stage }, after: { stage: move.stageCode, source: move.source } },
    executor,
  );
}

/**
 * A programme can move someone (an ASYE pass) while they have asked to progress to that stage. Left open,
 * the request would go on to the panel, whose approval would say the stage had changed when it had not.
 */
async function closeRequestsTheMoveMeets(actor: Actor, move: StageMove & { source: string }, now: string, executor: Kysely<Database>) {
  const open = await executor
    .selectFrom("progression_requests")
    .select(["id", "status"])
    .where("person_id", "=", move.personId)
    .where("to_stage", "=", move.stageCode)
    .where("status", "in", OPEN_REQUEST_STATUSES)
    // On PostgreSQL, wait for a panel or manager deciding the request now, as they lock it; SQLite has one writer.
    .$if(isPostgres(executor), (qb) => qb.forUpdate())
    .execute();
  for (const request of open) {
    const values = { status: "approved" as const, reached_through: move.source, updated_at: now };
    const closed = await executor.updateTable("progression_requests").set(values).where("id", "=", request.id).where("status", "in", OPEN_REQUEST_STATUSES).executeTakeFirst();
    if (Number(closed.numUpdatedRows) === 0) continue;
    await recordAudit(
      actor,
      { action: "progression.closed_by_move", subjectType: "progression_request", subjectId: request.id, personId: move.personId, before: { status: request.status }, after: values },
      executor,
    );
  }
}

const OPEN_REQUEST_STATUSES = ["awaiting_manager", "awaiting_panel"] as ProgressionStatus[];

/**
 * The stage a role starts someone at, where its code is not the stage's own: the staff record's role for
 * an independent reviewing officer is spelt out where the stage is `iro`, and an assistant team manager (a
 * grade councils add, REFERENCE.md section 9) supervises practitioners, so starts as a practice
 * supervisor, with team manager next. Every other role starts at the stage of the same code, if any.
 */
export const STAGE_OF_ROLE: Readonly<Record<string, string>> = { independent_reviewing_officer: "iro", assistant_team_manager: "practice_supervisor" };

const stageOfRole = (role: string) => STAGE_OF_ROLE[role] ?? role;

/**
 * Locks the open progression requests of everyone with no stage yet: those assignStagesFromRoles may close.
 * A caller that will change people's rows (the staff import) takes this first, because a panel deciding a
 * request locks the request and then the person (moveToStage); taking the person first and the request
 * second, as assigning a stage does, would deadlock with it on PostgreSQL. One query: few have no stage.
 * SQLite has one writer, so there it only reads.
 */
export async function lockRequestsAStageMaySettle(executor: Kysely<Database>) {
  await executor
    .selectFrom("progression_requests")
    .select("id")
    .where("status", "in", OPEN_REQUEST_STATUSES)
    .where("person_id", "in", (eb) => eb.selectFrom("people").select("id").where("career_stage", "is", null))
    .orderBy("id")
    .$if(isPostgres(executor), (qb) => qb.forUpdate())
    .execute();
}

/**
 * People with no stage yet whose role names one start at that stage (the seed, the staff import), each with
 * a first history row saying the stage came from their staff record. Requests they made to progress that
 * the stage settles are closed (closeRequestsTheAssignmentsMeet). Answers who was given which stage and
 * which requests were closed, for the caller's audit.
 */
export async function assignStagesFromRoles(executor: Kysely<Database>, personIds?: number[]): Promise<StagesFromRoles> {
  const now = new Date().toISOString();
  const places = new Map((await executor.selectFrom("career_stages").select(["code", "position", "track"]).execute()).map((s) => [s.code, s]));
  const stages = new Set(places.keys());
  const roles = [...new Set([...stages, ...Object.keys(STAGE_OF_ROLE)])];
  const unassigned = (ids?: number[]) =>
    executor
      .selectFrom("people")
      .select(["id", "role_category", "employment_start"])
      .where("career_stage", "is", null)
      .where("role_category", "in", roles)
      .$if(ids !== undefined, (qb) => qb.where("id", "in", ids!))
      .execute();
  const found = personIds ? (await Promise.all(chunks(personIds).map(unassigned))).flat() : await unassigned();
  const assigned = found.map((p) => ({ ...p, stage: stageOfRole(p.role_category) })).filter((p) => stages.has(p.stage));
  for (const stage of new Set(assigned.map((p) => p.stage))) {
    for (const batch of chunks(assigned.filter((p) => p.stage === stage), 500)) {
      await executor.updateTable("people").set({ career_stage: stage }).where("id", "in", batch.map((p) => p.id)).execute();
      await executor
        .insertInto("career_stage_history")
        .values(batch.map((p) => ({ person_id: p.id, stage_code: stage, started_on: p.employment_start, source: "import", note: null, recorded_by: null, created_at: now })))
        .execute();
    }
  }
  const given = assigned.map((p) => ({ personId: p.id, stageCode: p.stage }));
  return { assigned: given, closedRequests: await closeRequestsTheAssignmentsMeet(executor, given, places, now) };
}

export interface AssignedStage {
  personId: number;
  stageCode: string;
}

export interface ClosedRequest {
  id: number;
  personId: number;
  before: { status: ProgressionStatus };
  after: { status: "approved"; reached_through: "import"; updated_at: string };
}

export interface StagesFromRoles {
  assigned: AssignedStage[];
  closedRequests: ClosedRequest[];
}

type StagePlace = { code: string; position: number; track: "main" | "side" };

/**
 * Whether someone with no stage who asked for one is settled by the stage their role gives them: the same
 * stage, or one before it on the main track (someone HR makes a social worker has gone past asking to be a
 * social care officer, and the panel approving that would move them back). A side route, or a stage still
 * ahead, stays theirs to ask for.
 */
function assignmentMeets(given: StagePlace, asked: StagePlace) {
  return asked.code === given.code || (asked.track === "main" && given.track === "main" && asked.position < given.position);
}

/**
 * Closes, as moveToStage does, the open requests of people just given a stage that the stage settles:
 * left open, each waited in their manager's inbox and the panel's for a move HR had made already. Each is
 * approved as reached through the import, and the person told, as the other outcomes tell them. Reads the
 * requests a chunk of people at a time, and writes them 500 to a statement, as an import may assign
 * thousands.
 */
async function closeRequestsTheAssignmentsMeet(executor: Kysely<Database>, assigned: AssignedStage[], places: Map<string, StagePlace>, now: string) {
  const givenStage = new Map(assigned.map((a) => [a.personId, places.get(a.stageCode)!]));
  const open = [];
  for (const batch of chunks([...givenStage.keys()])) {
    open.push(
      ...(await executor
        .selectFrom("progression_requests")
        .select(["id", "person_id", "status", "to_stage"])
        .where("person_id", "in", batch)
        .where("status", "in", OPEN_REQUEST_STATUSES)
        // On PostgreSQL, wait for a manager or panel deciding one now, as they lock it; SQLite has one writer.
        .$if(isPostgres(executor), (qb) => qb.forUpdate())
        .execute()),
    );
  }
  const met = open.filter((r) => assignmentMeets(givenStage.get(r.person_id)!, places.get(r.to_stage)!));
  const after = { status: "approved" as const, reached_through: "import" as const, updated_at: now };
  for (const batch of chunks(met, 500)) {
    await executor.updateTable("progression_requests").set(after).where("id", "in", batch.map((r) => r.id)).execute();
  }
  await addNotices(met.map((r) => ({ personId: r.person_id, source: "common", messageKey: "notices.progression.reached_through_import", href: "/me/pathway" })), executor);
  return met.map((r) => ({ id: r.id, personId: r.person_id, before: { status: r.status }, after }));
}
