// Sessions on the core cohort engine: a briefing delivered in person, and the three stages of Signs of
// Safety training. The engine gives capacity, the waiting list, registers and calendar files; this
// plugin records what each cohort is for and checks the Signs of Safety prerequisites.
import type { ExpressionBuilder, Kysely } from "kysely";
import { recordAudit, type Actor } from "../../../../app/services/audit.server";
import { HOLDING_STATUSES, planSessions } from "../../../../app/services/cohorts.server";
import { requestPlace, withdraw, type CheckUnderLock, type EnrolmentResult } from "../../../../app/services/enrolment.server";
import { addDaysToDate } from "../../../../app/utils/dates";
import { londonToday } from "../../../../app/utils/london-time";
import { isPostgres } from "../../../sdk/migrations";
import type { SessionCohortValue } from "../../forms";
import { beforeStart } from "../../places";
import { PAGE_SIZE, PLUGIN_ID, SOS_STAGES, type CohortKind, type SosStage } from "../../programme";
import { asHost, asPlugin, pdDb, type PdDatabase } from "../db.server";
import { briefingUnderLock } from "./briefings.server";

type CreateResult = { ok: true; id: number } | { ok: false; field: string; error: string };

/**
 * A cohort and its sessions (on consecutive days), what it is for, and the audit event: all or nothing. A
 * briefing's session is of the version current when it is made: read in the same transaction, under the
 * lock a correction takes, so a new version published at the same moment comes before it or after it.
 */
export async function createSessionCohort(value: SessionCohortValue, actor: Actor): Promise<CreateResult> {
  const sessions = Array.from({ length: value.days }, (_, i) => ({
    ...planSessions({ firstDate: addDaysToDate(value.firstDate, i), cadence: "weekly", count: 1, time: value.time, durationMinutes: value.durationMinutes, location: value.venue ?? null })[0],
    sequence: i + 1,
    title: value.days > 1 ? `${value.name} (${i + 1}/${value.days})` : value.name,
  }));
  const now = new Date().toISOString();
  return pdDb()
    .transaction()
    .execute(async (trx): Promise<CreateResult> => {
      let version: number | null = null;
      if (value.kind === "briefing") {
        const briefing = await briefingUnderLock(value.briefing!, trx);
        if (!briefing) return { ok: false, field: "briefing", error: "sessions.errors.briefing" };
        if (briefing.delivery !== "session") return { ok: false, field: "briefing", error: "sessions.errors.notSessionBriefing" };
        version = briefing.version;
      }
      const [cohort] = await trx
        .insertInto("cohorts")
        .values({ programme_id: PLUGIN_ID, name: value.name, starts_on: value.firstDate, ends_on: addDaysToDate(value.firstDate, value.days - 1), capacity: value.capacity, enrolment_opens_on: null, enrolment_closes_on: value.firstDate, venue: value.venue ?? null, online_url: null, requires_manager_approval: 0, created_at: now, updated_at: now })
        .returning("id")
        .execute();
      await trx.insertInto("cohort_sessions").values(sessions.map((s) => ({ ...s, cohort_id: cohort.id }))).execute();
      await trx.insertInto("practice_development_cohorts").values({ cohort_id: cohort.id, kind: value.kind, briefing_id: value.kind === "briefing" ? value.briefing! : null, briefing_version: version }).execute();
      await recordAudit(actor, { action: "cohort.created", subjectType: "cohort", subjectId: cohort.id, after: { ...value, programme: PLUGIN_ID, sessions: sessions.length } }, asHost(trx));
      return { ok: true, id: cohort.id };
    });
}

/** Which of the programme's cohorts a list is of: one Signs of Safety stage, or one briefing's sessions. */
export type CohortFilter = { kind: CohortKind; briefingId?: number };

/** The filter's cohorts: of its kind (or its briefing's sessions), and the programme's. */
const matching = (filter: CohortFilter) => (eb: ExpressionBuilder<Listed, "k" | "c">) =>
  eb.and([eb("k.kind", "=", filter.kind), eb("c.programme_id", "=", PLUGIN_ID), ...(filter.briefingId ? [eb("k.briefing_id", "=", filter.briefingId)] : [])]);

