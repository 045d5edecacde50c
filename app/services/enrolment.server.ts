// Places in cohorts: requests, manager decisions, direct enrolment by L&D, the waiting list and its
// automatic promotion. Whatever decides who holds a place runs under the cohort's lock, so capacity is
// never exceeded however many requests arrive at once, from however many processes.
import { type Kysely, type Selectable } from "kysely";
import type { Database, EnrolmentStatus, EnrolmentTable } from "../../db/schema";
import { findInstalledPlugin } from "../plugins.server";
import { db } from "../utils/db.server";
import { INBOX_LIMIT } from "../utils/inbox-limit";
import { onLineOf, scopedPeople } from "../utils/permissions.server";
import { recordAudit, type Actor } from "./audit.server";
import { withCohortLock } from "./cohort-lock.server";
import { enrolmentOpen, HOLDING_STATUSES } from "./cohorts.server";
import { managerCanAct } from "./manager-on-portal.server";
import { addNotice, addNotices } from "./notices.server";
import { cohortOver } from "./waiting-list-ended.server";
import { londonToday } from "../utils/london-time";

/** Statuses in which a person still has, or is waiting for, a place. */
export const ACTIVE_STATUSES: EnrolmentStatus[] = ["requested", "approved", "enrolled", "waitlisted", "completed", "not_completed"];

/**
 * What asking again overwrites on a declined or withdrawn enrolment: the row is reused (one a person
 * and cohort), so its event keeps these as `before`, or the decline and its reason leave no trace.
 */
export const REPLACED_FIELDS = ["status", "reason", "decided_by", "requested_by", "override_reason", "created_at"] as const;
export type ReplacedRow = Pick<Selectable<EnrolmentTable>, (typeof REPLACED_FIELDS)[number]>;
export const replacedFields = (row: ReplacedRow | undefined) => row && Object.fromEntries(REPLACED_FIELDS.map((field) => [field, row[field]]));

export type EnrolmentError = "enrolment.errors.noCohort" | "enrolment.errors.closed" | "enrolment.errors.over" | "enrolment.errors.already" | "enrolment.errors.notRequested" | "enrolment.errors.notActive" | "enrolment.errors.started" | "enrolment.errors.managerDecides" | "enrolment.errors.askedAgain" | "enrolment.errors.notOnLine";

/** Who decides a place request: the manager, or L&D when nobody on the person's line can act on the portal. */
export type PlaceDecider = "manager" | "learning_development";

export type EnrolmentResult = { ok: true; enrolmentId: number; status: EnrolmentStatus; decider?: PlaceDecider } | { ok: false; error: EnrolmentError };

export interface PlaceRequest {
  cohortId: number;
  personId: number;
  actor: Actor;
  /** L&D enrolling directly: no approval step and no enrolment window. */
  direct?: boolean;
  /** Why an ineligible person was let in, when L&D did so. */
  overrideReason?: string | null;
  /** Booked by the person's manager, so the approval step is already done. */
  byManager?: boolean;
  /** Straight onto the waiting list even if places are free (a reserve candidate). */
  reserve?: boolean;
  /**
   * Behind everyone already waiting: free places count them, as theirs to be offered in order, so the
   * person joins the back of the queue (Level 5 once a cohort has begun, where a place given up waits for
   * L&D to offer it). Without it a free place is theirs: a programme that keeps reserves waiting while
   * places are free (an apprenticeship panel's offer) places its choice ahead of them.
   */
  behindWaiting?: boolean;
}

/** The refusal of a place, a request or a number on the waiting list on a cohort that is over. */
export const OVER = { ok: false as const, error: "enrolment.errors.over" as const };
export type CohortOverRefusal = typeof OVER;

/**
 * Whether the cohort is over (`cohortOver`, the rule `promoteWaiting` gives places by): read under the
 * cohort's lock by whatever would give a place, as a place on it would lead nowhere and, where a person
 * holds one place at a time (Level 5), block a real one. Read outside it only to refuse early.
 */
