// Telling the learners whose places stand again when the catalogue sync offers a withdrawn run again. A
// withdrawal closes the run's requests and waiting list but keeps its bookings (run-places.server.ts), and
// tells every booked learner it will not run; offered again, those bookings stand, and the same learners are
// told so on /me. Read from the sync's own audit events, as a moved run's learners are (run-moved.server.ts),
// so a run offered again is told of once: a sync run again with the same data writes no event.
import type { Kysely } from "kysely";
import type { AuditInput } from "../../sdk";
import type { Database } from "../../../app/utils/db.server";
import { addNotices, type NoticeInput } from "../../../app/services/notices.server";
import { chunks } from "../../../app/services/readiness.server";
import { PLUGIN_ID } from "../programme";
import { coursePath } from "./catalogue.server";
import type { RipDatabase } from "./db.server";
import { RUN_UPDATED } from "./sync-runs.server";

/**
 * The runs this sync offered again, from its `run.updated` events that turn the withdrawn flag off. A run
 * that moved as it came back is among them: its learners are told of its date as it now is, once.
 */
function reinstatedRuns(events: AuditInput[]): number[] {
  return events.flatMap((event) => {
    const before = (event.before ?? {}) as Record<string, unknown>;
    const after = (event.after ?? {}) as Record<string, unknown>;
    return event.action === RUN_UPDATED && before.withdrawn === true && after.withdrawn === false ? [Number(event.subjectId)] : [];
  });
}

/**
 * The booked places on the reinstated runs still to come on London's `today`, a batch of runs to a
 * statement. Only a booking stands again: the requests and waiting-list places were closed on withdrawal.
 */
async function placesStandingAgain(trx: Kysely<RipDatabase>, cohortIds: number[], today: string) {
  const places = [];
  for (const ids of chunks(cohortIds, 500)) {
    places.push(
      ...(await trx
        .selectFrom("enrolments as e")
        .innerJoin("cohorts as c", "c.id", "e.cohort_id")
        .innerJoin("research_in_practice_runs as r", "r.cohort_id", "c.id")
        .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
        .select(["e.person_id", "c.starts_on", "course.id as course_id", "course.title"])
        .where("c.id", "in", ids)
        .where("c.starts_on", ">", today)
        .where("r.withdrawn", "=", 0)
        .where("e.status", "=", "enrolled")
        .orderBy("c.id")
        .orderBy("e.id")
        .execute()),
    );
  }
  return places;
}

/**
 * In the feed's transaction: tells each learner booked on a run this sync offered again that their booking
 * stands, with the run's date as it now is and the way to the course page, where they may still cancel.
 */
export async function tellLearnersOfReinstatedRuns(trx: Kysely<RipDatabase>, events: AuditInput[], today: string) {
  const cohortIds = reinstatedRuns(events);
  if (!cohortIds.length) return;
  const notices = (await placesStandingAgain(trx, cohortIds, today)).map(
    (place): NoticeInput => ({
      personId: place.person_id,
      source: PLUGIN_ID,
      messageKey: "notices.runReinstated",
      values: { course: place.title, date: place.starts_on },
      href: coursePath(place.course_id),
    }),
  );
  await addNotices(notices, trx as unknown as Kysely<Database>);
}
