// Sessions on the core cohort engine: a briefing delivered in person, and the three stages of Signs of
// Safety training. The engine gives capacity, the waiting list, registers and calendar files; this
// plugin records what each cohort is for and checks the Signs of Safety prerequisites. Here a session is
// made, booked and given up; the lists of sessions are in session-lists.server.ts.
import type { ExpressionBuilder, Kysely } from "kysely";
import { recordAudit, type Actor } from "../../../../app/services/audit.server";
import { withCohortLock } from "../../../../app/services/cohort-lock.server";
import { HOLDING_STATUSES, planSessions } from "../../../../app/services/cohorts.server";
import { requestPlace, withdrawUnderLock, type EnrolmentResult } from "../../../../app/services/enrolment.server";
import { addDaysToDate } from "../../../../app/utils/dates";
import { withinTransaction } from "../../../../app/utils/within-transaction.server";
import { isPostgres } from "../../../sdk/migrations";
import type { SessionCohortValue } from "../../forms";
import { beforeStart, canGiveUp, canWithdraw, hasEnded, withdrawalOutcome, WITHDRAWABLE, type WithdrawalOutcome } from "../../places";
import { PLUGIN_ID, SOS_STAGES, type CohortKind, type SosStage } from "../../programme";
import { asHost, asPlugin, pdDb, type PdDatabase } from "../db.server";
import { briefingUnderLock, countsFromUnderLock } from "./briefings.server";
import { bookable, countsTowards, sessionCohortById } from "./session-lists.server";

type CreateResult = { ok: true; id: number } | { ok: false; field: string; error: string };

/**
 * A cohort and its sessions (on consecutive days), what it is for, and the audit event: all or nothing. A
 * briefing's session is of the version current when it is made: read in the same transaction, under the
 * lock a correction takes, so a new version published at the same moment comes before it or after it.
 * Given a transaction (`executor`), it works in it, so a caller's own row beside the cohort (the claim of
 * the form's one-time token) is stored with it or not at all.
 */