export async function isCohortOver(cohortId: number, executor: Kysely<Database> = db()) {
  const cohort = await executor.selectFrom("cohorts").select("ends_on").where("id", "=", cohortId).executeTakeFirstOrThrow();
  return cohortOver(cohort, await executor.selectFrom("cohort_sessions").select(["status", "ends_at"]).where("cohort_id", "=", cohortId).execute());
}

/**
 * The refusal, under the lock, of a place on a cohort that is over: the check (`CheckUnderLock`) a caller of
 * `requestPlace` passes when it gives places with no window to close on them (L&D's direct enrolment).
 * Bulk enrolment always makes it (`enrolMany`); a request is refused once its window closes (Level 5's once
 * the cohort begins), and a programme's booking by its own rule.
 */
export const unlessCohortOver =
  (cohortId: number): CheckUnderLock<CohortOverRefusal> =>
  async (trx) =>
    (await isCohortOver(cohortId, trx)) ? OVER : null;

/** The cohort's waiting list, under its lock: how many wait, and the last number given (0 with nobody). */
export async function waitingListOf(trx: Kysely<Database>, cohortId: number) {
  const row = await trx
    .selectFrom("enrolments")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("waitlist_position").as("max")])
    .where("cohort_id", "=", cohortId)
    .where("status", "=", "waitlisted")
    .executeTakeFirstOrThrow();
  return { waiting: Number(row.n), last: Number(row.max ?? 0) };
}

/**
 * The places a newcomer may take, under the lock: the capacity less the places held and, behind those
 * waiting, less one for each of them, so nobody new walks into a place someone waiting is owed.
 */
