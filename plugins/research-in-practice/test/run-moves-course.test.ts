// A run the provider moves to another course belongs to that course from the sync that moves it: listed
// on its page, booked there, completed with its CPD hours and KSS statements, audited as moved; and a later
// sync of its old course alone, which no longer lists it, leaves it on offer. A run that has begun is history
// and stays on its course: the sync once moved it too, so learners completed before the move kept the old
// course's CPD hours and KSS statements and those completed after it had the new one's. Through the real
// sync (msw standing in for the provider), the course page and the run's page, on a real migrated database.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { run } from "../../../tests/support/route";
import { startedRunsOf, upcomingRunsOf } from "../server/catalogue.server";
import { ripDb } from "../server/db.server";
import { course, serve, sync } from "./feed-support";
import { heldOn, yesterday } from "./held-runs";
import { book, form } from "./support";

useOutsideWorld();
beforeAll(seedDemo);

const RUN = { id: "moving-run", startsOn: "2031-06-02", endsOn: "2031-06-02", venue: "Civic Offices", capacity: 5, managerApproval: false };
const courseA = (modified: string, runs: unknown[]) => course("moving-a", modified, { title: "Course A", cpdHours: 3, kss: ["kss-practitioner:6"], runs });
const courseB = (modified: string) => course("moving-b", modified, { title: "Course B", cpdHours: 12, kss: ["kss-practitioner:3", "kss-practitioner:9"], runs: [RUN] });

const heldRun = (id = RUN.id) => ripDb().selectFrom("research_in_practice_runs").select(["course_id", "cohort_id", "withdrawn"]).where("id", "=", id).executeTakeFirstOrThrow();
const listedBy = async (courseId: string) => (await upcomingRunsOf(courseId)).map((r) => r.id);

describe("a run the provider moves to another course", () => {
  beforeAll(async () => {
    serve([[courseA("2031-01-01T00:00:00Z", [RUN])]]);
    await sync();
    expect(await heldRun()).toMatchObject({ course_id: "moving-a", withdrawn: 0 });
    serve([[courseA("2031-01-02T00:00:00Z", []), courseB("2031-01-02T00:00:00Z")]]);
    await sync();
  });

  it("is the new course's run, listed on its page and not the old one's, and audited as moved", async () => {
    const held = await heldRun();
    expect(held).toMatchObject({ course_id: "moving-b", withdrawn: 0 });
    expect(await listedBy("moving-b")).toEqual([RUN.id]);
    expect(await listedBy("moving-a")).toEqual([]);
    const events = await db().selectFrom("audit_events").select(["action", "actor_user_id", "before_json", "after_json"]).where("subject_type", "=", "cohort").where("subject_id", "=", String(held.cohort_id)).orderBy("id").execute();
    expect(events.slice(1)).toEqual([
      { action: "research-in-practice.run.updated", actor_user_id: null, before_json: JSON.stringify({ course: "moving-a", name: "Course A" }), after_json: JSON.stringify({ course: "moving-b", name: "Course B" }) },
    ]);
  });

  it("stays on offer when a later sync changes only its old course", async () => {
    serve([[courseA("2031-01-03T00:00:00Z", [])]]);
    expect(await sync()).toMatchObject({ values: { updated: 1 } });
    expect(await heldRun()).toMatchObject({ course_id: "moving-b", withdrawn: 0 });
    expect(await listedBy("moving-b")).toEqual([RUN.id]);
  });

  it("is booked on the new course's page and completed with that course's CPD hours and KSS statements", async () => {
    expect((await book("practitioner", "moving-b", RUN.id)).status).toBe(303);
    await heldOn(RUN.id, yesterday());
    const learner = await personIdOf("practitioner");
    const place = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", (await heldRun()).cohort_id).where("person_id", "=", learner).executeTakeFirstOrThrow();
    const page = await import("../routes/runs.$runId");
    const done = await run(page.action, await requestAs("ld", `/programmes/research-in-practice/runs/${RUN.id}`, form([["learner", String(place.id)]])), { runId: RUN.id });
    expect(done.data).toMatchObject({ completed: 1 });
    const sourceRef = `enrolment:${place.id}`;
    expect(await db().selectFrom("cpd_entries").select(["title", "hours"]).where("person_id", "=", learner).where("source_ref", "=", sourceRef).execute()).toEqual([{ title: "Course B", hours: 12 }]);
    const offers = await db().selectFrom("evidence_offers").select("statement_ref").where("person_id", "=", learner).where("source_ref", "=", sourceRef).orderBy("statement_ref").execute();
    expect(offers.map((o) => o.statement_ref)).toEqual(["kss-practitioner:3", "kss-practitioner:9"]);
  });
});

