// A run the provider withdraws before it starts: the catalogue sync closes its requests (which a manager
// could otherwise approve onto a run that will not happen) and its waiting list, in the feed's transaction,
// audited as the system, and tells those on it; a run withdrawn before this was done is closed by any later
// sync. Split from sync.test.ts, which covers the feed itself.
import { beforeAll, describe, expect, it } from "vitest";
import { requestPlace } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { isoDate } from "../../../app/utils/dates";
import { fixedT } from "../../../app/utils/i18n.server";
import { failsWhileAuditFails } from "../../../tests/support/failing-audit";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { downloadPersonalData } from "../../../tests/support/personal-data-download";
import { run as runRoute } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { course, serve, snapshot, sync } from "./feed-support";

useOutsideWorld();
beforeAll(seedDemo);

const asSystem = { userId: null, personId: null };
const cohortOf = async (runId: string) => (await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow()).cohort_id;
const placesOn = (cohortId: number) => db().selectFrom("enrolments").select(["id", "person_id", "status", "waitlist_position"]).where("cohort_id", "=", cohortId).orderBy("id").execute();
const inboxKeys = async () => ((await runRoute((await import("../../../app/routes/team._index")).loader, await requestAs("manager", "/team"))).data as { inbox: { key: string }[] }).inbox.map((i) => i.key);
const withdrawnFlagOf = async (runId: string) => (await ripDb().selectFrom("research_in_practice_runs").select("withdrawn").where("id", "=", runId).executeTakeFirstOrThrow()).withdrawn;
const runWithdrawnEvents = (cohortId: number) => db().selectFrom("audit_events").select("id").where("action", "=", "research-in-practice.run.withdrawn").where("subject_id", "=", String(cohortId)).execute();
const byPerson = (a: { person_id: number | null }, b: { person_id: number | null }) => a.person_id! - b.person_id!;
const noticesOf = (courseId: string) =>
  db().selectFrom("notices").select(["person_id", "source", "message_key", "values_json", "href"]).where("message_key", "like", "notices.runWithdrawn.%").where("href", "=", `/programmes/research-in-practice/courses/${courseId}`).orderBy("person_id").execute();
/** The notice a person is told, by the status their place had. */
const told = (courseId: string, startsOn: string) => (personId: number, status: string) => ({
  person_id: personId,
  source: "research-in-practice",
  message_key: `notices.runWithdrawn.${status}`,
  values_json: JSON.stringify({ course: `Course ${courseId}`, date: startsOn }),
  href: `/programmes/research-in-practice/courses/${courseId}`,
});

/** A course with two runs starting on `startsOn` (the first on `firstStartsOn`): `-a` with one place, `-b` with ten. */
const courseWithTwoRuns = (courseId: string, startsOn: string, firstStartsOn = startsOn) => {
  const runOf = (id: string, capacity: number, on: string) => ({ id, startsOn: on, endsOn: on, venue: "Online", capacity, managerApproval: true });
  return {
    both: () => course(courseId, "2029-08-01T00:00:00Z", { runs: [runOf(`${courseId}-a`, 1, firstStartsOn), runOf(`${courseId}-b`, 10, startsOn)] }),
    withoutTheFirst: () => course(courseId, "2029-08-02T00:00:00Z", { runs: [runOf(`${courseId}-b`, 10, startsOn)] }),
  };
};

/** On the course's first run: a booked place, two on the waiting list and a request waiting for the manager; and a request on its second run. */
async function bookedAndWaiting(courseId: string, startsOn: string) {
  serve([[courseWithTwoRuns(courseId, startsOn).both()]]);
  await sync();
  const [onTheRun, onTheOtherRun] = [await cohortOf(`${courseId}-a`), await cohortOf(`${courseId}-b`)];
  const practitioner = await personIdOf("practitioner");
  const others = (await db().selectFrom("people").select("id").where("id", "!=", practitioner).orderBy("id").limit(3).execute()).map((p) => p.id);
  for (const personId of others) expect((await requestPlace({ cohortId: onTheRun, personId, actor: asSystem, direct: true })).ok).toBe(true);
  const request = await requestPlace({ cohortId: onTheRun, personId: practitioner, actor: asSystem });
  const otherRequest = await requestPlace({ cohortId: onTheOtherRun, personId: practitioner, actor: asSystem });
  if (!request.ok || !otherRequest.ok) throw new Error("the requests were refused");
  expect([request.status, otherRequest.status]).toEqual(["requested", "requested"]);
  const [booked, firstWaiting, secondWaiting] = others;
  return { onTheRun, onTheOtherRun, practitioner, booked, firstWaiting, secondWaiting, request: request.enrolmentId, otherRequest: otherRequest.enrolmentId };
}
type Setup = Awaited<ReturnType<typeof bookedAndWaiting>>;

