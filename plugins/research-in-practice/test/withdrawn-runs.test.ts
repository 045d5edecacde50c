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

const runStarting = (id: string, capacity: number, startsOn: string) => ({ id, startsOn, endsOn: startsOn, venue: "Online", capacity, managerApproval: true });
const cohortOf = async (runId: string) => (await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow()).cohort_id;
const asSystem = { userId: null, personId: null };
const placesOn = (cohortId: number) => db().selectFrom("enrolments").select(["id", "person_id", "status", "waitlist_position"]).where("cohort_id", "=", cohortId).orderBy("id").execute();
const inboxKeys = async () => ((await runRoute((await import("../../../app/routes/team._index")).loader, await requestAs("manager", "/team"))).data as { inbox: { key: string }[] }).inbox.map((i) => i.key);

describe("a run withdrawn before it starts", () => {
  const runOf = (id: string, capacity: number) => runStarting(id, capacity, "2030-10-01");
  const noticesOf = (courseId: string) =>
    db().selectFrom("notices").select(["person_id", "source", "message_key", "values_json", "href"]).where("message_key", "like", "notices.runWithdrawn.%").where("href", "=", `/programmes/research-in-practice/courses/${courseId}`).orderBy("person_id").execute();

  /** On one run: a booked place, two on the waiting list and a request waiting for the manager; and a request on the course's other run. */
  async function bookedAndWaiting(courseId: string) {
    serve([[course(courseId, "2029-08-01T00:00:00Z", { runs: [runOf(`${courseId}-a`, 1), runOf(`${courseId}-b`, 10)] })]]);
    await sync();
    const [dropped, kept] = [await cohortOf(`${courseId}-a`), await cohortOf(`${courseId}-b`)];
    const practitioner = await personIdOf("practitioner");
    const others = (await db().selectFrom("people").select("id").where("id", "!=", practitioner).orderBy("id").limit(3).execute()).map((p) => p.id);
    for (const personId of others) expect((await requestPlace({ cohortId: dropped, personId, actor: asSystem, direct: true })).ok).toBe(true);
    const request = await requestPlace({ cohortId: dropped, personId: practitioner, actor: asSystem });
    const otherRequest = await requestPlace({ cohortId: kept, personId: practitioner, actor: asSystem });
    if (!request.ok || !otherRequest.ok) throw new Error("the requests were refused");
    expect([request.status, otherRequest.status]).toEqual(["requested", "requested"]);
    return { dropped, kept, practitioner, others, request: request.enrolmentId, otherRequest: otherRequest.enrolmentId };
  }

  it("closes its requests and waiting list, audited as the system, tells everyone on it, and leaves the course's other run alone", async () => {
    const { dropped, kept, practitioner, others, request, otherRequest } = await bookedAndWaiting("wd1");
    expect(await inboxKeys()).toEqual(expect.arrayContaining([`request-${request}`, `request-${otherRequest}`]));

    // The provider drops the first run from the course.
    serve([[course("wd1", "2029-08-02T00:00:00Z", { runs: [runOf("wd1-b", 10)] })]]);
    await sync();

    const [booked, first, second] = others;
    expect((await placesOn(dropped)).map(({ person_id, status, waitlist_position }) => ({ person_id, status, waitlist_position }))).toEqual([
      // A booked place is kept: bookings keep pointing at a withdrawn run.
      { person_id: booked, status: "enrolled", waitlist_position: null },
      { person_id: first, status: "withdrawn", waitlist_position: null },
      { person_id: second, status: "withdrawn", waitlist_position: null },
      { person_id: practitioner, status: "withdrawn", waitlist_position: null },
    ]);
    expect(await placesOn(kept)).toEqual([{ id: otherRequest, person_id: practitioner, status: "requested", waitlist_position: null }]);

    const closedIds = (await placesOn(dropped)).filter((p) => p.status === "withdrawn").map((p) => p.id);
    // No reason of ours on the places: a reason is what a person typed, shown as written, and an English
    // sentence would reach a Welsh learner's data download in English.
    expect((await db().selectFrom("enrolments").select("reason").where("id", "in", closedIds).execute()).map((p) => p.reason)).toEqual([null, null, null]);
    const { files } = await downloadPersonalData("practitioner");
    const download = JSON.parse(files["personal-data.json"]) as { enrolments: { id: number; reason: string | null }[] };
    expect(download.enrolments.find((e) => e.id === request)).toMatchObject({ status: "withdrawn", reason: null });
    expect(Object.values(files).join("\n")).not.toContain("withdrawn by the provider");
    const events = await db().selectFrom("audit_events").select(["action", "actor_user_id", "actor_person_id", "subject_type", "subject_id", "person_id", "before_json", "after_json"]).where("action", "=", "enrolment.withdrawn").where("subject_id", "in", [...closedIds, otherRequest].map(String)).orderBy("person_id").execute();
    const closedEvent = (personId: number, status: string) => ({ action: "enrolment.withdrawn", actor_user_id: null, actor_person_id: null, subject_type: "enrolment", person_id: personId, before_json: JSON.stringify({ status }), after_json: JSON.stringify({ status: "withdrawn", reason: null }) });
    expect(events.map(({ subject_id, ...rest }) => rest).sort((a, b) => a.person_id! - b.person_id!)).toEqual(
      [closedEvent(first, "waitlisted"), closedEvent(second, "waitlisted"), closedEvent(practitioner, "requested")].sort((a, b) => a.person_id - b.person_id),
    );

    const told = (personId: number, status: string) => ({ person_id: personId, source: "research-in-practice", message_key: `notices.runWithdrawn.${status}`, values_json: JSON.stringify({ course: "Course wd1", date: "2030-10-01" }), href: "/programmes/research-in-practice/courses/wd1" });
    expect(await noticesOf("wd1")).toEqual([told(booked, "enrolled"), told(first, "waitlisted"), told(second, "waitlisted"), told(practitioner, "requested")].sort((a, b) => a.person_id - b.person_id));
    for (const locale of ["en-GB", "cy"] as const) {
      const words = fixedT(locale, "research-in-practice")("notices.runWithdrawn.requested", { course: "Course wd1", date: "1 October 2030" });
      expect(words).toContain("Course wd1");
      expect(words).not.toContain("notices.");
    }

    // The manager's inbox keeps only the request on the run still offered.
    const inbox = await inboxKeys();
    expect(inbox).not.toContain(`request-${request}`);
    expect(inbox).toContain(`request-${otherRequest}`);
  });

  it("leaves the places on a run the provider drops once it has started, and tells nobody: it is history, not a withdrawal", async () => {
    const started = { ...runOf("wd3-a", 1), startsOn: isoDate(new Date(Date.now() - 2 * 86_400_000)) };
    serve([[course("wd3", "2029-08-01T00:00:00Z", { runs: [started, runOf("wd3-b", 10)] })]]);
    await sync();
    const cohortId = await cohortOf("wd3-a");
    const people = (await db().selectFrom("people").select("id").orderBy("id").limit(2).execute()).map((p) => p.id);
    for (const personId of people) await requestPlace({ cohortId, personId, actor: asSystem, direct: true });
    serve([[course("wd3", "2029-08-02T00:00:00Z", { runs: [runOf("wd3-b", 10)] })]]);
    await sync();
    expect((await placesOn(cohortId)).map((p) => p.status)).toEqual(["enrolled", "waitlisted"]);
    expect(await noticesOf("wd3")).toEqual([]);
  });

  it("changes nothing, not even the run, when a closed place's audit event cannot be written", async () => {
    const { dropped, request } = await bookedAndWaiting("wd2");
    serve([[course("wd2", "2029-08-02T00:00:00Z", { runs: [runOf("wd2-b", 10)] })]]);
    const before = { catalogue: await snapshot(), places: await placesOn(dropped) };

    expect(await failsWhileAuditFails(sync, "enrolment.withdrawn")).toBe(true);
    expect({ catalogue: await snapshot(), places: await placesOn(dropped) }).toEqual(before);
    expect(await noticesOf("wd2")).toEqual([]);
    expect(await inboxKeys()).toContain(`request-${request}`);

    // With the audit back, the same feed withdraws the run and closes the request.
    await sync();
    expect((await placesOn(dropped)).find((p) => p.id === request)?.status).toBe("withdrawn");
  });
});

