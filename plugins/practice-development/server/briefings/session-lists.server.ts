// The programme's sessions as lists: which cohorts a list is of (a Signs of Safety stage, or a briefing's
// sessions of the versions asked for), the upcoming, started, cancelled and held ones a page at a time,
// and one cohort named in a form. Booking and giving up a place are in sessions.server.ts.
import type { ExpressionBuilder } from "kysely";
import { enrolmentOpen, HOLDING_STATUSES } from "../../../../app/services/cohorts.server";
import { londonToday } from "../../../../app/utils/london-time";
import { pageWindow } from "../../../../app/utils/paging.server";
import { beforeStart, WITHDRAWABLE } from "../../places";
import { PAGE_SIZE, PLUGIN_ID, type CohortKind } from "../../programme";
import { pdDb, type PdDatabase } from "../db.server";

/**
 * Which of the programme's cohorts a list is of: one Signs of Safety stage, or one briefing's sessions.
 * Of a briefing, by default only the sessions that count towards it (`versions: "counting"`): of the
 * version everyone must confirm (its `counts_from_version`) or later, as coverage counts them. A session
 * of an earlier version ("earlier") counts for nobody who attends it, so it is not offered for booking;
 * L&D still see it, and whoever holds a place on it can still give the place up ("any").
 */
export type CohortFilter = { kind: CohortKind; briefingId?: number; versions?: BriefingVersions };
export type BriefingVersions = "counting" | "earlier" | "any";

/** The filter's cohorts: of its kind (or its briefing's sessions, of the versions asked for), and the programme's. */
const matching = (filter: CohortFilter) => (eb: ExpressionBuilder<Listed, "k" | "c">) =>
  eb.and([
    eb("k.kind", "=", filter.kind),
    eb("c.programme_id", "=", PLUGIN_ID),
    ...(filter.briefingId ? [eb("k.briefing_id", "=", filter.briefingId), ...ofVersions(eb, filter.briefingId, filter.versions ?? "counting")] : []),
  ]);

/** A briefing's sessions of the versions asked for, against the version it counts from (read once: it names no row of the list). */
function ofVersions(eb: ExpressionBuilder<Listed, "k" | "c">, briefingId: number, versions: BriefingVersions) {
  if (versions === "any") return [];
  const countsFrom = eb.selectFrom("practice_development_briefings as cf").select("cf.counts_from_version").where("cf.id", "=", briefingId);
  return [eb("k.briefing_version", versions === "counting" ? ">=" : "<", countsFrom)];
}

/** Whether a briefing's session still counts towards it: of the version it counts from, or later. */
export const countsTowards = (session: { briefing_version: number | null }, briefing: { counts_from_version: number }) =>
  session.briefing_version === null || session.briefing_version >= briefing.counts_from_version;

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
// Begun: its first scheduled session has, or its first date is past with a session still scheduled (the
// first day cancelled): booking closed with that day (the core's window), so the cohort is not left out of
// both L&D's lists until its second day begins.
const hasBegun = (now: Date) => (eb: ExpressionBuilder<Listed, "k" | "c">) =>
  eb.or([eb(lastOrFirstStart(eb, "min"), "<=", now.toISOString()), eb.and([eb("c.starts_on", "<", londonToday(now)), eb(lastOrFirstStart(eb, "min"), "is not", null)])]);

// Booking closes when a cohort's first scheduled session begins: the moment a person's own cancellation
// stops (`cancelOwnPlace`) and a freed place stops going to the first person waiting, so nobody holds a
// place they could never give up, on a course whose first day they missed (the core's Level 5 refuses a
// begun cohort the same way). The core's window (`enrolmentOpen`: to the end of the first day, London's) is
// part of the rule too; it closes sooner only when the first day was cancelled. With every date cancelled
// there is no first session, and nothing to book.
const openForBooking = (now: Date) => (eb: ExpressionBuilder<Listed, "k" | "c">) => {
  const today = londonToday(now);
  return eb.and([
    eb(lastOrFirstStart(eb, "min"), ">", now.toISOString()),
    eb.or([eb("c.enrolment_opens_on", "is", null), eb("c.enrolment_opens_on", "<=", today)]),
    eb.or([eb("c.enrolment_closes_on", "is", null), eb("c.enrolment_closes_on", ">=", today)]),
  ]);
};

