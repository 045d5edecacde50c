// The places on the programme's runs still to come that the catalogue sync acts on: in the feed's
// transaction, the requests and waiting lists it closes on withdrawn runs, each person told; after it, the
// runs still on offer whose free places go to those waiting. Split from sync.server.ts, which reads and
// applies the feed.
import type { Kysely } from "kysely";
import type { AuditInput } from "../../sdk";
import type { Database } from "../../../app/utils/db.server";
import { recordAudit, SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { HOLDING_STATUSES } from "../../../app/services/cohorts.server";
import { addNotices, type NoticeInput } from "../../../app/services/notices.server";
import { isPostgres } from "../../sdk/migrations";
import { PLUGIN_ID } from "../programme";
import { coursePath } from "./catalogue.server";
import type { RipDatabase } from "./db.server";

/**
 * The places a withdrawal closes: a request would otherwise sit in the manager's inbox, where approving it
 * places the person on a run that will not happen, and a waiting list would wait for nothing. A booked
 * place is kept (bookings keep pointing at the run, and a reinstated run still holds it): its learner is
 * told, and may cancel it on the course page.
 */
const CLOSED_ON_WITHDRAWAL = ["requested", "waitlisted"] as const;

const WITHDRAWN = 1;
const ON_OFFER = 0;

/** The cohorts of the programme's runs still to come (`cohorts_programme_idx`), withdrawn or still on offer. */
const runsToCome = (db: Kysely<RipDatabase>, today: string, withdrawn: typeof WITHDRAWN | typeof ON_OFFER) =>
  db
    .selectFrom("cohorts as c")
    .innerJoin("research_in_practice_runs as r", "r.cohort_id", "c.id")
    .select("c.id")
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("c.starts_on", ">", today)
    .where("r.withdrawn", "=", withdrawn);

/**
 * The withdrawn runs, not yet started on London's date, with a request or waiting-list place still open,
 * in one query over the programme's cohorts still to come (`cohorts_programme_idx`, each checked through
 * the enrolments' cohort-and-status index). Not only the runs this sync withdrew: a run withdrawn before
 * its places were closed on withdrawal kept them open, and the core, which does not know the plugin's
 * withdrawn flag, would let a manager approve such a request. A closed run is not found again, so every
 * sync may look, and none closes a place twice.
 */
async function withdrawnRunsStillOpen(trx: Kysely<RipDatabase>, today: string): Promise<number[]> {
  const rows = await runsToCome(trx, today, WITHDRAWN)
    .where((eb) => eb.exists(eb.selectFrom("enrolments as e").select("e.id").whereRef("e.cohort_id", "=", "c.id").where("e.status", "in", [...CLOSED_ON_WITHDRAWAL])))
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The people to close or tell on the locked cohorts' withdrawn runs that have not yet started (on London's
 * date: a run the provider drops once it has run is history, not a withdrawal anyone must act on): every
 * open request and waiting-list place, however long ago the run was withdrawn, and the booked places only
 * on the runs this sync withdrew, so a booked learner is told once, when the run is withdrawn. In cohort
 * order, each waiting list last first: the order their audit events and notices have always been written in.
 */
async function peopleOnWithdrawnRuns(trx: Kysely<RipDatabase>, cohortIds: number[], withdrawnNow: number[], today: string) {
  const people = await trx
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("research_in_practice_runs as r", "r.cohort_id", "c.id")
    .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
    .select(["e.id", "e.person_id", "e.status", "e.waitlist_position", "c.id as cohort_id", "c.starts_on", "course.id as course_id", "course.title"])
    .where("c.id", "in", cohortIds)
    .where("c.starts_on", ">", today)
    .where("r.withdrawn", "=", 1)
    .where((eb) => {
      const open = eb("e.status", "in", [...CLOSED_ON_WITHDRAWAL]);
      return withdrawnNow.length ? eb.or([open, eb.and([eb("e.status", "=", "enrolled"), eb("c.id", "in", withdrawnNow)])]) : open;
    })
    .execute();
  return people.sort((a, b) => a.cohort_id - b.cohort_id || (b.waitlist_position ?? 0) - (a.waitlist_position ?? 0));
}

/**
 * Holds the withdrawn runs' cohorts as the core's lock does (`withCohortLock`), in id order so two
 * transactions locking several of them cannot deadlock, and no request or decision on them interleaves
 * with their closing. On SQLite the feed's transaction already holds the write lock.
 */
async function lockCohorts(trx: Kysely<RipDatabase>, cohortIds: number[]) {
  if (isPostgres(trx)) await trx.selectFrom("cohorts").select("id").where("id", "in", cohortIds).orderBy("id").forUpdate().execute();
}

/** How many places one statement closes, so a national run's list stays within every engine's parameter limit. */
const CLOSED_PER_STATEMENT = 500;

type PersonOnWithdrawnRun = Awaited<ReturnType<typeof peopleOnWithdrawnRuns>>[number];

/**
 * Closes the places as the core's withdrawal closes each one (status `withdrawn`, no
 * position, no reason; `enrolment.withdrawn` by the system with the person as subject), a batch to a
 * statement. The whole list of each run is closed, so nobody moves up behind a place and nobody is
 * promoted. No reason is stored: an enrolment's reason is text a person typed (a manager's, when
 * declining), shown as written, and a sentence of ours would reach a Welsh reader in English. The run's
 * own withdrawal event, this one by the system, and the person's notice say why.
 */
async function closePlaces(trx: Kysely<Database>, places: PersonOnWithdrawnRun[]) {
  if (!places.length) return;
  const now = new Date().toISOString();
  for (let i = 0; i < places.length; i += CLOSED_PER_STATEMENT) {
    const ids = places.slice(i, i + CLOSED_PER_STATEMENT).map((place) => place.id);
    const closed = await trx.updateTable("enrolments").set({ status: "withdrawn", waitlist_position: null, reason: null, updated_at: now }).where("id", "in", ids).where("status", "in", [...CLOSED_ON_WITHDRAWAL]).executeTakeFirst();
    // Read under the cohorts' lock in this transaction, so every one is still open; if not, nothing is kept.
    if (Number(closed.numUpdatedRows) !== ids.length) throw new Error(`Could not close ${ids.length - Number(closed.numUpdatedRows)} places on withdrawn runs: no longer open`);
  }
  const closedEvent = (place: PersonOnWithdrawnRun): AuditInput => ({ action: "enrolment.withdrawn", subjectType: "enrolment", subjectId: place.id, personId: place.person_id, before: { status: place.status }, after: { status: "withdrawn", reason: null } });
  await recordAudit(SYSTEM_ACTOR, places.map(closedEvent), trx);
}

/** The notice telling a person the provider withdrew their run, worded by the place they had, with the way to the course's other dates. */
const runWithdrawnNotice = (person: PersonOnWithdrawnRun): NoticeInput => ({
  personId: person.person_id,
  source: PLUGIN_ID,
  messageKey: `notices.runWithdrawn.${person.status}`,
  values: { course: person.title, date: person.starts_on },
  href: coursePath(person.course_id),
});

/**
 * In the feed's transaction: closes the requests and waiting-list places on every withdrawn run that has
 * not started, those this sync withdrew and any withdrawn earlier whose places are still open, as the
 * core's withdrawal does (audited as the system, the person its subject, nobody promoted), telling each
 * person whose place it closes; and tells those booked on the runs this sync withdrew, with the way to the
 * course's other dates. A national run may have hundreds waiting, so the places are closed, audited and
 * told in a few statements, not a few for each person.
 */
export async function closeWithdrawnRuns(trx: Kysely<RipDatabase>, withdrawnNow: number[], today: string) {
  const cohortIds = [...new Set([...withdrawnNow, ...(await withdrawnRunsStillOpen(trx, today))])];
  if (!cohortIds.length) return;
  // Locked before reading who is on them, so a manager's approval lands wholly before (a booked place, kept)
  // or after (the request already closed, so it is refused). Only the locked cohorts are read: a place
  // opened on another withdrawn run since they were found is closed by the next sync.
  await lockCohorts(trx, cohortIds);
  const host = trx as unknown as Kysely<Database>;
  const people = await peopleOnWithdrawnRuns(trx, cohortIds, withdrawnNow, today);
  await closePlaces(host, people.filter((person) => (CLOSED_ON_WITHDRAWAL as readonly string[]).includes(person.status)));
  await addNotices(people.map(runWithdrawnNotice), host);
}

/**
 * The cohorts of runs still on offer (not withdrawn, not yet started on London's date) where someone is
 * waiting and a place is free, in one query: the programme's cohorts still to come, by `cohorts_programme_idx`,
 * each checked through the enrolments' cohort-and-status indexes, never every run the programme ever had.
 * Not a run of a course the provider has withdrawn: its council-only runs are not in the feed, so nothing
 * withdraws them with it, and they give out no places (`onOffer`).
 */
export async function cohortsWithPlacesForThoseWaiting(db: Kysely<RipDatabase>, today: string): Promise<number[]> {
  const rows = await runsToCome(db, today, ON_OFFER)
    .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
    .where("course.withdrawn", "=", 0)
    .where((eb) => eb.exists(eb.selectFrom("enrolments as w").select("w.id").whereRef("w.cohort_id", "=", "c.id").where("w.status", "=", "waitlisted")))
    .where((eb) =>
      eb(
        eb.selectFrom("enrolments as h").select((inner) => inner.fn.countAll<number>().as("n")).whereRef("h.cohort_id", "=", "c.id").where("h.status", "in", [...HOLDING_STATUSES]),
        "<",
        eb.ref("c.capacity"),
      ),
    )
    .orderBy("c.starts_on")
    .orderBy("c.id")
    .execute();
  return rows.map((row) => row.id);
}