/** Cohorts of a kind (or of one briefing). */
const cohortsOf = (filter: CohortFilter) => pdDb().selectFrom("practice_development_cohorts as k").innerJoin("cohorts as c", "c.id", "k.cohort_id").where(matching(filter));

/** What a cohort list shows of each cohort, with places taken and the first scheduled session. */
const listedColumns = (eb: ExpressionBuilder<Listed, "k" | "c">) =>
  [
    "c.id", "c.name", "c.starts_on", "c.ends_on", "c.capacity", "c.venue", "c.enrolment_closes_on", "k.kind", "k.briefing_id", "k.briefing_version",
    eb.selectFrom("enrolments as e").whereRef("e.cohort_id", "=", "c.id").where("e.status", "in", [...HOLDING_STATUSES]).select((x) => x.fn.countAll<number>().as("n")).as("taken"),
    eb.selectFrom("cohort_sessions as s").whereRef("s.cohort_id", "=", "c.id").where("s.status", "=", "scheduled").select((x) => x.fn.min("s.starts_at").as("first")).as("first_session"),
  ] as const;

type CohortRow = { taken: unknown; first_session: unknown };
const tidied = <R extends CohortRow>(rows: R[]) => rows.map((r) => ({ ...r, taken: Number(r.taken), first_session: (r.first_session as string | null) ?? null }));

/** The tables a cohort list reads, under the aliases it gives them. */
type Listed = PdDatabase & { k: PdDatabase["practice_development_cohorts"]; c: PdDatabase["cohorts"] };

/** A cohort's scheduled sessions: whether it has any, or one still to come. */
const scheduledOf = (eb: ExpressionBuilder<Listed, "k" | "c">) => eb.selectFrom("cohort_sessions as s").select("s.id").whereRef("s.cohort_id", "=", "c.id").where("s.status", "=", "scheduled");
// "Still to come" and "has begun" by the last (or first) scheduled start, not EXISTS: SQLite 3.51.2 reads a
// correlated EXISTS as a join and, with the cohorts read in index order, counted a page's OFFSET once for
// each session that matched, so a page after a cohort of several days repeated rows and left others out.
const lastOrFirstStart = (eb: ExpressionBuilder<Listed, "k" | "c">, which: "max" | "min") =>
  eb.selectFrom("cohort_sessions as s").whereRef("s.cohort_id", "=", "c.id").where("s.status", "=", "scheduled").select((x) => x.fn[which]("s.starts_at").as("at"));
const stillToCome = (now: Date) => (eb: ExpressionBuilder<Listed, "k" | "c">) => eb(lastOrFirstStart(eb, "max"), ">", now.toISOString());
const hasBegun = (now: Date) => (eb: ExpressionBuilder<Listed, "k" | "c">) => eb(lastOrFirstStart(eb, "min"), "<=", now.toISOString());

/** One page of a list, and how many pages there are; a page past the last shows the last. */
async function paged<R>(total: number, page: number, rowsAt: (offset: number) => Promise<R[]>) {
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const shown = Math.min(Math.max(1, page), pageCount);
  return { rows: total ? await rowsAt((shown - 1) * PAGE_SIZE) : [], total, page: shown, pageCount };
}