/** The booked place is kept (bookings keep pointing at a withdrawn run); every other place on the run is closed, audited as the system; the other run's request stays, in the manager's inbox. */
async function expectClosedButTheBookedPlace(setup: Setup) {
  const { onTheRun, onTheOtherRun, practitioner, booked, firstWaiting, secondWaiting, request, otherRequest } = setup;
  expect((await placesOn(onTheRun)).map(({ person_id, status, waitlist_position }) => ({ person_id, status, waitlist_position }))).toEqual([
    { person_id: booked, status: "enrolled", waitlist_position: null },
    { person_id: firstWaiting, status: "withdrawn", waitlist_position: null },
    { person_id: secondWaiting, status: "withdrawn", waitlist_position: null },
    { person_id: practitioner, status: "withdrawn", waitlist_position: null },
  ]);
  expect(await placesOn(onTheOtherRun)).toEqual([{ id: otherRequest, person_id: practitioner, status: "requested", waitlist_position: null }]);

  const closedIds = (await placesOn(onTheRun)).filter((p) => p.status === "withdrawn").map((p) => p.id);
  const events = await db().selectFrom("audit_events").select(["actor_user_id", "actor_person_id", "subject_type", "person_id", "before_json", "after_json"]).where("action", "=", "enrolment.withdrawn").where("subject_id", "in", [...closedIds, otherRequest].map(String)).execute();
  const closedEvent = (personId: number, status: string) => ({ actor_user_id: null, actor_person_id: null, subject_type: "enrolment", person_id: personId, before_json: JSON.stringify({ status }), after_json: JSON.stringify({ status: "withdrawn", reason: null }) });
  expect(events.sort(byPerson)).toEqual([closedEvent(firstWaiting, "waitlisted"), closedEvent(secondWaiting, "waitlisted"), closedEvent(practitioner, "requested")].sort(byPerson));

  const inbox = await inboxKeys();
  expect(inbox).not.toContain(`request-${request}`);
  expect(inbox).toContain(`request-${otherRequest}`);
  return closedIds;
}

describe("a run withdrawn before it starts", () => {
  const startsOn = "2030-10-01";

  it("closes its requests and waiting list, audited as the system, tells everyone on it, and leaves the course's other run alone", async () => {
    const setup = await bookedAndWaiting("wd1", startsOn);
    expect(await inboxKeys()).toEqual(expect.arrayContaining([`request-${setup.request}`, `request-${setup.otherRequest}`]));

    serve([[courseWithTwoRuns("wd1", startsOn).withoutTheFirst()]]);
    await sync();

    const closedIds = await expectClosedButTheBookedPlace(setup);
    // No reason of ours on the places: a reason is what a person typed, shown as written, and an English
    // sentence would reach a Welsh learner's data download in English.
    expect((await db().selectFrom("enrolments").select("reason").where("id", "in", closedIds).execute()).map((p) => p.reason)).toEqual([null, null, null]);
    const { files } = await downloadPersonalData("practitioner");
    const download = JSON.parse(files["personal-data.json"]) as { enrolments: { id: number; reason: string | null }[] };
    expect(download.enrolments.find((e) => e.id === setup.request)).toMatchObject({ status: "withdrawn", reason: null });
    expect(Object.values(files).join("\n")).not.toContain("withdrawn by the provider");

    const { booked, firstWaiting, secondWaiting, practitioner } = setup;
    const notice = told("wd1", startsOn);
    expect(await noticesOf("wd1")).toEqual([notice(booked, "enrolled"), notice(firstWaiting, "waitlisted"), notice(secondWaiting, "waitlisted"), notice(practitioner, "requested")].sort(byPerson));
    for (const locale of ["en-GB", "cy"] as const) {
      const words = fixedT(locale, "research-in-practice")("notices.runWithdrawn.requested", { course: "Course wd1", date: "1 October 2030" });
      expect(words).toContain("Course wd1");
      expect(words).not.toContain("notices.");
    }
  });

  it("leaves a run the provider drops once it has started as it was, places and all, and tells nobody: it is history, not a withdrawal", async () => {
    const twoRuns = courseWithTwoRuns("wd3", startsOn, isoDate(new Date(Date.now() - 2 * 86_400_000)));
    serve([[twoRuns.both()]]);
    await sync();
    const cohortId = await cohortOf("wd3-a");
    const people = (await db().selectFrom("people").select("id").orderBy("id").limit(2).execute()).map((p) => p.id);
    for (const personId of people) await requestPlace({ cohortId, personId, actor: asSystem, direct: true });
    serve([[twoRuns.withoutTheFirst()]]);
    await sync();
    expect((await placesOn(cohortId)).map((p) => p.status)).toEqual(["enrolled", "waitlisted"]);
    expect(await noticesOf("wd3")).toEqual([]);
    // Not marked withdrawn, so L&D can still record who completed it.
    expect(await withdrawnFlagOf("wd3-a")).toBe(0);
    expect(await runWithdrawnEvents(cohortId)).toEqual([]);
  });

  it("leaves a started run as it was when the provider withdraws its whole course, and withdraws the run still to come", async () => {
    const twoRuns = courseWithTwoRuns("wd6", startsOn, isoDate(new Date(Date.now() - 2 * 86_400_000)));
    serve([[twoRuns.both()]]);
    await sync();
    serve([[{ ...twoRuns.both(), lastModified: "2029-08-03T00:00:00Z", withdrawn: true }]]);
    await sync();
    expect([await withdrawnFlagOf("wd6-a"), await withdrawnFlagOf("wd6-b")]).toEqual([0, 1]);
    expect(await runWithdrawnEvents(await cohortOf("wd6-a"))).toEqual([]);
  });

  it("changes nothing, not even the run, when a closed place's audit event cannot be written", async () => {
    const { onTheRun, request } = await bookedAndWaiting("wd2", startsOn);
    serve([[courseWithTwoRuns("wd2", startsOn).withoutTheFirst()]]);
    const before = { catalogue: await snapshot(), places: await placesOn(onTheRun) };

    expect(await failsWhileAuditFails(sync, "enrolment.withdrawn")).toBe(true);
    expect({ catalogue: await snapshot(), places: await placesOn(onTheRun) }).toEqual(before);
    expect(await noticesOf("wd2")).toEqual([]);
    expect(await inboxKeys()).toContain(`request-${request}`);

    // With the audit back, the same feed withdraws the run and closes the request.
    await sync();
    expect((await placesOn(onTheRun)).find((p) => p.id === request)?.status).toBe("withdrawn");
  });
});