describe("a run that has begun, listed under another course", () => {
  const BEGUN = { id: "begun-run", startsOn: "2031-06-09", endsOn: "2031-06-09", venue: "Civic Offices", capacity: 5, managerApproval: false };
  const TO_COME = { ...BEGUN, id: "still-to-come-run", startsOn: "2031-06-16", endsOn: "2031-06-16" };
  const courseC = (modified: string, runs: unknown[]) => course("begun-c", modified, { title: "Course C", cpdHours: 3, kss: ["kss-practitioner:6"], runs });
  const courseD = (modified: string, runs: unknown[]) => course("begun-d", modified, { title: "Course D", cpdHours: 12, kss: ["kss-practitioner:3", "kss-practitioner:9"], runs });

  /** Records the learner's completion on the run's page; answers what their CPD entry and evidence offers say. */
  async function complete(runId: string, who: "practitioner" | "asye") {
    const learner = await personIdOf(who);
    const place = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", (await heldRun(runId)).cohort_id).where("person_id", "=", learner).executeTakeFirstOrThrow();
    const page = await import("../routes/runs.$runId");
    const done = await run(page.action, await requestAs("ld", `/programmes/research-in-practice/runs/${runId}`, form([["learner", String(place.id)]])), { runId });
    expect(done.data).toMatchObject({ completed: 1 });
    const sourceRef = `enrolment:${place.id}`;
    const cpd = await db().selectFrom("cpd_entries").select(["title", "hours"]).where("person_id", "=", learner).where("source_ref", "=", sourceRef).execute();
    const offers = await db().selectFrom("evidence_offers").select("statement_ref").where("person_id", "=", learner).where("source_ref", "=", sourceRef).orderBy("statement_ref").execute();
    return { cpd, kss: offers.map((o) => o.statement_ref) };
  }

  let completedBefore: Awaited<ReturnType<typeof complete>>;

  beforeAll(async () => {
    serve([[courseC("2031-02-01T00:00:00Z", [BEGUN, TO_COME])]]);
    await sync();
    for (const who of ["practitioner", "asye"] as const) expect((await book(who, "begun-c", BEGUN.id)).status).toBe(303);
    await heldOn(BEGUN.id, yesterday());
    completedBefore = await complete(BEGUN.id, "practitioner");
    // The provider now lists both runs under Course D, the one that has begun as it was held.
    serve([[courseC("2031-02-02T00:00:00Z", []), courseD("2031-02-02T00:00:00Z", [{ ...BEGUN, startsOn: yesterday(), endsOn: yesterday() }, TO_COME])]]);
    await sync();
  });

  it("stays on its course, named as it was, while the one still to come moves", async () => {
    expect(await heldRun(BEGUN.id)).toMatchObject({ course_id: "begun-c", withdrawn: 0 });
    expect((await startedRunsOf("begun-c", 1)).rows.map((r) => r.id)).toEqual([BEGUN.id]);
    expect((await startedRunsOf("begun-d", 1)).rows).toEqual([]);
    const cohort = await db().selectFrom("cohorts").select("name").where("id", "=", (await heldRun(BEGUN.id)).cohort_id).executeTakeFirstOrThrow();
    expect(cohort.name).toBe("Course C");
    expect(await heldRun(TO_COME.id)).toMatchObject({ course_id: "begun-d", withdrawn: 0 });
    expect(await listedBy("begun-d")).toEqual([TO_COME.id]);
    expect(await listedBy("begun-c")).toEqual([]);
  });

  it("is audited as unchanged, while the one still to come is audited as moved", async () => {
    const eventsOf = async (runId: string) =>
      db().selectFrom("audit_events").select(["action", "before_json", "after_json"]).where("subject_type", "=", "cohort").where("subject_id", "=", String((await heldRun(runId)).cohort_id)).orderBy("id").execute();
    expect((await eventsOf(BEGUN.id)).map((e) => e.action)).toEqual(["research-in-practice.run.created"]);
    expect((await eventsOf(TO_COME.id)).slice(1)).toEqual([
      { action: "research-in-practice.run.updated", before_json: JSON.stringify({ course: "begun-c", name: "Course C" }), after_json: JSON.stringify({ course: "begun-d", name: "Course D" }) },
    ]);
  });

  it("gives a learner completed after the sync the same CPD hours and KSS statements as one completed before it", async () => {
    expect(completedBefore).toEqual({ cpd: [{ title: "Course C", hours: 3 }], kss: ["kss-practitioner:6"] });
    expect(await complete(BEGUN.id, "asye")).toEqual(completedBefore);
  });
});
