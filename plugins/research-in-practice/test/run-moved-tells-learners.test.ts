// When the provider moves a run to another date or venue, everyone on it (booked, waiting or asking for a
// place) is told on /me, in English and Welsh, once per change: a sync run again with the same data tells
// nobody, nor does a change to anything else. A withdrawn run tells only of its withdrawal, and a run that
// is over tells nobody. Through the real sync (msw standing in for the provider).
import { beforeAll, describe, expect, it } from "vitest";
import { requestPlace } from "../../../app/services/enrolment.server";
import { formatValues } from "../../../app/services/readiness.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { ripDb } from "../server/db.server";
import { course, serve, sync } from "./feed-support";
import { heldOn, yesterday } from "./held-runs";

useOutsideWorld();
beforeAll(seedDemo);

const asSystem = { userId: null, personId: null };
const runOf = (id: string, startsOn: string, venue = "Civic Offices", capacity = 1) => ({ id, startsOn, endsOn: startsOn, venue, capacity, managerApproval: false });
const cohortOf = async (runId: string) => (await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow()).cohort_id;
const movedNotices = (courseId: string) =>
  db().selectFrom("notices").select(["person_id", "message_key", "values_json"]).where("message_key", "like", "notices.runMoved.%").where("href", "=", `/programmes/research-in-practice/courses/${courseId}`).orderBy("id").execute();
const noticeOf = (personId: number, what: string, values: Record<string, string>) => ({ person_id: personId, message_key: `notices.runMoved.${what}`, values_json: JSON.stringify(values) });

/** A run with one place: the first person booked on it, the second on its waiting list, the third asking for a place. */
async function peopleOn(runId: string) {
  const cohortId = await cohortOf(runId);
  const people = (await db().selectFrom("people").select("id").orderBy("id").limit(3).execute()).map((p) => p.id);
  for (const personId of people.slice(0, 2)) expect((await requestPlace({ cohortId, personId, actor: asSystem, direct: true })).ok).toBe(true);
  await db().updateTable("cohorts").set({ requires_manager_approval: 1 }).where("id", "=", cohortId).execute();
  const request = await requestPlace({ cohortId, personId: people[2], actor: asSystem });
  expect(request.ok && request.status).toBe("requested");
  await db().updateTable("cohorts").set({ requires_manager_approval: 0 }).where("id", "=", cohortId).execute();
  return people;
}

describe("a run the provider moves", () => {
  let people: number[];
  const offered = (modified: string, startsOn: string, venue?: string, capacity?: number) => course("moving", modified, { title: "Moving course", runs: [runOf("moving-run", startsOn, venue, capacity)] });

  beforeAll(async () => {
    serve([[offered("2031-03-01T00:00:00Z", "2031-05-01")]]);
    await sync();
    people = await peopleOn("moving-run");
  });

  it("tells everyone on it of the new date, once, and nobody when the same feed is synced again", async () => {
    serve([[offered("2031-03-02T00:00:00Z", "2031-05-08")]]);
    await sync();
    await sync();
    serve([[offered("2031-03-02T00:00:00Z", "2031-05-08")]]);
    await sync();
    const values = { course: "Moving course", date: "2031-05-08", venue: "Civic Offices", from: "2031-05-01" };
    expect(await movedNotices("moving")).toEqual(people.map((personId) => noticeOf(personId, "date", values)));
  });

  it("tells nobody when something else about the run changes", async () => {
    serve([[offered("2031-03-03T00:00:00Z", "2031-05-08", "Civic Offices", 2)]]);
    await sync();
    expect(await movedNotices("moving")).toHaveLength(3);
  });

  it("tells them of a new venue, and of both at once", async () => {
    serve([[offered("2031-03-04T00:00:00Z", "2031-05-08", "Town Hall", 2)]]);
    await sync();
    serve([[offered("2031-03-05T00:00:00Z", "2031-05-15", "Library", 2)]]);
    await sync();
    const told = (await movedNotices("moving")).slice(3);
    expect(told).toEqual([
      ...people.map((personId) => noticeOf(personId, "venue", { course: "Moving course", date: "2031-05-08", venue: "Town Hall" })),
      ...people.map((personId) => noticeOf(personId, "dateAndVenue", { course: "Moving course", date: "2031-05-15", venue: "Library", from: "2031-05-08" })),
    ]);
  });

  it("words the notice in English and Welsh, with the dates in the reader's language", () => {
    const values = { course: "Moving course", date: "2031-05-08", venue: "Civic Offices", from: "2031-05-01" };
    expect(fixedT("en-GB", "research-in-practice")("notices.runMoved.date", formatValues(values, "en-GB"))).toBe(
      "Research in Practice has moved Moving course from 1 May 2031 to 8 May 2031. If the new date does not suit you, you can cancel on the course page and choose another date.",
    );
    expect(fixedT("cy", "research-in-practice")("notices.runMoved.date", formatValues(values, "cy"))).toBe(
      "Mae Research in Practice wedi symud Moving course o 1 Mai 2031 i 8 Mai 2031. Os nad yw'r dyddiad newydd yn gyfleus, gallwch ganslo ar dudalen y cwrs a dewis dyddiad arall.",
    );
    // A new venue is named in both languages.
    for (const what of ["venue", "dateAndVenue"]) {
      for (const locale of ["en-GB", "cy"] as const) expect(fixedT(locale, "research-in-practice")(`notices.runMoved.${what}`, { ...values, venue: "Library" })).toContain(": Library.");
    }
  });
});

describe("a run that is withdrawn or over", () => {
  it("tells of a withdrawal alone when the provider withdraws the run as it moves it", async () => {
    const offered = (modified: string, startsOn: string, withdrawn: boolean) => course("called-off", modified, { title: "Called-off course", withdrawn, runs: [runOf("called-off-run", startsOn)] });
    serve([[offered("2031-03-01T00:00:00Z", "2031-06-01", false)]]);
    await sync();
    await peopleOn("called-off-run");
    serve([[offered("2031-03-02T00:00:00Z", "2031-06-08", true)]]);
    await sync();
    expect(await movedNotices("called-off")).toEqual([]);
    const withdrawn = await db().selectFrom("notices").select("message_key").where("href", "=", "/programmes/research-in-practice/courses/called-off").execute();
    expect(withdrawn.map((n) => n.message_key).sort()).toEqual(["notices.runWithdrawn.enrolled", "notices.runWithdrawn.requested", "notices.runWithdrawn.waitlisted"]);
  });

  it("tells nobody when the provider changes the dates of a run that is over", async () => {
    const offered = (modified: string, startsOn: string) => course("finished", modified, { title: "Finished course", runs: [runOf("finished-run", startsOn)] });
    serve([[offered("2031-03-01T00:00:00Z", "2031-07-01")]]);
    await sync();
    expect((await requestPlace({ cohortId: await cohortOf("finished-run"), personId: await personIdOf("practitioner"), actor: asSystem, direct: true })).ok).toBe(true);
    const over = yesterday();
    await heldOn("finished-run", over);
    const twoDaysBefore = new Date(Date.parse(`${over}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    serve([[course("finished", "2031-03-02T00:00:00Z", { title: "Finished course", runs: [{ ...runOf("finished-run", twoDaysBefore), venue: "Elsewhere" }] })]]);
    await sync();
    expect((await ripDb().selectFrom("cohorts").select(["starts_on", "venue"]).where("id", "=", await cohortOf("finished-run")).executeTakeFirstOrThrow())).toEqual({ starts_on: twoDaysBefore, venue: "Elsewhere" });
    expect(await movedNotices("finished")).toEqual([]);
  });
});