describe("a run withdrawn before its places were closed on withdrawal", () => {
  const startsOn = "2030-11-01";
  /** Everything any sync has closed and told about withdrawn runs, to show a sync adds none. */
  const everyClosingAndNotice = async () => ({
    closed: await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.withdrawn").orderBy("id").execute(),
    told: await db().selectFrom("notices").select("id").where("message_key", "like", "notices.runWithdrawn.%").orderBy("id").execute(),
  });
  /** The feed with nothing new since the last sync. */
  const nothingNew = () => serve([[]]);

  /** The places of `bookedAndWaiting`, on a run then marked withdrawn in the database alone, as a sync before this release withdrew it, leaving its request and waiting list open. */
  async function withdrawnLongAgo(courseId: string) {
    const setup = await bookedAndWaiting(courseId, startsOn);
    await ripDb().updateTable("research_in_practice_runs").set({ withdrawn: 1 }).where("id", "=", `${courseId}-a`).execute();
    expect((await placesOn(setup.onTheRun)).map((p) => p.status)).toEqual(["enrolled", "waitlisted", "waitlisted", "requested"]);
    return setup;
  }

  it("has its request and waiting list closed by the next sync, though the feed has nothing new, audited as the system and told to those whose place it closed, never the booked", async () => {
    const setup = await withdrawnLongAgo("wd4");
    expect(await inboxKeys()).toContain(`request-${setup.request}`);

    nothingNew();
    expect(await sync()).toMatchObject({ values: { added: 0, updated: 0, withdrawn: 0, unchanged: 0 } });

    await expectClosedButTheBookedPlace(setup);
    // Only those whose place was closed are told: the booked learner's run was withdrawn by an earlier sync.
    const notice = told("wd4", startsOn);
    expect(await noticesOf("wd4")).toEqual([notice(setup.firstWaiting, "waitlisted"), notice(setup.secondWaiting, "waitlisted"), notice(setup.practitioner, "requested")].sort(byPerson));

    // The next sync finds nothing open on a withdrawn run: it closes nothing and tells nobody again.
    const before = { everything: await everyClosingAndNotice(), places: await placesOn(setup.onTheRun) };
    nothingNew();
    await sync();
    expect({ everything: await everyClosingAndNotice(), places: await placesOn(setup.onTheRun) }).toEqual(before);
  });

  it("changes nothing when a closed place's audit event cannot be written, and the next sync closes it", async () => {
    const { onTheRun, request } = await withdrawnLongAgo("wd5");
    const before = { catalogue: await snapshot(), places: await placesOn(onTheRun) };

    nothingNew();
    expect(await failsWhileAuditFails(sync, "enrolment.withdrawn")).toBe(true);
    expect({ catalogue: await snapshot(), places: await placesOn(onTheRun) }).toEqual(before);
    expect(await noticesOf("wd5")).toEqual([]);
    expect(await inboxKeys()).toContain(`request-${request}`);

    nothingNew();
    await sync();
    expect((await placesOn(onTheRun)).map((p) => p.status)).toEqual(["enrolled", "withdrawn", "withdrawn", "withdrawn"]);
  });
});