const countOf = async (query: ReturnType<typeof cohortsOf>) => Number((await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

/**
 * One page of the cohorts open for booking (a scheduled session still to come), soonest first: at
 * national scale there are hundreds, and the soonest are the ones people need.
 */
export async function upcomingCohorts(filter: CohortFilter, page: number, now = new Date()) {
  // A cohort's sessions are on its days, so one still to come is on a cohort not over by London's today.
  // Only those are read (a range of `cohorts_programme_ends_idx`, migration 0006), not every cohort the
  // programme ever ran; the test of its sessions still decides.
  const upcoming = cohortsOf(filter).where("c.ends_on", ">=", londonToday(now)).where(stillToCome(now));
  return paged(await countOf(upcoming), page, async (offset) =>
    tidied(await upcoming.select(listedColumns).orderBy("c.starts_on").orderBy("c.id").limit(PAGE_SIZE).offset(offset).execute()),
  );
}

/**
 * One page of the cohorts that have begun (a scheduled session at or before now), most recent first: how
 * L&D reach the register of a session under way or past.
 */
export async function startedCohorts(filter: CohortFilter, page: number, now = new Date()) {
  const started = cohortsOf(filter).where(hasBegun(now));
  return paged(await countOf(started), page, async (offset) =>
    tidied(await started.select(listedColumns).orderBy("c.starts_on", "desc").orderBy("c.id", "desc").limit(PAGE_SIZE).offset(offset).execute()),
  );
}

/**
 * The cohorts on which the person holds a place, a request or a spot on the waiting list and can still
 * use it: a session still to come, or every date cancelled (so they can give the place up). Always shown
 * to them, whichever page of the list they are on. A person holds few, so there is no paging.
 */
export async function heldCohorts(filter: CohortFilter, personId: number, now = new Date()) {
  // Read from the person's own enrolments (`enrolments_person_idx`) to their cohorts: the other way round
  // read every cohort of the programme. The CROSS JOINs hold SQLite to that order (it chose the cohorts'
  // index, which also sorts them); PostgreSQL plans them as the inner joins they are.
  const held = pdDb()
    .selectFrom("enrolments as mine")
    .crossJoin("cohorts as c")
    .crossJoin("practice_development_cohorts as k")
    .whereRef("c.id", "=", "mine.cohort_id")
    .whereRef("k.cohort_id", "=", "c.id")
    .where("mine.person_id", "=", personId)
    .where("mine.status", "in", [...WITHDRAWABLE])
    .where(matching(filter))
    .where((eb) => eb.or([stillToCome(now)(eb), eb.not(eb.exists(scheduledOf(eb)))]));
  return tidied(await held.select(listedColumns).orderBy("c.starts_on").orderBy("c.id").execute());
}

/**
 * The one cohort a booking or cancellation names, when it is of one of these stages (or this briefing),
 * and whether it is open for booking (a scheduled session still to come). Looked up by itself, not found
 * in a page of a list, so a cohort on any page can be booked and a place on any cohort given up.
 */
export async function cohortNamed(cohortId: number, filters: CohortFilter[], now = new Date()) {
  for (const filter of filters) {
    const row = await cohortsOf(filter)
      .where("c.id", "=", cohortId)
      .select((eb) => ["c.id", eb.exists(scheduledOf(eb).where("s.starts_at", ">", now.toISOString())).as("to_come")])
      .executeTakeFirst();
    if (row) return { id: row.id, open: Boolean(Number(row.to_come)) };
  }
  return undefined;
}

export async function sessionCohortById(cohortId: number) {
  return pdDb()
    .selectFrom("practice_development_cohorts as k")
    .innerJoin("cohorts as c", "c.id", "k.cohort_id")
    .leftJoin("practice_development_briefings as b", "b.id", "k.briefing_id")
    .selectAll("c")
    .select(["k.kind", "k.briefing_id", "k.briefing_version", "b.title as briefing_title"])
    .where("c.id", "=", cohortId)
    .where("c.programme_id", "=", PLUGIN_ID)
    .executeTakeFirst();
}

/** The Signs of Safety stage that must come first, if any. */
export const prerequisiteOf = (kind: CohortKind): SosStage | null => {
  const index = SOS_STAGES.indexOf(kind as SosStage);
  return index > 0 ? SOS_STAGES[index - 1] : null;
};

/** A "present" mark of the enrolment `e` at a session held by `now`. */
const presentAtHeldSession = (eb: ExpressionBuilder<PdDatabase & { e: PdDatabase["enrolments"] }, "e">, now: Date) =>
  eb
    .selectFrom("attendance as a")
    .innerJoin("cohort_sessions as s", "s.id", "a.session_id")
    .select("a.session_id")
    .whereRef("a.enrolment_id", "=", "e.id")
    .where("a.status", "=", "present")
    .where("s.status", "=", "scheduled")
    .where("s.starts_at", "<=", now.toISOString());

/**
 * Stages each person has done: an enrolment completed, or present at a held session (begun, not cancelled:
 * the core's `sessionHeld`) of that stage. A mark on a session to come or one cancelled unlocks nothing.
 */
export async function sosStagesDone(personIds: number[], now = new Date(), executor: Kysely<PdDatabase> = pdDb()) {
  const done = new Map<number, Set<string>>();
  if (personIds.length === 0) return done;
  const rows = await executor
    .selectFrom("enrolments as e")
    .innerJoin("practice_development_cohorts as k", "k.cohort_id", "e.cohort_id")
    .select(["e.person_id", "k.kind"])
    .where("e.person_id", "in", personIds)
    .where("k.kind", "in", [...SOS_STAGES])
    .where((eb) => eb.or([eb("e.status", "=", "completed"), eb.exists(presentAtHeldSession(eb, now))]))
    .groupBy(["e.person_id", "k.kind"])
    .execute();
  for (const r of rows) done.set(r.person_id, (done.get(r.person_id) ?? new Set()).add(r.kind));
  return done;
}

/** The message for a refused booking or withdrawal: the core's errors live in the common namespace. */
export const errorKeyOf = (error: string) => (error.startsWith("enrolment.") ? `common:${error}` : error);

type PrerequisiteRefusal = { ok: false; error: "sessions.errors.prerequisite" };
export type BookResult = EnrolmentResult | PrerequisiteRefusal | { ok: false; error: "sessions.errors.unknownCohort" };

/**
 * A person books themself a place: a briefing session, or a Signs of Safety stage once its prerequisite is
 * done, checked in the transaction that gives the place (`prerequisiteMissing`).
 */
export async function bookPlace(cohortId: number, personId: number, actor: Actor): Promise<BookResult> {
  const cohort = await sessionCohortById(cohortId);
  if (!cohort) return { ok: false, error: "sessions.errors.unknownCohort" };
  const needs = prerequisiteOf(cohort.kind);
  return requestPlace({ cohortId, personId, actor }, needs ? (trx) => prerequisiteMissing(asPlugin(trx), personId, needs) : undefined);
}

/**
 * The refusal of a place on a Signs of Safety stage whose earlier stage the person has not done, read under
 * the booked cohort's lock with the earlier stage's cohorts held (`holdEarlierStage`): a mark taken away at
 * the same moment is either seen here or waits until the place is given, never lands in between.
 */
async function prerequisiteMissing(trx: Kysely<PdDatabase>, personId: number, needs: SosStage): Promise<PrerequisiteRefusal | null> {
  await holdEarlierStage(trx, personId, needs);
  const done = await sosStagesDone([personId], new Date(), trx);
  return done.get(personId)?.has(needs) ? null : { ok: false, error: "sessions.errors.prerequisite" };
}

/**
 * What counts as a stage done (a register's marks, a file of them) is changed under that stage's cohort's
 * lock (`holdCohortLock`). On PostgreSQL the booking holds the person's cohorts of the earlier stage too:
 * shared, so bookings do not wait for one another, and in id order. Locks are only ever taken from a later
 * stage's cohort to an earlier one's, so no two transactions can wait on each other. SQLite's one writer
 * is the booking's transaction's already.
 */
async function holdEarlierStage(trx: Kysely<PdDatabase>, personId: number, stage: SosStage) {
  if (!isPostgres(trx)) return;
  const earlier = trx.selectFrom("enrolments as e").innerJoin("practice_development_cohorts as k", "k.cohort_id", "e.cohort_id").select("e.cohort_id").where("e.person_id", "=", personId).where("k.kind", "=", stage);
  await trx.selectFrom("cohorts").select("id").where("id", "in", earlier).orderBy("id").forShare().execute();
}

/** The person's enrolments on the cohorts a page shows. */
export async function placesOn(personId: number, cohortIds: number[]) {
  if (cohortIds.length === 0) return [];
  return pdDb().selectFrom("enrolments").select(["id", "status", "waitlist_position", "cohort_id"]).where("person_id", "=", personId).where("cohort_id", "in", cohortIds).execute();
}

/** Enrolments a person can still give up, or L&D can withdraw: those holding or waiting for a place. */
export const WITHDRAWABLE = ["requested", "approved", "enrolled", "waitlisted"] as const;

/** When a cohort's scheduled sessions begin and end; null when none is scheduled. */
async function cohortSpan(cohortId: number, executor: Kysely<PdDatabase> = pdDb()) {
  const row = await executor
    .selectFrom("cohort_sessions")
    .select((eb) => [eb.fn.min("starts_at").as("first"), eb.fn.max("ends_at").as("last")])
    .where("cohort_id", "=", cohortId)
    .where("status", "=", "scheduled")
    .executeTakeFirst();
  return { first: (row?.first as string | null) ?? null, last: (row?.last as string | null) ?? null };
}

type Span = Awaited<ReturnType<typeof cohortSpan>>;
type TooLate = { ok: false; error: "sessions.errors.started" | "sessions.errors.finished" | "sessions.errors.ownWithdrawal" };
export type WithdrawResult = EnrolmentResult | TooLate;

/**
 * Whether a withdrawal comes too late, judged under the cohort's lock on its dates and the clock as read
 * there: one that waited for the lock (a register being saved, a file of marks) while the first session
 * began or the last ended is refused, not written after it.
 */
const unlessTooLate =
  (cohortId: number, tooLate: (span: Span, now: Date) => TooLate | null): CheckUnderLock<TooLate> =>
  async (trx) =>
    tooLate(await cohortSpan(cohortId, asPlugin(trx)), new Date());

/**
 * A person gives up their own place, request or spot on the waiting list. Only before the first session:
 * once it has begun the register holds their attendance, and a freed seat could not be used.
 */
export async function cancelOwnPlace(cohortId: number, personId: number, actor: Actor): Promise<WithdrawResult> {
  const own = await pdDb().selectFrom("enrolments").select("id").where("cohort_id", "=", cohortId).where("person_id", "=", personId).where("status", "in", [...WITHDRAWABLE]).executeTakeFirst();
  if (!own) return { ok: false, error: "enrolment.errors.notActive" };
  // With every date cancelled there is no session to offer the place on: those waiting keep waiting.
  const promote = (await cohortSpan(cohortId)).first !== null;
  // The same test of "begun" as the page's cancel button, so the two agree.
  return withdraw(own.id, null, actor, { promote }, unlessTooLate(cohortId, ({ first }, now) => (beforeStart(first, now) ? null : { ok: false, error: "sessions.errors.started" })));
}

/**
 * L&D withdraw someone from a cohort until its last scheduled session ends; after that, giving the seat
 * away means nothing. A cohort with none scheduled (every date cancelled) has not finished. Their own
 * place only before the first session, as any learner (`cancelOwnPlace`): once it has begun the register
 * holds their attendance, and Research in Practice refuses the same.
 */
export async function withdrawFromCohort(cohortId: number, enrolmentId: number, actor: Actor): Promise<WithdrawResult> {
  const enrolment = await pdDb().selectFrom("enrolments").select(["id", "person_id"]).where("id", "=", enrolmentId).where("cohort_id", "=", cohortId).where("status", "in", [...WITHDRAWABLE]).executeTakeFirst();
  if (!enrolment) return { ok: false, error: "enrolment.errors.notActive" };
  const own = enrolment.person_id === actor.personId;
  const promote = (await cohortSpan(cohortId)).last !== null;
  return withdraw(enrolment.id, null, actor, { promote }, unlessTooLate(cohortId, ({ first, last }, now) => {
    if (last !== null && last <= now.toISOString()) return { ok: false, error: "sessions.errors.finished" };
    return own && !beforeStart(first, now) ? { ok: false, error: "sessions.errors.ownWithdrawal" } : null;
  }));
}