export async function freePlaces(trx: Kysely<Database>, cohortId: number, waiting: number, behindWaiting: boolean) {
  const cohort = await trx.selectFrom("cohorts").select("capacity").where("id", "=", cohortId).executeTakeFirstOrThrow();
  const taken = await trx
    .selectFrom("enrolments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("cohort_id", "=", cohortId)
    .where("status", "in", [...HOLDING_STATUSES])
    .executeTakeFirstOrThrow();
  return Math.max(0, cohort.capacity - Number(taken.n) - (behindWaiting ? waiting : 0));
}

/** Decides, under the lock, whether the next person in gets a place or a number on the waiting list. */
async function nextPlace(trx: Kysely<Database>, cohortId: number, { reserve = false, behindWaiting = false } = {}): Promise<{ status: "enrolled" | "waitlisted"; position: number | null }> {
  const list = await waitingListOf(trx, cohortId);
  if (!reserve && (await freePlaces(trx, cohortId, list.waiting, behindWaiting)) > 0) return { status: "enrolled", position: null };
  return { status: "waitlisted", position: list.last + 1 };
}

/**
 * A caller's own rule on a change of place (a programme's prerequisite, say, or how late a place may be
 * given up), run in the transaction that writes, under the cohort's lock: a refusal, answered instead
 * with nothing written, or null to go on. Nothing it reads can change between its check and the write
 * if whatever changes it takes this cohort's lock, or one the check takes itself.
 */
export type CheckUnderLock<R extends { ok: false }> = (trx: Kysely<Database>) => Promise<R | null>;

/** The caller's refusal when its check gives one; the change otherwise. */
async function unlessRefused<R extends { ok: false }, T>(trx: Kysely<Database>, check: CheckUnderLock<R> | undefined, change: () => Promise<T>): Promise<R | T> {
  const refusal = check ? await check(trx) : null;
  return refusal ?? change();
}

export async function requestPlace<R extends { ok: false } = never>(request: PlaceRequest, check?: CheckUnderLock<R>): Promise<EnrolmentResult | R> {
  const cohort = await db().selectFrom("cohorts").selectAll().where("id", "=", request.cohortId).executeTakeFirst();
  if (!cohort) return { ok: false, error: "enrolment.errors.noCohort" };
  if (!request.direct && !enrolmentOpen(cohort)) return { ok: false, error: "enrolment.errors.closed" };
  const needsApproval = !request.direct && !request.byManager && cohort.requires_manager_approval === 1;
  return withCohortLock(request.cohortId, (trx) => unlessRefused(trx, check, () => placeUnderLock(trx, request, needsApproval)));
}

/**
 * Gives the person a place, a number on the waiting list or a request, for a caller that already holds
 * the cohort's lock (`withCohortLock`) and so can record its own decision in the same transaction.
 */
export async function placeUnderLock(trx: Kysely<Database>, request: PlaceRequest, needsApproval = false): Promise<EnrolmentResult> {
  const existing = await trx.selectFrom("enrolments").select(["id", ...REPLACED_FIELDS]).where("cohort_id", "=", request.cohortId).where("person_id", "=", request.personId).executeTakeFirst();
  if (existing && ACTIVE_STATUSES.includes(existing.status)) return { ok: false as const, error: "enrolment.errors.already" as const };
  const place = needsApproval ? { status: "requested" as const, position: null } : await nextPlace(trx, request.cohortId, { reserve: request.reserve, behindWaiting: request.behindWaiting });
  const now = new Date().toISOString();
  const values = {
    status: place.status,
    waitlist_position: place.position,
    reason: null,
    decided_by: request.direct || request.byManager ? request.actor.personId : null,
    requested_by: request.actor.personId,
    override_reason: request.overrideReason ?? null,
    updated_at: now,
  };
  let enrolmentId: number;
  if (existing) {
    // Asked again after a decline or a withdrawal: a new request, dated now (the inbox and the
    // quarter's uptake read created_at).
    await trx.updateTable("enrolments").set({ ...values, created_at: now }).where("id", "=", existing.id).execute();
    enrolmentId = existing.id;
  } else {
    const [row] = await trx.insertInto("enrolments").values({ ...values, cohort_id: request.cohortId, person_id: request.personId, created_at: now }).returning("id").execute();
    enrolmentId = row.id;
  }
  const action = request.direct ? "enrolment.enrolled_by_staff" : request.byManager ? "enrolment.booked_by_manager" : "enrolment.requested";
  const decider = needsApproval ? await deciderFor(trx, request) : undefined;
  await recordAudit(request.actor, { action, subjectType: "enrolment", subjectId: enrolmentId, personId: request.personId, before: replacedFields(existing), after: decider === "learning_development" ? { ...values, decider } : values }, trx);
  return { ok: true as const, enrolmentId, status: place.status, ...(decider ? { decider } : {}) };
}

/**
 * Who will decide a new request. With nobody on the person's line able to act on the portal it would wait
 * for ever, so L&D decide it, and the person is told so on /me as they ask.
 */
async function deciderFor(trx: Kysely<Database>, request: PlaceRequest): Promise<PlaceDecider> {
  if (await managerCanAct(request.personId, trx)) return "manager";
  const cohort = await trx.selectFrom("cohorts").select(["name", "programme_id"]).where("id", "=", request.cohortId).executeTakeFirstOrThrow();
  await addNotice({ personId: request.personId, source: "common", messageKey: "notices.requestToLearningTeam", values: { cohort: cohort.name }, href: `/programmes/${cohort.programme_id}` }, trx);
  return "learning_development";
}

/**
 * A manager's decision on a request, or L&D's when nobody on the person's line can act on the portal (checked
 * again under the lock: once a manager can, it is theirs): a declined request keeps the reason; an approved
 * one is placed. Once the cohort has begun a request can only be declined: a place then is the programme's
 * to offer (Level 5 and the apprenticeship keep freed places for L&D once begun), and an approval would
 * place the person ahead of everyone waiting, on sessions already held. The person is told which cohort
 * was decided, and by whom, with the decider's note when an approval has one (the page says the person
 * sees it). `askedAt` is the request the decider read (its `created_at`): a person withdrawn or declined
 * who asks again reuses the row, dated anew, so without it a decision and its reason written about the
 * earlier request would land on the new one. Given, a request asked since is refused. A manager's decision
 * is refused too once the person is no longer on their line (HR's record moved either of them since the
 * page): read again under the lock, as L&D's is.
 */
export async function decideRequest(enrolmentId: number, approve: boolean, reason: string | null, actor: Actor, today = londonToday(), decider: PlaceDecider = "manager", askedAt?: string): Promise<EnrolmentResult> {
  const enrolment = await db()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select(["e.id", "e.cohort_id", "e.person_id", "c.name", "c.programme_id", "c.starts_on"])
    .where("e.id", "=", enrolmentId)
    .executeTakeFirst();
  if (!enrolment) return { ok: false, error: "enrolment.errors.notRequested" };
  return withCohortLock(enrolment.cohort_id, async (trx) => {
    const current = await trx.selectFrom("enrolments").select(["status", "created_at"]).where("id", "=", enrolmentId).executeTakeFirstOrThrow();
    if (current.status !== "requested") return { ok: false as const, error: "enrolment.errors.notRequested" as const };
    if (askedAt !== undefined && current.created_at !== askedAt) return { ok: false as const, error: "enrolment.errors.askedAgain" as const };
    if (decider === "learning_development" && (await managerCanAct(enrolment.person_id, trx))) return { ok: false as const, error: "enrolment.errors.managerDecides" as const };
    if (decider === "manager" && !(await managerStillDecides(trx, actor, enrolment.person_id))) return { ok: false as const, error: "enrolment.errors.notOnLine" as const };
    if (approve && enrolment.starts_on <= today) return { ok: false as const, error: "enrolment.errors.started" as const };
    // An approval joins the back of the queue: those already waiting are owed the places that come free.
    const place = approve ? await nextPlace(trx, enrolment.cohort_id, { behindWaiting: true }) : { status: "declined" as const, position: null };
    const values = { status: place.status, waitlist_position: place.position, reason, decided_by: actor.personId, updated_at: new Date().toISOString() };
    await trx.updateTable("enrolments").set(values).where("id", "=", enrolmentId).execute();
    await recordAudit(actor, { action: approve ? "enrolment.approved" : "enrolment.declined", subjectType: "enrolment", subjectId: enrolmentId, personId: enrolment.person_id, before: { status: current.status }, after: decider === "manager" ? values : { ...values, decider } }, trx);
    // A decline always has its reason in the notice; an approval's note needs words of its own.
    const withNote = approve && reason ? "WithNote" : "";
    const messageKey = `notices.${decider === "manager" ? "decision" : "learningTeamDecision"}.${place.status}${withNote}`;
    await addNotice({ personId: enrolment.person_id, source: "common", messageKey, values: { reason: reason ?? "", cohort: enrolment.name }, href: `/programmes/${enrolment.programme_id}` }, trx);
    return { ok: true as const, enrolmentId, status: place.status };
  });
}

/**
 * Whether the manager deciding still has the person on their line, read again in the decision's transaction
 * by the rule their page used (`managesPerson`): HR's record may have moved either of them since.
 */
async function managerStillDecides(trx: Kysely<Database>, actor: Actor, personId: number) {
  return actor.personId !== null && onLineOf(actor.personId, personId, trx);
}

/**
 * Where a freed place goes: to the first person waiting, unless the programme says none can be offered
 * now (a withdrawn run, a session with no dates left), when they keep waiting.
 */
export interface WithdrawOptions {
  promote?: boolean;
}

/**
 * Withdraws a person. If they held a place, the first person on the waiting list gets it at once and
 * is told on their /me page.
 */
export async function withdraw<R extends { ok: false } = never>(enrolmentId: number, reason: string | null, actor: Actor, options: WithdrawOptions = {}, check?: CheckUnderLock<R>): Promise<(EnrolmentResult & { promotedPersonId?: number }) | R> {
  const enrolment = await db().selectFrom("enrolments").select(["cohort_id", "person_id"]).where("id", "=", enrolmentId).executeTakeFirst();
  if (!enrolment) return { ok: false, error: "enrolment.errors.notActive" };
  return withCohortLock(enrolment.cohort_id, (trx) => unlessRefused(trx, check, () => withdrawUnderLock(trx, enrolmentId, reason, actor, options)));
}

/**
 * `withdraw` for a caller that already holds the cohort's lock (`withCohortLock`), so it can record its
 * own part (an applicant declining an offer) in the same transaction.
 */
export async function withdrawUnderLock(trx: Kysely<Database>, enrolmentId: number, reason: string | null, actor: Actor, { promote = true }: WithdrawOptions = {}): Promise<EnrolmentResult & { promotedPersonId?: number }> {
  const current = await trx.selectFrom("enrolments").select(["status", "cohort_id", "person_id", "waitlist_position"]).where("id", "=", enrolmentId).executeTakeFirst();
  if (!current || !["requested", "approved", "enrolled", "waitlisted"].includes(current.status)) return { ok: false as const, error: "enrolment.errors.notActive" as const };
  const now = new Date().toISOString();
  await trx.updateTable("enrolments").set({ status: "withdrawn", waitlist_position: null, reason, updated_at: now }).where("id", "=", enrolmentId).execute();
  if (current.status === "waitlisted") await moveUpBehind(trx, current.cohort_id, current.waitlist_position);
  await recordAudit(actor, { action: "enrolment.withdrawn", subjectType: "enrolment", subjectId: enrolmentId, personId: current.person_id, before: { status: current.status }, after: { status: "withdrawn", reason } }, trx);
  if (current.status !== "enrolled" || !promote) return { ok: true as const, enrolmentId, status: "withdrawn" as const };
  const [promotedPersonId] = await promoteWaiting(trx, current.cohort_id, actor, 1);
  return { ok: true as const, enrolmentId, status: "withdrawn" as const, promotedPersonId };
}

/**
 * Fills a cohort's free places from its waiting list, each person told on /me; answers who was promoted,
 * or the caller's refusal when its `check` (run under the lock, before any place is given) gives one.
 */
export async function fillFreePlaces<R extends { ok: false } = never>(cohortId: number, actor: Actor, check?: CheckUnderLock<R>): Promise<number[] | R> {
  return withCohortLock(cohortId, (trx) => unlessRefused(trx, check, () => promoteWaiting(trx, cohortId, actor)));
}

/** The programme's own words for a place that came free, where it has them; the core's otherwise. */
function promotionNotice(programmeId: string) {
  const plugin = findInstalledPlugin(programmeId);
  return plugin?.promotedNoticeKey ? { source: plugin.id, messageKey: plugin.promotedNoticeKey } : { source: "common", messageKey: "notices.promoted" };
}

/**
 * Gives the cohort's free places (`most` of them at most: a withdrawal frees one) to the first people
 * waiting, in their order, each audited and told on /me; answers who was promoted, in that order. Places
 * come free without a withdrawal when a cohort's capacity rises (a provider's feed, say); until they are
 * filled, the waiting list would stand still while the next person to book walked straight in. Whoever
 * raises a capacity calls `fillFreePlaces`. A booking does not: a programme may wait-list someone while
 * places are free (an apprenticeship reserve), and only a place given up promotes them.
 * A few statements however many are promoted: the caller holds the cohort's lock throughout, and a
 * capacity may rise by hundreds while hundreds wait.
 */
async function promoteWaiting(trx: Kysely<Database>, cohortId: number, actor: Actor, most = Number.POSITIVE_INFINITY): Promise<number[]> {
  const cohort = await trx
    .selectFrom("cohorts as c")
    .select((eb) => ["c.name", "c.programme_id", "c.capacity", "c.ends_on", eb.selectFrom("enrolments as e").whereRef("e.cohort_id", "=", "c.id").where("e.status", "in", [...HOLDING_STATUSES]).select((x) => x.fn.countAll<number>().as("n")).as("taken")])
    .where("c.id", "=", cohortId)
    .executeTakeFirstOrThrow();
  const places = Math.min(most, cohort.capacity - Number(cohort.taken));
  if (places <= 0) return [];
  // A cohort that is over has no place to give, though someone is still on its waiting list.
  if (cohortOver(cohort, await trx.selectFrom("cohort_sessions").select(["status", "ends_at"]).where("cohort_id", "=", cohortId).execute())) return [];
  const next = await trx.selectFrom("enrolments").select(["id", "person_id", "waitlist_position"]).where("cohort_id", "=", cohortId).where("status", "=", "waitlisted").orderBy("waitlist_position").orderBy("id").limit(places).execute();
  if (!next.length) return [];
  const now = new Date().toISOString();
  for (let i = 0; i < next.length; i += 500) {
    await trx.updateTable("enrolments").set({ status: "enrolled", waitlist_position: null, updated_at: now }).where("id", "in", next.slice(i, i + 500).map((p) => p.id)).execute();
  }
  const numbered = next.flatMap((p) => (p.waitlist_position === null ? [] : [p.waitlist_position]));
  if (numbered.length) await moveUpBehind(trx, cohortId, Math.max(...numbered), numbered.length);
  await recordAudit(actor, next.map((p) => ({ action: "enrolment.promoted_from_waiting_list", subjectType: "enrolment", subjectId: p.id, personId: p.person_id, before: { status: "waitlisted" }, after: { status: "enrolled" } })), trx);
  const notice = promotionNotice(cohort.programme_id);
  await addNotices(next.map((p) => ({ personId: p.person_id, ...notice, values: { cohort: cohort.name }, href: `/programmes/${cohort.programme_id}` })), trx);
  return next.map((p) => p.person_id);
}

/**
 * Everyone waiting behind places that have left the waiting list (the last of them at `position`) moves
 * up by that many, so a person's number is their place in the queue ("number 1" is next), with no gaps.
 * It is part of the change that freed the places (under the cohort's lock, in its transaction, audited as
 * that change), not a change of its own. No index makes a number unique, so one statement moves them all.
 */
async function moveUpBehind(trx: Kysely<Database>, cohortId: number, position: number | null, places = 1) {
  if (position === null) return;
  await trx
    .updateTable("enrolments")
    .set((eb) => ({ waitlist_position: eb("waitlist_position", "-", places) }))
    .where("cohort_id", "=", cohortId)
    .where("status", "=", "waitlisted")
    .where("waitlist_position", ">", position)
    .execute();
}

/** Requests waiting for a decision from the manager: those of the people in their line. */
export async function requestsAwaiting(managerPersonId: number) {
  return db()
    .selectFrom("enrolments as e")
    .innerJoin("people as p", "p.id", "e.person_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("programmes as prog", "prog.id", "c.programme_id")
    .select(["e.id", "e.created_at", "p.given_name", "p.family_name", "p.id as person_id", "c.name as cohort_name", "c.starts_on", "c.programme_id"])
    .where("e.status", "=", "requested")
    .where("prog.enabled", "=", 1)
    // The line comes from the one scope function, as every other "my reports" query does.
    .where("e.person_id", "in", scopedPeople({ kind: "reports", managerId: managerPersonId }).select("people.id"))
    .orderBy("e.created_at")
    .limit(INBOX_LIMIT)
    .execute();
}

/** A person's enrolments in one programme, with the cohort's name and dates. */
export async function enrolmentsOf(personId: number, programmeId: string) {
  return db()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select(["e.id", "e.status", "e.waitlist_position", "e.reason", "e.cohort_id", "c.name as cohort_name", "c.starts_on", "c.ends_on"])
    .where("e.person_id", "=", personId)
    .where("c.programme_id", "=", programmeId)
    .orderBy("c.starts_on", "desc")
    .execute();
}

/** Everyone on a cohort, with the place they hold or their number on the waiting list. */
export async function rosterOf(cohortId: number) {
  return db()
    .selectFrom("enrolments as e")
    .innerJoin("people as p", "p.id", "e.person_id")
    .innerJoin("org_units as t", "t.id", "p.team_id")
    .select(["e.id", "e.status", "e.waitlist_position", "e.override_reason", "p.id as person_id", "p.given_name", "p.family_name", "p.employee_number", "p.job_title", "t.name as team_name"])
    .where("e.cohort_id", "=", cohortId)
    .orderBy("e.status")
    .orderBy("e.waitlist_position")
    .orderBy("p.family_name")
    .execute();
}