/** `openForBooking` of one cohort, on its window and its first scheduled start: what a booking checks under the lock. */
export const bookable = (cohort: { enrolment_opens_on: string | null; enrolment_closes_on: string | null }, first: string | null, now: Date) =>
  first !== null && beforeStart(first, now) && enrolmentOpen(cohort, londonToday(now));

/** One page of a list, and how many pages there are; a page past the last shows the last. */
async function paged<R>(total: number, asked: number, rowsAt: (offset: number) => Promise<R[]>) {
  const { page, pageCount, offset } = pageWindow(total, asked, PAGE_SIZE);
  return { rows: total ? await rowsAt(offset) : [], total, page, pageCount };
}

const countOf = async (query: ReturnType<typeof cohortsOf>) => Number((await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

/**
 * One page of the cohorts open for booking (`openForBooking`: the first scheduled session still to come),
 * soonest first: at national scale there are hundreds, and the soonest are the ones people need.
 */
export async function upcomingCohorts(filter: CohortFilter, page: number, now = new Date()) {
  // A cohort's sessions are on its days, so one still to come is on a cohort not over by London's today.
  // Only those are read (a range of `cohorts_programme_ends_idx`, migration 0006), not every cohort the
  // programme ever ran; the test of its sessions still decides.
  const upcoming = cohortsOf(filter).where("c.ends_on", ">=", londonToday(now)).where(openForBooking(now));
  return paged(await countOf(upcoming), page, async (offset) =>
    tidied(await upcoming.select(listedColumns).orderBy("c.starts_on").orderBy("c.id").limit(PAGE_SIZE).offset(offset).execute()),
  );
}

/**
 * One page of the cohorts that have begun (a scheduled session at or before now, or the first date past),
 * most recent first: how L&D reach the register of a session under way or past.
 */
export async function startedCohorts(filter: CohortFilter, page: number, now = new Date()) {
  // A cohort's sessions are on its days, so one begun has a first day on or before London's today. Only
  // those are read, most recent first (a range of `cohorts_programme_idx`, in its order), not the cohorts
  // still to come as well; the test of its sessions still decides, by its first start, not EXISTS (above).
  const started = cohortsOf(filter).where("c.starts_on", "<=", londonToday(now)).where(hasBegun(now));
  return paged(await countOf(started), page, async (offset) =>
    tidied(await started.select(listedColumns).orderBy("c.starts_on", "desc").orderBy("c.id", "desc").limit(PAGE_SIZE).offset(offset).execute()),
  );
}

/**
 * One page of the cohorts whose every date is cancelled, latest first date first: neither open for booking
 * nor begun, they were in neither list, and L&D could not reach them to see who still holds a place.
 * Counted, not EXISTS, for the reason `lastOrFirstStart` gives.
 */
export async function cancelledCohorts(filter: CohortFilter, page: number) {
  const cancelled = cohortsOf(filter).where((eb) => eb.and([eb(lastOrFirstStart(eb, "min"), "is", null), eb(eb.selectFrom("cohort_sessions as s").whereRef("s.cohort_id", "=", "c.id").select((x) => x.fn.countAll<number>().as("n")), ">", 0)]));
  return paged(await countOf(cancelled), page, async (offset) => tidied(await cancelled.select(listedColumns).orderBy("c.starts_on", "desc").orderBy("c.id", "desc").limit(PAGE_SIZE).offset(offset).execute()));
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
 * The one cohort a booking or cancellation names, when it is of one of these stages (or this briefing).
 * Looked up by itself, not found in a page of a list, so a cohort on any page can be booked and a place on
 * any cohort given up. Whether it is still open for booking is the booking's to judge, under the lock.
 */
export async function cohortNamed(cohortId: number, filters: CohortFilter[]) {
  for (const filter of filters) {
    const row = await cohortsOf(filter).where("c.id", "=", cohortId).select("c.id").executeTakeFirst();
    if (row) return row;
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
