// Telling the learners on a run the catalogue sync moved: a new start date or a new venue is news to everyone
// holding a place, a request or a waiting-list number on it, so each is told on /me, as the core tells people
// of what others changed about their places. Read from the sync's own audit events, which already say what
// changed, so a run the feed left as it was (a sync run again with the same data) tells nobody. Split from
// sync.server.ts, which reads and applies the feed.
import type { Kysely } from "kysely";
import type { AuditInput } from "../../sdk";
import type { Database } from "../../../app/utils/db.server";
import { addNotices, type NoticeInput } from "../../../app/services/notices.server";
import { chunks } from "../../../app/services/readiness.server";
import { PLUGIN_ID } from "../programme";
import { coursePath } from "./catalogue.server";
import type { RipDatabase } from "./db.server";
import { RUN_UPDATED } from "./sync-runs.server";

/** The places whose holders are told: what a learner still has on the run. A completed place is history. */
const TOLD = ["requested", "enrolled", "waitlisted"] as const;

/** What a moved run's learners are told: its new start date, its new venue, or both. */
type Moved = "date" | "venue" | "dateAndVenue";

interface MovedRun {
  cohortId: number;
  what: Moved;
  /** The start date the learners had, when it changed. */
  from?: string;
}

/**
 * The runs whose start date or venue this sync changed, from its `run.updated` events. Not a run withdrawn
 * (its learners are told that instead) nor one offered again (its event carries the withdrawn flag): its
 * booked learners were told it would not run. The end date alone is not news: nowhere is it shown to them.
 * The session's time is the same for every run, so it never moves.
 */
function movedRuns(events: AuditInput[]): MovedRun[] {
  return events.flatMap((event) => {
    const before = (event.before ?? {}) as Record<string, unknown>;
    const after = (event.after ?? {}) as Record<string, unknown>;
    if (event.action !== RUN_UPDATED || "withdrawn" in after) return [];
    const date = "startsOn" in after;
    const venue = "venue" in after;
    if (!date && !venue) return [];
    const what: Moved = date && venue ? "dateAndVenue" : date ? "date" : "venue";
    return [{ cohortId: Number(event.subjectId), what, from: date ? String(before.startsOn) : undefined }];
  });
}

/**
 * The people still on the moved runs that are on offer and not over on London's `today`, a batch of runs
 * to a statement, with what they are told: the course, the run's start date and venue as they now are.
 */
async function peopleOnMovedRuns(trx: Kysely<RipDatabase>, cohortIds: number[], today: string) {
  const people = [];
  for (const ids of chunks(cohortIds, 500)) {
    people.push(
      ...(await trx
        .selectFrom("enrolments as e")
        .innerJoin("cohorts as c", "c.id", "e.cohort_id")
        .innerJoin("research_in_practice_runs as r", "r.cohort_id", "c.id")
        .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
        .select(["e.person_id", "c.id as cohort_id", "c.starts_on", "c.venue", "course.id as course_id", "course.title"])
        .where("c.id", "in", ids)
        .where("c.ends_on", ">=", today)
        .where("r.withdrawn", "=", 0)
        .where("e.status", "in", [...TOLD])
        .orderBy("c.id")
        .orderBy("e.id")
        .execute()),
    );
  }
  return people;
}

/**
 * In the feed's transaction: tells each learner on a run this sync moved (a new start date or venue) what
 * changed, with the way to the course page, where they may give up their place and choose another date.
 * Once per change: the events come only from a run the feed changed. A withdrawn run, or one that is over,
 * tells nobody.
 */
export async function tellLearnersOfMovedRuns(trx: Kysely<RipDatabase>, events: AuditInput[], today: string) {
  const moved = new Map(movedRuns(events).map((run) => [run.cohortId, run]));
  if (!moved.size) return;
  const people = await peopleOnMovedRuns(trx, [...moved.keys()], today);
  const notices = people.map((person): NoticeInput => {
    const run = moved.get(person.cohort_id)!;
    return {
      personId: person.person_id,
      source: PLUGIN_ID,
      messageKey: `notices.runMoved.${run.what}`,
      values: { course: person.title, date: person.starts_on, venue: person.venue ?? "", ...(run.from ? { from: run.from } : {}) },
      href: coursePath(person.course_id),
    };
  });
  await addNotices(notices, trx as unknown as Kysely<Database>);
}