describe("a run withdrawn before its places were closed on withdrawal", () => {
  const runOf = (id: string, capacity: number) => runStarting(id, capacity, "2030-11-01");
  const noticesOf = (courseId: string) =>
    db().selectFrom("notices").select(["person_id", "message_key", "values_json"]).where("message_key", "like", "notices.runWithdrawn.%").where("href", "=", `/programmes/research-in-practice/courses/${courseId}`).orderBy("person_id").execute();
  /** Everything any sync has closed and told about withdrawn runs, to show a sync adds none. */
  const everyClosingAndNotice = async () => ({
    closed: await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.withdrawn").orderBy("id").execute(),
    told: await db().selectFrom("notices").select("id").where("message_key", "like", "notices.runWithdrawn.%").orderBy("id").execute(),
  });
  /** The feed with nothing new since the last sync. */
  const nothingNew = () => serve([[]]);

  /**
   * On one run: a booked place, two on the waiting list and a request waiting for the manager; and a
   * request on the course's other run. Then the run is marked withdrawn in the database alone, as a sync
   * before this release withdrew it, leaving its request and waiting list open.
   */
  async function withdrawnLongAgo(courseId: string) {
    serve([[course(courseId, "2029-09-01T00:00:00Z", { runs: [runOf(`${courseId}-a`, 1), runOf(`${courseId}-b`, 10)] })]]);
    await sync();
    const [withdrawn, kept] = [await cohortOf(`${courseId}-a`), await cohortOf(`${courseId}-b`)];
    const practitioner = await personIdOf("practitioner");
    const others = (await db().selectFrom("people").select("id").where("id", "!=", practitioner).orderBy("id").limit(3).execute()).map((p) => p.id);
    for (const personId of others) expect((await requestPlace({ cohortId: withdrawn, personId, actor: asSystem, direct: true })).ok).toBe(true);
    const request = await requestPlace({ cohortId: withdrawn, personId: practitioner, actor: asSystem });
    const otherRequest = await requestPlace({ cohortId: kept, personId: practitioner, actor: asSystem });
    if (!request.ok || !otherRequest.ok) throw new Error("the requests were refused");
    await ripDb().updateTable("research_in_practice_runs").set({ withdrawn: 1 }).where("id", "=", `${courseId}-a`).execute();
    expect((await placesOn(withdrawn)).map((p) => p.status)).toEqual(["enrolled", "waitlisted", "waitlisted", "requested"]);
    return { withdrawn, kept, practitioner, others, request: request.enrolmentId, otherRequest: otherRequest.enrolmentId };
  }

  it("has its request and waiting list closed by the next sync, though the feed has nothing new, audited as the system and told to those whose place it closed, never the booked", async () => {
    const { withdrawn, kept, practitioner, others, request, otherRequest } = await withdrawnLongAgo("wd4");
    expect(await inboxKeys()).toContain(`request-${request}`);

    nothingNew();
    expect(await sync()).toMatchObject({ values: { added: 0, updated: 0, withdrawn: 0, unchanged: 0 } });

    const [booked, first, second] = others;
    expect((await placesOn(withdrawn)).map(({ person_id, status, waitlist_position }) => ({ person_id, status, waitlist_position }))).toEqual([
      { person_id: booked, status: "enrolled", waitlist_position: null },
      { person_id: first, status: "withdrawn", waitlist_position: null },
      { person_id: second, status: "withdrawn", waitlist_position: null },
      { person_id: practitioner, status: "withdrawn", waitlist_position: null },
    ]);
    expect(await placesOn(kept)).toEqual([{ id: otherRequest, person_id: practitioner, status: "requested", waitlist_position: null }]);

    const closedIds = (await placesOn(withdrawn)).filter((p) => p.status === "withdrawn").map((p) => p.id);
    const events = await db().selectFrom("audit_events").select(["actor_user_id", "actor_person_id", "subject_type", "person_id", "before_json", "after_json"]).where("action", "=", "enrolment.withdrawn").where("subject_id", "in", [...closedIds, otherRequest].map(String)).execute();
    const closedEvent = (personId: number, status: string) => ({ actor_user_id: null, actor_person_id: null, subject_type: "enrolment", person_id: personId, before_json: JSON.stringify({ status }), after_json: JSON.stringify({ status: "withdrawn", reason: null }) });
    const byPerson = (a: { person_id: number | null }, b: { person_id: number | null }) => a.person_id! - b.person_id!;
    expect(events.sort(byPerson)).toEqual([closedEvent(first, "waitlisted"), closedEvent(second, "waitlisted"), closedEvent(practitioner, "requested")].sort(byPerson));

    // Only those whose place was closed are told: the booked learner's run was withdrawn by an earlier sync.
    const told = (personId: number, status: string) => ({ person_id: personId, message_key: `notices.runWithdrawn.${status}`, values_json: JSON.stringify({ course: "Course wd4", date: "2030-11-01" }) });
    expect(await noticesOf("wd4")).toEqual([told(first, "waitlisted"), told(second, "waitlisted"), told(practitioner, "requested")].sort(byPerson));

    const inbox = await inboxKeys();
    expect(inbox).not.toContain(`request-${request}`);
    expect(inbox).toContain(`request-${otherRequest}`);

    // The next sync finds nothing open on a withdrawn run: it closes nothing and tells nobody again.
    const before = { everything: await everyClosingAndNotice(), places: await placesOn(withdrawn) };
    nothingNew();
    await sync();
    expect({ everything: await everyClosingAndNotice(), places: await placesOn(withdrawn) }).toEqual(before);
  });

  it("changes nothing when a closed place's audit event cannot be written, and the next sync closes it", async () => {
    const { withdrawn, request } = await withdrawnLongAgo("wd5");
    const before = { catalogue: await snapshot(), places: await placesOn(withdrawn) };

    nothingNew();
    expect(await failsWhileAuditFails(sync, "enrolment.withdrawn")).toBe(true);
    expect({ catalogue: await snapshot(), places: await placesOn(withdrawn) }).toEqual(before);
    expect(await noticesOf("wd5")).toEqual([]);
    expect(await inboxKeys()).toContain(`request-${request}`);

    nothingNew();
    await sync();
    expect((await placesOn(withdrawn)).map((p) => p.status)).toEqual(["enrolled", "withdrawn", "withdrawn", "withdrawn"]);
  });
});