export async function createSessionCohort(value: SessionCohortValue, actor: Actor, executor: Kysely<PdDatabase> = pdDb()): Promise<CreateResult> {
  const sessions = Array.from({ length: value.days }, (_, i) => ({
    ...planSessions({ firstDate: addDaysToDate(value.firstDate, i), cadence: "weekly", count: 1, time: value.time, durationMinutes: value.durationMinutes, location: value.venue ?? null })[0],
    sequence: i + 1,
    title: value.days > 1 ? `${value.name} (${i + 1}/${value.days})` : value.name,
  }));
  const now = new Date().toISOString();
  return withinTransaction(executor, async (trx): Promise<CreateResult> => {
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
 * the core's `sessionHeld`) of that stage on a place they still hold. A mark on a session to come or one
 * cancelled unlocks nothing, and nor does one on a place withdrawn: a stage is a course taken part in, and
 * someone withdrawn part-way (L&D withdraw anyone until the last session ends) left it. Their place leaves
 * the register then (`registerFor` lists places held), so nobody could see or correct the mark, and the
 * core's cohort report stops counting it too.
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
    .where((eb) => eb.or([eb("e.status", "=", "completed"), eb.and([eb("e.status", "in", [...HOLDING_STATUSES]), eb.exists(presentAtHeldSession(eb, now))])]))
    .groupBy(["e.person_id", "k.kind"])
    .execute();
  for (const r of rows) done.set(r.person_id, (done.get(r.person_id) ?? new Set()).add(r.kind));
  return done;
}

/** The message for a refused booking or withdrawal: the core's errors live in the common namespace. */
export const errorKeyOf = (error: string) => (error.startsWith("enrolment.") ? `common:${error}` : error);

type PrerequisiteRefusal = { ok: false; error: "sessions.errors.prerequisite" };
type BookingClosed = { ok: false; error: "sessions.errors.bookingClosed" };
type EarlierVersion = { ok: false; error: "sessions.errors.earlierVersion" };
const BOOKING_CLOSED: BookingClosed = { ok: false, error: "sessions.errors.bookingClosed" };
export type BookResult = EnrolmentResult | PrerequisiteRefusal | BookingClosed | EarlierVersion | { ok: false; error: "sessions.errors.unknownCohort" };

/**
 * A person books themself a place: a briefing session that still counts towards its briefing, or a Signs
 * of Safety stage once its prerequisite is done. That it is still open (`closedForBooking`), of a version
 * that counts (`earlierVersion`) and the prerequisite (`prerequisiteMissing`) are checked in the
 * transaction that gives the place, under the cohort's lock.
 */
export async function bookPlace(cohortId: number, personId: number, actor: Actor): Promise<BookResult> {
  const cohort = await sessionCohortById(cohortId);
  if (!cohort) return { ok: false, error: "sessions.errors.unknownCohort" };
  const needs = prerequisiteOf(cohort.kind);
  const booked = await requestPlace({ cohortId, personId, actor }, async (trx): Promise<BookingClosed | EarlierVersion | PrerequisiteRefusal | null> =>
    (await closedForBooking(asPlugin(trx), cohortId)) ?? (await earlierVersion(asPlugin(trx), cohort)) ?? (needs ? prerequisiteMissing(asPlugin(trx), personId, needs) : null),
  );
  // The core's window, which it checks before the lock, is part of the same rule: one message for both.
  return !booked.ok && booked.error === "enrolment.errors.closed" ? BOOKING_CLOSED : booked;
}

/**
 * The refusal of a booking made once the cohort's first session has begun (`openForBooking`), judged under
 * its lock on its dates and the clock as read there: a booking that waited for the lock (a register being
 * saved) while the session began is refused, as the list no longer offers it, not given a place it could
 * never give up.
 */
async function closedForBooking(trx: Kysely<PdDatabase>, cohortId: number): Promise<BookingClosed | null> {
  const cohort = await trx.selectFrom("cohorts").select(["enrolment_opens_on", "enrolment_closes_on"]).where("id", "=", cohortId).executeTakeFirstOrThrow();
  const { first } = await spanUnderLock(trx, cohortId);
  return bookable(cohort, first, new Date()) ? null : BOOKING_CLOSED;
}

/**
 * The refusal of a place on a briefing's session of a version that no longer counts towards it (L&D
 * published a new one everyone must confirm): attending it would leave the person "not yet" covered. Read
 * in the booking's transaction, under the lock a new version's save waits for (`countsFromUnderLock`), so a
 * version published at the same moment comes before the booking (and refuses it) or after it.
 */
async function earlierVersion(trx: Kysely<PdDatabase>, cohort: { briefing_id: number | null; briefing_version: number | null }): Promise<EarlierVersion | null> {
  if (cohort.briefing_id === null) return null;
  const briefing = await countsFromUnderLock(cohort.briefing_id, trx);
  return !briefing || countsTowards(cohort, briefing) ? null : { ok: false, error: "sessions.errors.earlierVersion" };
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
 * What counts as a stage done (a register's marks, a file of them, a place withdrawn) is changed under that
 * stage's cohort's lock (`holdCohortLock`). On PostgreSQL the booking holds the person's cohorts of the
 * earlier stage too: shared, so bookings do not wait for one another, and in id order. Locks are only ever
 * taken from a later stage's cohort to an earlier one's, so no two transactions can wait on each other.
 * SQLite's one writer is the booking's transaction's already.
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


/**
 * When a cohort's scheduled sessions begin and end (null when none is scheduled), read in the transaction
 * holding its lock, with its sessions held on PostgreSQL as the core's register holds them
 * (`cohortSessionsLocked`): a date cancelled or moved at the same moment is seen here, or waits.
 */
async function spanUnderLock(trx: Kysely<PdDatabase>, cohortId: number) {
  const sessions = await trx.selectFrom("cohort_sessions").select(["status", "starts_at", "ends_at"]).where("cohort_id", "=", cohortId).$if(isPostgres(trx), (q) => q.forShare()).execute();
  const scheduled = sessions.filter((s) => s.status === "scheduled");
  return { first: scheduled.map((s) => s.starts_at).sort()[0] ?? null, last: scheduled.map((s) => s.ends_at).sort().at(-1) ?? null };
}

type Span = Awaited<ReturnType<typeof spanUnderLock>>;
/** The enrolment as read under the lock: a place given from the waiting list meanwhile is seen as a place. */
type Held = { status: string };
type TooLate = { ok: false; error: "sessions.errors.started" | "sessions.errors.finished" | "sessions.errors.ownWithdrawal" };
/** Withdrawn, with what that did to the place (`withdrawalOutcome`), for the confirmation. */
type Withdrawn = Extract<EnrolmentResult, { ok: true }> & { outcome: WithdrawalOutcome };
export type WithdrawResult = Withdrawn | Extract<EnrolmentResult, { ok: false }> | TooLate;

/**
 * Withdraws the enrolment unless it comes too late, both judged in one transaction under the cohort's lock,
 * on its dates, its status and the clock as read there: one that waited for the lock (a register being saved,
 * a file of marks) while the first session began or the last ended is refused, not written after it. The place freed
 * goes to the first person waiting only while the first session is still to come (when booking closes,
 * `openForBooking`), as the same read decides: not onto a course whose first day they missed and which they
 * could no longer give up, nor with every date cancelled, when there is no session to offer it on. The
 * core's `withdraw` takes that choice made before its lock, so this takes the lock itself, as the
 * apprenticeship does (`withdrawUnderLock`). It answers what the withdrawal did to the place, as that read
 * and the promotion decided it (`withdrawalOutcome`), so the confirmation says what happened.
 */
async function withdrawUnlessTooLate(cohortId: number, enrolmentId: number, actor: Actor, tooLate: (span: Span, now: Date, held: Held) => TooLate | null): Promise<WithdrawResult> {
  return withCohortLock(cohortId, async (trx) => {
    const span = await spanUnderLock(asPlugin(trx), cohortId);
    const held = await trx.selectFrom("enrolments").select("status").where("id", "=", enrolmentId).where("status", "in", [...WITHDRAWABLE]).executeTakeFirst();
    const now = new Date();
    // One no longer there to give up (withdrawn meanwhile) is refused as the core refuses it, whatever the time.
    if (!held) return { ok: false, error: "enrolment.errors.notActive" };
    const refused = tooLate(span, now, held);
    if (refused) return refused;
    const done = await withdrawUnderLock(trx, enrolmentId, null, actor, { promote: span.first !== null && beforeStart(span.first, now) });
    if (!done.ok) return done;
    const window = await trx.selectFrom("cohorts").select(["enrolment_opens_on", "enrolment_closes_on"]).where("id", "=", cohortId).executeTakeFirstOrThrow();
    return { ok: true, enrolmentId: done.enrolmentId, status: done.status, outcome: withdrawalOutcome(held, span.first, done.promotedPersonId !== undefined, bookable(window, span.first, now), now) };
  });
}

/**
 * A person gives up their own place, request or spot on the waiting list. A place only before the first
 * session: once it has begun the register holds their attendance, and a freed seat could not be used. A
 * request or a spot on the waiting list at any time: it frees nothing, and once the first session has begun
 * nobody is given a place, so without this they would be left waiting for one that never comes.
 */
export async function cancelOwnPlace(cohortId: number, personId: number, actor: Actor): Promise<WithdrawResult> {
  const own = await pdDb().selectFrom("enrolments").select("id").where("cohort_id", "=", cohortId).where("person_id", "=", personId).where("status", "in", [...WITHDRAWABLE]).executeTakeFirst();
  if (!own) return { ok: false, error: "enrolment.errors.notActive" };
  // The same test as the page's cancel button (`canGiveUp`), so the two agree; on the status read under the
  // lock, so someone given a place from the waiting list meanwhile is judged as holding one.
  return withdrawUnlessTooLate(cohortId, own.id, actor, ({ first }, now, held) => (canGiveUp(held, first, now) ? null : { ok: false, error: "sessions.errors.started" }));
}

/**
 * L&D withdraw someone from a cohort (`canWithdraw`): a place until its last scheduled session ends
 * (someone who will not come, say), though a place freed once the first has begun goes to nobody
 * (`withdrawUnlessTooLate`); after the last, a withdrawal of a place means nothing. A cohort with none
 * scheduled (every date cancelled) has not finished. A request or a spot on the waiting list at any time,
 * the cohort over or not: it frees nothing, and left there it waits for a place nobody will give. Their
 * own place only before the first session, as any learner (`cancelOwnPlace`): once it has begun the
 * register holds their attendance, and Research in Practice refuses the same. Their own request or spot on
 * the waiting list holds no attendance, and goes like anyone's.
 */
export async function withdrawFromCohort(cohortId: number, enrolmentId: number, actor: Actor): Promise<WithdrawResult> {
  const enrolment = await pdDb().selectFrom("enrolments").select(["id", "person_id"]).where("id", "=", enrolmentId).where("cohort_id", "=", cohortId).where("status", "in", [...WITHDRAWABLE]).executeTakeFirst();
  if (!enrolment) return { ok: false, error: "enrolment.errors.notActive" };
  const own = enrolment.person_id === actor.personId;
  return withdrawUnlessTooLate(cohortId, enrolment.id, actor, (span, now, held) => {
    if (canWithdraw(held, span, own, now)) return null;
    return hasEnded(span.last, now) ? { ok: false, error: "sessions.errors.finished" } : { ok: false, error: "sessions.errors.ownWithdrawal" };
  });
}
