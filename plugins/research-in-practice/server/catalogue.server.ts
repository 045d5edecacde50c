// The catalogue as staff browse it, each course's runs with places left, and tailored council-only runs.
import { sql, type Kysely } from "kysely";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { createCohort, HOLDING_STATUSES } from "../../../app/services/cohorts.server";
import { claimFormToken } from "../../../app/services/submitted-forms.server";
import type { Database } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageWindow } from "../../../app/utils/paging.server";
import { isPostgres } from "../../sdk/migrations";
import { CATALOGUE_PAGE_SIZE, PLUGIN_ID, STARTED_RUNS_PAGE_SIZE, type CourseFormat } from "../programme";
import { ripDb, type RipDatabase } from "./db.server";

export interface CatalogueQuery {
  q?: string;
  format?: CourseFormat;
  page: number;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of the courses on offer matching the search, by title (a page past the end shows the last). */
export async function searchCourses(query: CatalogueQuery) {
  let base = ripDb().selectFrom("research_in_practice_courses").where("withdrawn", "=", 0);
  if (query.q) base = base.where(sql<boolean>`lower(title) like ${`%${escapeLike(query.q.toLowerCase())}%`} escape '\\'`);
  if (query.format) base = base.where("format", "=", query.format);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const { page, pageCount, offset, limit } = pageWindow(total, query.page, CATALOGUE_PAGE_SIZE);
  const rows = await base.select(["id", "title", "format", "summary", "cpd_hours"]).orderBy("title").limit(limit).offset(offset).execute();
  return { rows, total, page, pageCount };
}

/**
 * The way to a course's page. The provider's ids are any text (a `/`, `#`, `?`, `%` or a space among them),
 * so each goes into the link as one encoded path segment: left as it is, it would name another page or
 * none. Remix decodes it back into the route's `courseId`.
 */
export const coursePath = (courseId: string) => `/programmes/${PLUGIN_ID}/courses/${encodeURIComponent(courseId)}`;

/** The way to a run's page, its id encoded as a course's is (`coursePath`). */
export const runPath = (runId: string) => `/programmes/${PLUGIN_ID}/runs/${encodeURIComponent(runId)}`;

export async function courseById(id: string) {
  const row = await ripDb().selectFrom("research_in_practice_courses").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? { ...row, objectives: JSON.parse(row.objectives_json) as string[], kss: JSON.parse(row.kss_json) as string[], pcf: JSON.parse(row.pcf_json) as string[] } : undefined;
}
export type Course = NonNullable<Awaited<ReturnType<typeof courseById>>>;

/**
 * A course's runs not yet started (London's today), with the places taken, soonest first: the ones a
 * learner can still book, join the waiting list for or cancel, and those the provider withdrew. A national
 * course has hundreds of runs behind it; the ones that have started are paged by `startedRunsOf`.
 */
export async function upcomingRunsOf(courseId: string, today = londonToday()) {
  return ripDb()
    .selectFrom("research_in_practice_runs as r")
    .innerJoin("cohorts as c", "c.id", "r.cohort_id")
    .leftJoin("enrolments as e", (join) => join.onRef("e.cohort_id", "=", "c.id").on("e.status", "in", [...HOLDING_STATUSES]))
    .select(["r.id", "r.cohort_id", "r.session_id", "r.tailored", "r.withdrawn", "c.name", "c.starts_on", "c.ends_on", "c.venue", "c.capacity", "c.requires_manager_approval"])
    .select((eb) => eb.fn.count<number>("e.id").as("taken"))
    .where("r.course_id", "=", courseId)
    .where("c.starts_on", ">", today)
    .groupBy(["r.id", "r.cohort_id", "r.session_id", "r.tailored", "r.withdrawn", "c.name", "c.starts_on", "c.ends_on", "c.venue", "c.capacity", "c.requires_manager_approval"])
    .orderBy("c.starts_on")
    .orderBy("r.id")
    .execute();
}

/**
 * One page of a course's runs that have started (on or before London's today), most recent first, and how
 * many there are: how L&D reach a past run's learners to record completion. A page past the last shows the last.
 */
export async function startedRunsOf(courseId: string, page: number, today = londonToday()) {
  const started = ripDb()
    .selectFrom("research_in_practice_runs as r")
    .innerJoin("cohorts as c", "c.id", "r.cohort_id")
    .where("r.course_id", "=", courseId)
    .where("c.starts_on", "<=", today);
  const total = Number((await started.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const shown = pageWindow(total, page, STARTED_RUNS_PAGE_SIZE);
  const rows = total
    ? await started
        .select(["r.id", "r.tailored", "r.withdrawn", "c.starts_on", "c.venue"])
        .orderBy("c.starts_on", "desc")
        .orderBy("r.id")
        .limit(shown.limit)
        .offset(shown.offset)
        .execute()
    : [];
  return { rows, total, page: shown.page, pageCount: shown.pageCount };
}

/** A run with its cohort and its course; `executor` is a transaction holding the cohort's lock, where a completion reads it. */
export async function runById(runId: string, executor: Kysely<RipDatabase> = ripDb()) {
  return executor
    .selectFrom("research_in_practice_runs as r")
    .innerJoin("cohorts as c", "c.id", "r.cohort_id")
    .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
    .select(["r.id", "r.course_id", "r.cohort_id", "r.session_id", "r.tailored", "r.withdrawn", "c.name", "c.starts_on", "c.ends_on", "c.venue", "c.capacity", "course.title", "course.cpd_hours", "course.kss_json", "course.withdrawn as course_withdrawn"])
    .where("r.id", "=", runId)
    .executeTakeFirst();
}
export type Run = NonNullable<Awaited<ReturnType<typeof runById>>>;

/**
 * Whether a run is still on offer: neither it nor its course withdrawn by the provider, and starting after
 * London's today. Only then can a place on it be booked, or a freed one given to the first person waiting.
 * The course is asked too because a council-only run is never in the feed, so the sync never withdraws it
 * with its course; the places already held on it stay, and can still be given up.
 */
export const onOffer = (run: { withdrawn: number; course_withdrawn: number; starts_on: string }, today = londonToday()) =>
  run.withdrawn !== 1 && run.course_withdrawn !== 1 && run.starts_on > today;

export interface TailoredRunInput {
  name: string;
  startsOn: string;
  endsOn: string;
  venue: string;
  capacity: number;
  managerApproval: boolean;
}

/** Why a council-only run was not made: the provider has withdrawn its course, which the catalogue no longer shows. */
export const COURSE_WITHDRAWN = "course.errors.courseWithdrawn";

/** What a tailored run's form made: the run (null when the same form was sent before), or why it made none. */
export type TailoredRunMade = { ok: true; id: string | null } | { ok: false; error: typeof COURSE_WITHDRAWN };

/** Carries a refusal out of the run's transaction, so the transaction rolls back (the form's token with it). */
class CourseWithdrawn extends Error {
  constructor(courseId: string) {
    super(`Course ${courseId} is withdrawn: no council-only run can be added to it`);
  }
}

/**
 * Whether the provider has withdrawn the course, read in the run's transaction rather than from the page's
 * read of it: a sync withdrawing the course since is seen here. On PostgreSQL the row is held until the run
 * is made, so a withdrawal sent meanwhile waits for it and finds the run there.
 */
async function courseWithdrawn(trx: Kysely<RipDatabase>, courseId: string) {
  const row = await trx.selectFrom("research_in_practice_courses").select("withdrawn").where("id", "=", courseId).$if(isPostgres(trx), (qb) => qb.forShare()).executeTakeFirstOrThrow();
  return row.withdrawn === 1;
}

/**
 * Adds a council-only run in the caller's transaction: its cohort with its one session, its row and its audit
 * event; answers its id. A course the provider has withdrawn gets none: the catalogue hides it, so a run on it
 * would be bookable only by a link. That refusal throws `CourseWithdrawn`, rolling the transaction back.
 */
async function addTailoredRun(trx: Kysely<RipDatabase>, course: Course, input: TailoredRunInput, actor: Actor) {
  if (await courseWithdrawn(trx, course.id)) throw new CourseWithdrawn(course.id);
  const host = trx as unknown as Kysely<Database>;
  const cohortId = await createCohort(
    { programmeId: PLUGIN_ID, name: input.name, startsOn: input.startsOn, endsOn: input.endsOn, capacity: input.capacity, enrolmentOpensOn: null, enrolmentClosesOn: input.startsOn, venue: input.venue, onlineUrl: null, requiresManagerApproval: input.managerApproval },
    { firstDate: input.startsOn, cadence: "weekly", count: 1, time: "09:30", durationMinutes: 390, titles: [course.title] },
    actor,
    host,
  );
  const session = await trx.selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).executeTakeFirstOrThrow();
  const id = `council-${cohortId}`;
  await trx.insertInto("research_in_practice_runs").values({ id, course_id: course.id, cohort_id: cohortId, session_id: session.id, tailored: 1, withdrawn: 0 }).execute();
  await recordAudit(actor, { action: "research-in-practice.tailored_run.created", subjectType: "research_in_practice_run", subjectId: id, after: input }, host);
  return id;
}

/**
 * A council-only run of a course (the permanence programme for one locality, say), on the cohort engine.
 * The cohort, the run and its audit event are one transaction, so a failure leaves no cohort without its run.
 * Throws on a course the provider has withdrawn, making nothing.
 */
export async function createTailoredRun(course: Course, input: TailoredRunInput, actor: Actor) {
  return ripDb()
    .transaction()
    .execute((trx) => addTailoredRun(trx, course, input, actor));
}

/**
 * A council-only run made from the course page's form, which carries a one-time token (`FormToken`). A run
 * has no key of its own (two may share a name and a date), so the token is claimed in the transaction that
 * makes it: the same form sent again (a double click, a resend), even at the same moment, makes nothing
 * and answers no id. The token is claimed first, so a resend of a form that made its run is not refused
 * for a withdrawal since. A course the provider has withdrawn, even since the page was drawn, is refused:
 * nothing is kept, the claim included.
 */
export async function createTailoredRunFromForm(course: Course, input: TailoredRunInput, actor: Actor, formToken: string | null): Promise<TailoredRunMade> {
  try {
    return await ripDb()
      .transaction()
      .execute(async (trx) => ({ ok: true as const, id: (await claimFormToken(trx as unknown as Kysely<Database>, formToken)) ? await addTailoredRun(trx, course, input, actor) : null }));
  } catch (error) {
    if (error instanceof CourseWithdrawn) return { ok: false, error: COURSE_WITHDRAWN };
    throw error;
  }
}
