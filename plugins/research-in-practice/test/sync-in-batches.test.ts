// The catalogue sync at national scale: a withdrawn run with hundreds waiting is closed in a few
// statements, not several for each person, with the same places, audit events and notices as one by one.
// Through the real sync, on a real migrated database.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { newPerson } from "../../../tests/support/new-person";
import { ripDb } from "../server/db.server";
import { course, serve, statementsOf, sync } from "./feed-support";

useOutsideWorld();
beforeAll(seedDemo);

const STARTS_ON = "2030-10-01";
let people = 0;

const runOf = (id: string, capacity: number) => ({ id, startsOn: STARTS_ON, endsOn: STARTS_ON, venue: "Online", capacity, managerApproval: true });
/** A course with a run of one place (`-a`) and one of ten (`-b`); `withoutTheFirst` is the feed dropping `-a`. */
const offered = (courseId: string) => course(courseId, "2029-08-01T00:00:00Z", { runs: [runOf(`${courseId}-a`, 1), runOf(`${courseId}-b`, 10)] });
const withoutTheFirst = (courseId: string) => course(courseId, "2029-08-02T00:00:00Z", { runs: [runOf(`${courseId}-b`, 10)] });

/** New people in the L&D officer's team, inserted a batch at a time. */
async function newPeople(count: number) {
  const teamId = (await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("ld")).executeTakeFirstOrThrow()).team_id;
  const ids: number[] = [];
  for (let i = 0; i < count; i += 200) {
    const batch = Array.from({ length: Math.min(200, count - i) }, () => {
      people += 1;
      return newPerson({ employee_number: `SB${String(people).padStart(5, "0")}`, given_name: "Waiting", family_name: `Learner ${people}`, email: `waiting.${people}@example.test`, team_id: teamId });
    });
    ids.push(...(await db().insertInto("people").values(batch).returning("id").execute()).map((row) => row.id));
  }
  return ids;
}

/** On the course's first run: one booked place, `waiting` on the waiting list in order, and `requested` requests waiting for a manager. */
async function withdrawnRunWithPeople(courseId: string, waiting: number, requested: number) {
  serve([[offered(courseId)]]);
  await sync();
  const { cohort_id: cohortId } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", `${courseId}-a`).executeTakeFirstOrThrow();
  const [booked, ...others] = await newPeople(1 + waiting + requested);
  const now = new Date().toISOString();
  const places = [
    { person_id: booked, status: "enrolled" as const, waitlist_position: null },
    ...others.slice(0, waiting).map((person_id, i) => ({ person_id, status: "waitlisted" as const, waitlist_position: i + 1 })),
    ...others.slice(waiting).map((person_id) => ({ person_id, status: "requested" as const, waitlist_position: null })),
  ];
  for (let i = 0; i < places.length; i += 200) {
    await db().insertInto("enrolments").values(places.slice(i, i + 200).map((place) => ({ ...place, cohort_id: cohortId, reason: null, created_at: now, updated_at: now }))).execute();
  }
  const held = await db().selectFrom("enrolments").select(["id", "person_id", "status"]).where("cohort_id", "=", cohortId).orderBy("id").execute();
  return { cohortId, held };
}

/** The sync that withdraws the course's first run; answers how many statements it ran. */
async function syncWithdrawingTheFirstRun(courseId: string) {
  serve([[withoutTheFirst(courseId)]]);
  return (await statementsOf(sync)).length;
}

describe("closing a withdrawn run with 300 waiting", () => {
  it("takes a handful of statements, no more than for 30", async () => {
    await withdrawnRunWithPeople("sb-small", 20, 10);
    await withdrawnRunWithPeople("sb-large", 200, 100);
    const forSmall = await syncWithdrawingTheFirstRun("sb-small");
    const forLarge = await syncWithdrawingTheFirstRun("sb-large");
    expect(forLarge).toBeLessThanOrEqual(forSmall);
    expect(forLarge).toBeLessThan(40);
  });

  it("closes every request and waiting-list place, keeps the booked one, audits each as the system and tells everyone", async () => {
    const { cohortId, held } = await withdrawnRunWithPeople("sb-rows", 200, 100);
    await syncWithdrawingTheFirstRun("sb-rows");
    const [booked, ...closed] = held;

    const places = await db().selectFrom("enrolments").select(["id", "person_id", "status", "waitlist_position", "reason"]).where("cohort_id", "=", cohortId).orderBy("id").execute();
    expect(places).toEqual([
      { id: booked.id, person_id: booked.person_id, status: "enrolled", waitlist_position: null, reason: null },
      ...closed.map((place) => ({ id: place.id, person_id: place.person_id, status: "withdrawn", waitlist_position: null, reason: null })),
    ]);

    const events = await db()
      .selectFrom("audit_events")
      .select(["subject_id", "actor_user_id", "actor_person_id", "subject_type", "person_id", "before_json", "after_json"])
      .where("action", "=", "enrolment.withdrawn")
      .where("subject_id", "in", held.map((place) => String(place.id)))
      .execute();
    expect(events.sort((a, b) => Number(a.subject_id) - Number(b.subject_id))).toEqual(
      closed.map((place) => ({ subject_id: String(place.id), actor_user_id: null, actor_person_id: null, subject_type: "enrolment", person_id: place.person_id, before_json: JSON.stringify({ status: place.status }), after_json: JSON.stringify({ status: "withdrawn", reason: null }) })),
    );
    // Nobody promoted: the whole list is closed.
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.promoted_from_waiting_list").where("subject_id", "in", held.map((place) => String(place.id))).execute()).toEqual([]);

    const notices = await db().selectFrom("notices").select(["person_id", "source", "message_key", "values_json", "href", "dismissed_at"]).where("href", "=", "/programmes/research-in-practice/courses/sb-rows").execute();
    expect(notices.sort((a, b) => a.person_id - b.person_id)).toEqual(
      held.map((place) => ({
        person_id: place.person_id,
        source: "research-in-practice",
        message_key: `notices.runWithdrawn.${place.status}`,
        values_json: JSON.stringify({ course: "Course sb-rows", date: STARTS_ON }),
        href: "/programmes/research-in-practice/courses/sb-rows",
        dismissed_at: null,
      })),
    );

    // A second sync finds nothing open and tells nobody again.
    serve([[withoutTheFirst("sb-rows")]]);
    await sync();
    expect(await db().selectFrom("notices").select("id").where("href", "=", "/programmes/research-in-practice/courses/sb-rows").execute()).toHaveLength(held.length);
  });
});
