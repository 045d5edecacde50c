// The catalogue sync against msw standing in for the provider: paging, incremental and idempotent
// syncs, a course changing between syncs, withdrawal with bookings (and a run withdrawn before its
// places were closed on withdrawal), every failure leaving the last good catalogue in place, and each
// outcome worded right for a count of 1 and for more.
import { http, HttpResponse, delay } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { JobFailure, type JobDetail, type JobSummary } from "../../sdk";
import { fixedT } from "../../../app/utils/i18n.server";
import { outsideWorld, useOutsideWorld } from "../../../tests/support/msw";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { db } from "../../../app/utils/db.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { isoDate } from "../../../app/utils/dates";
import { requestAs } from "../../../tests/support/fixtures";
import { failsWhileAuditFails } from "../../../tests/support/failing-audit";
import { run as runRoute } from "../../../tests/support/route";
import { cohortsNamedByCourse } from "../migrations/0002-cohorts-named-by-course";
import { createTailoredRun, courseById } from "../server/catalogue.server";
import { ripDb } from "../server/db.server";
import { retryAfterSeconds } from "../server/sync.server";
import { course, FEED, serve, snapshot, sync, waits } from "./feed-support";

useOutsideWorld();
beforeAll(seedDemo);

async function expectFailure(message: string, values: Record<string, unknown> = {}) {
  const before = await snapshot();
  const error = await sync().catch((e) => e);
  expect(error).toBeInstanceOf(JobFailure);
  expect((error as JobFailure).summary).toMatchObject({ messageKey: message, values });
  expect(await snapshot()).toEqual(before);
}

describe("a good feed", () => {
  it("reads every page with the bearer token and applies every course, each run a cohort", async () => {
    const asked = serve([[course("t1", "2027-01-01T00:00:00Z"), course("t2", "2027-01-02T00:00:00Z")], [course("t3", "2027-01-03T00:00:00Z")], [course("t4", "2027-01-04T00:00:00Z")]]);
    const summary = await sync();
    expect(asked.map((a) => a.page)).toEqual(["1", "2", "3"]);
    expect(asked.every((a) => a.auth === "Bearer secret")).toBe(true);
    expect(summary).toMatchObject({ messageKey: "sync.done", values: { pages: 3, added: 4, updated: 0, unchanged: 0, skipped: 0 } });
    const runs = await ripDb().selectFrom("research_in_practice_runs as r").innerJoin("cohorts as c", "c.id", "r.cohort_id").select(["r.id", "c.capacity", "c.programme_id"]).where("r.id", "like", "t%").orderBy("r.id").execute();
    expect(runs).toEqual(["t1", "t2", "t3", "t4"].map((id) => ({ id: `${id}-run`, capacity: 10, programme_id: "research-in-practice" })));
    expect((await snapshot()).cursor).toEqual([{ key: "cursor", value: "2027-01-04T00:00:00.000Z" }]);
  });

  it("asks only for what changed since the last sync, and applying the same again changes nothing", async () => {
    const asked = serve([[course("t1", "2027-01-01T00:00:00Z")]]);
    const before = await snapshot();
    const summary = await sync();
    expect(asked[0].since).toBe("2027-01-04T00:00:00.000Z");
    expect(summary).toMatchObject({ values: { added: 0, updated: 0, unchanged: 1 } });
    expect(await snapshot()).toEqual(before);
  });

  it("updates a course that changed between syncs, withdrawing a run it dropped but keeping its bookings", async () => {
    serve([[course("t1", "2027-02-01T00:00:00Z", { title: "Course t1, revised", runs: [{ id: "t1-new", startsOn: "2027-04-01", endsOn: "2027-04-02", venue: "Civic Offices", capacity: 20, managerApproval: true }] })]]);
    const oldRun = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", "t1-run").executeTakeFirstOrThrow();
    const booked = await requestPlace({ cohortId: oldRun.cohort_id, personId: await personIdOf("practitioner"), actor: { userId: null, personId: null }, direct: true });
    expect(booked.ok).toBe(true);
    const summary = await sync();
    expect(summary).toMatchObject({ values: { updated: 1 } });
    expect((await ripDb().selectFrom("research_in_practice_courses").select("title").where("id", "=", "t1").executeTakeFirstOrThrow()).title).toBe("Course t1, revised");
    const runs = await ripDb().selectFrom("research_in_practice_runs").select(["id", "withdrawn"]).where("course_id", "=", "t1").orderBy("id").execute();
    expect(runs).toEqual([{ id: "t1-new", withdrawn: 0 }, { id: "t1-run", withdrawn: 1 }]);
    expect(await db().selectFrom("enrolments").select("status").where("cohort_id", "=", oldRun.cohort_id).execute()).toEqual([{ status: "enrolled" }]);
    const approval = await ripDb().selectFrom("research_in_practice_runs as r").innerJoin("cohorts as c", "c.id", "r.cohort_id").select("c.requires_manager_approval").where("r.id", "=", "t1-new").executeTakeFirstOrThrow();
    expect(approval.requires_manager_approval).toBe(1);
  });

  it("marks a withdrawn course withdrawn, never deleting it", async () => {
    serve([[course("t2", "2027-02-02T00:00:00Z", { withdrawn: true })]]);
    expect(await sync()).toMatchObject({ values: { withdrawn: 1 } });
    expect(await ripDb().selectFrom("research_in_practice_courses").select("withdrawn").where("id", "=", "t2").executeTakeFirstOrThrow()).toEqual({ withdrawn: 1 });
    expect(await ripDb().selectFrom("research_in_practice_runs").select("withdrawn").where("id", "=", "t2-run").executeTakeFirstOrThrow()).toEqual({ withdrawn: 1 });
  });

  it("skips a malformed item and reports it, applying the rest", async () => {
    serve([[course("t5", "2027-03-01T00:00:00Z"), { id: "t6", title: "No format or dates" }, course("t7", "2027-03-02T00:00:00Z", { kss: ["not a statement"] })]]);
    const summary = await sync();
    expect(summary).toMatchObject({ messageKey: "sync.doneWithSkipped", values: { added: 1, skipped: 2 } });
    const problems = summary.details as { key: string; values: { id: string; field: string } }[];
    expect(new Set(problems.map((p) => p.values.id))).toEqual(new Set(["t6", "t7"]));
    expect(problems.filter((p) => p.values.id === "t6").map((p) => p.values.field)).toEqual(expect.arrayContaining(["format", "runs", "lastModified"]));
    expect(problems.filter((p) => p.values.id === "t7")).toEqual([{ key: "sync.problems.invalid", values: { id: "t7", field: "kss.0" } }]);
    expect(await ripDb().selectFrom("research_in_practice_courses").select("id").where("id", "in", ["t5", "t6", "t7"]).execute()).toEqual([{ id: "t5" }]);
  });
});

describe("times with offsets", () => {
  it("compares last-modified times in UTC, whatever offset the provider writes", async () => {
    // 00:30 at +01:00 is 23:30 the day before in UTC: older than what is held, so it must not apply.
    serve([[course("t5", "2027-03-01T00:30:00+01:00", { title: "Older, in another offset" })]]);
    expect(await sync()).toMatchObject({ values: { unchanged: 1 } });
    serve([[course("t5", "2027-03-01T02:00:00+01:00", { title: "Newer, in another offset" })]]);
    expect(await sync()).toMatchObject({ values: { updated: 1 } });
    expect((await ripDb().selectFrom("research_in_practice_courses").select(["title", "last_modified"]).where("id", "=", "t5").executeTakeFirstOrThrow())).toEqual({ title: "Newer, in another offset", last_modified: "2027-03-01T01:00:00.000Z" });
  });
});

describe("a failing feed leaves the last good catalogue in place", () => {
  const changed = [[course("t1", "2027-05-01T00:00:00Z", { title: "Should not apply" })], [course("t8", "2027-05-02T00:00:00Z")]];

  it("on a server error part way through", async () => {
    outsideWorld.use(http.get(FEED, ({ request }) => (new URL(request.url).searchParams.get("page") === "2" ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ items: changed[0], page: 1, nextPage: 2 }))));
    await expectFailure("sync.errors.server", { page: 2, status: 503, fetched: 1 });
  });

  it("on a timeout", async () => {
    outsideWorld.use(http.get(FEED, async () => {
      await delay(1_000);
      return HttpResponse.json({ items: [], page: 1, nextPage: null });
    }));
    await expectFailure("sync.errors.timeout", { page: 1 });
  });

  it("on a malformed page", async () => {
    outsideWorld.use(http.get(FEED, () => HttpResponse.json({ items: changed[0], page: 1 })));
    await expectFailure("sync.errors.malformedPage", { page: 1, fetched: 0 });
    outsideWorld.use(http.get(FEED, () => new HttpResponse("<html>maintenance</html>", { headers: { "Content-Type": "text/html" } })));
    await expectFailure("sync.errors.malformedPage", { page: 1 });
  });

  it("when our token is refused", async () => {
    outsideWorld.use(http.get(FEED, () => new HttpResponse(null, { status: 401 })));
    await expectFailure("sync.errors.refused", { status: 401 });
  });

  it("when rate limited for longer than we retry, having waited as Retry-After asked", async () => {
    waits.length = 0;
    outsideWorld.use(http.get(FEED, () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "2" } })));
    await expectFailure("sync.errors.rateLimited", { page: 1, seconds: 2 });
    expect(waits).toEqual([2000, 2000]);
  });
});

describe("the outcome in words", () => {
  /** A summary as /admin words it: app/services/job-views.server.ts translates the stored summary so. */
  const worded = (summary: JobSummary, locale: "en-GB" | "cy" = "en-GB") => fixedT(locale, "research-in-practice")(summary.messageKey, summary.values);
  const failure = async () => ((await sync().catch((e) => e)) as JobFailure).summary;
  const KEPT = "Nothing was applied; the catalogue from the last good sync is unchanged.";
  const KEPT_CY = "Ni chafodd unrhyw newidiadau eu gwneud; mae'r catalog o'r cysoni llwyddiannus diwethaf heb ei newid.";

  it("labels each count of a sync that applied, rather than putting one plural after several numbers", async () => {
    serve([[course("w1", "2027-07-01T00:00:00Z")]]);
    expect(worded(await sync())).toBe("Catalogue synced. Pages read: 1. Courses added: 1, updated: 0, withdrawn: 0, unchanged: 0.");
    serve([[course("w2", "2027-07-02T00:00:00Z"), { id: "w3" }], [course("w4", "2027-07-03T00:00:00Z")]]);
    const skipped = await sync();
    expect(worded(skipped)).toBe("Catalogue synced, but some items were skipped. Items skipped: 1. Pages read: 2. Courses added: 2, updated: 0, withdrawn: 0. The skipped items are listed below.");
    expect(worded(skipped, "cy")).toBe("Mae'r catalog wedi'i gysoni, ond hepgorwyd rhai eitemau. Eitemau a hepgorwyd: 1; tudalennau a ddarllenwyd: 2; cyrsiau a ychwanegwyd: 2; wedi'u diweddaru: 0; wedi'u tynnu'n ôl: 0. Mae'r eitemau a hepgorwyd wedi'u rhestru isod.");
  });

  it("says 1 page and 0 or 2 pages read before a malformed page, and Welsh reads with its one form", async () => {
    const malformedOn = (bad: number) =>
      outsideWorld.use(http.get(FEED, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get("page"));
        return page === bad ? HttpResponse.json({ items: "not a list", page }) : HttpResponse.json({ items: [], page, nextPage: page + 1 });
      }));
    malformedOn(2);
    const one = await failure();
    expect(one).toMatchObject({ messageKey: "sync.errors.malformedPage", values: { page: 2, fetched: 1, count: 1 } });
    expect(worded(one)).toBe(`Page 2 of the feed was not in the agreed format (1 page read before it). ${KEPT}`);
    expect(worded(one, "cy")).toBe(`Nid oedd tudalen 2 o'r ffrwd yn y fformat y cytunwyd arno (tudalennau a ddarllenwyd cyn hynny: 1). ${KEPT_CY}`);
    malformedOn(1);
    expect(worded(await failure())).toBe(`Page 1 of the feed was not in the agreed format (0 pages read before it). ${KEPT}`);
    malformedOn(3);
    expect(worded(await failure())).toBe(`Page 3 of the feed was not in the agreed format (2 pages read before it). ${KEPT}`);
  });

  it("says 1 second and 2 seconds when rate limited for longer than we retry, and Welsh reads with its one form", async () => {
    outsideWorld.use(http.get(FEED, () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "1" } })));
    const one = await failure();
    expect(one).toMatchObject({ messageKey: "sync.errors.rateLimited", values: { page: 1, seconds: 1, count: 1 } });
    expect(worded(one)).toBe(`The provider asked us to wait (1 second) more often than we retry, on page 1. ${KEPT}`);
    expect(worded(one, "cy")).toBe(`Gofynnodd y darparwr i ni aros (1 eiliad) yn amlach nag rydym yn rhoi cynnig arall arni, ar dudalen 1. ${KEPT_CY}`);
    outsideWorld.use(http.get(FEED, () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "2" } })));
    expect(worded(await failure())).toBe(`The provider asked us to wait (2 seconds) more often than we retry, on page 1. ${KEPT}`);
  });
});

describe("rate limits", () => {
  it("honours Retry-After and carries on when the provider lets us", async () => {
    waits.length = 0;
    let calls = 0;
    outsideWorld.use(http.get(FEED, () => (++calls === 1 ? new HttpResponse(null, { status: 429, headers: { "Retry-After": "3" } }) : HttpResponse.json({ items: [course("t9", "2027-06-01T00:00:00Z")], page: 1, nextPage: null }))));
    expect(await sync()).toMatchObject({ values: { added: 1 } });
    expect(waits).toEqual([3000]);
  });

  it("reads Retry-After as seconds or as a date", () => {
    expect(retryAfterSeconds("5")).toBe(5);
    expect(retryAfterSeconds(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThanOrEqual(9);
    expect(retryAfterSeconds(null)).toBe(1);
    expect(retryAfterSeconds("soon")).toBe(1);
  });
});

describe("a run with impossible dates", () => {
  const runOn = (id: string, startsOn: string, endsOn: string) => ({ id, startsOn, endsOn, venue: "Online", capacity: 10, managerApproval: false });

  it("skips only its course, with the reason, applies the rest of the page, and does not block the next sync", async () => {
    serve([
      [
        course("d1", "2028-01-01T00:00:00Z", { runs: [runOn("d1-run", "2027-13-01", "2027-13-01")] }),
        course("d2", "2028-01-02T00:00:00Z", { runs: [runOn("d2-run", "2027-05-02", "2027-05-01")] }),
        course("d3", "2028-01-03T00:00:00Z"),
        course("d4", "2028-01-04T00:00:00Z", { runs: [runOn("d4-run", "2027-02-30", "2027-03-01")] }),
      ],
    ]);
    const summary = await sync();
    expect(summary).toMatchObject({ messageKey: "sync.doneWithSkipped", values: { added: 1, skipped: 3 } });
    expect(summary.details).toEqual([
      { key: "sync.problems.notRealDate", values: { id: "d1", field: "runs.0.startsOn" } },
      { key: "sync.problems.notRealDate", values: { id: "d1", field: "runs.0.endsOn" } },
      { key: "sync.problems.endsBeforeStart", values: { id: "d2", field: "runs.0.endsOn" } },
      { key: "sync.problems.notRealDate", values: { id: "d4", field: "runs.0.startsOn" } },
    ]);
    // Worded when /admin shows them, in its reader's language.
    const words = (locale: "en-GB" | "cy", detail: JobDetail | string) => (typeof detail === "string" ? detail : fixedT(locale, "research-in-practice")(detail.key, detail.values));
    expect(words("en-GB", summary.details![2])).toBe("d2: runs.0.endsOn is before the run starts (startsOn).");
    expect(words("cy", summary.details![0])).toBe("d1: nid yw runs.0.startsOn yn ddyddiad go iawn (YYYY-MM-DD, rhwng 1900 a 2199).");
    expect(await ripDb().selectFrom("research_in_practice_courses").select("id").where("id", "like", "d%").execute()).toEqual([{ id: "d3" }]);
    expect(await ripDb().selectFrom("research_in_practice_runs").select("id").where("id", "like", "d%").execute()).toEqual([{ id: "d3-run" }]);
    // d3 applied, but the cursor stops just before the earliest course skipped (d1), so the provider's
    // correction of it arrives however it dates it; d3, read again, changes nothing.
    expect((await snapshot()).cursor).toEqual([{ key: "cursor", value: "2027-12-31T23:59:59.999Z" }]);

    serve([[course("d5", "2028-01-05T00:00:00Z")]]);
    expect(await sync()).toMatchObject({ messageKey: "sync.done", values: { added: 1 } });
  });
});

describe("a run that changes between syncs", () => {
  const runOf = (id: string, startsOn: string, capacity: number) => ({ id, startsOn, endsOn: startsOn, venue: "Online", capacity, managerApproval: false });
  const cohortOf = async (runId: string) =>
    ripDb().selectFrom("research_in_practice_runs as r").innerJoin("cohorts as c", "c.id", "r.cohort_id").select(["c.id", "c.name", "c.capacity", "c.enrolment_closes_on"]).where("r.id", "=", runId).executeTakeFirstOrThrow();

  it("gives the places a raised capacity frees to the people waiting, in their order, each told on /me", async () => {
    serve([[course("c1", "2029-01-01T00:00:00Z", { runs: [runOf("c1-run", "2030-03-01", 1)] })]]);
    await sync();
    const cohort = await cohortOf("c1-run");
    const people = (await db().selectFrom("people").select("id").orderBy("id").limit(4).execute()).map((p) => p.id);
    for (const personId of people) await requestPlace({ cohortId: cohort.id, personId, actor: { userId: null, personId: null }, direct: true });
    const places = () => db().selectFrom("enrolments").select(["person_id", "status", "waitlist_position"]).where("cohort_id", "=", cohort.id).orderBy("person_id").execute();
    expect((await places()).map((p) => p.status)).toEqual(["enrolled", "waitlisted", "waitlisted", "waitlisted"]);

    serve([[course("c1", "2029-01-02T00:00:00Z", { runs: [runOf("c1-run", "2030-03-01", 3)] })]]);
    await sync();
    expect(await places()).toEqual([
      { person_id: people[0], status: "enrolled", waitlist_position: null },
      { person_id: people[1], status: "enrolled", waitlist_position: null },
      { person_id: people[2], status: "enrolled", waitlist_position: null },
      // Still waiting, and now next in the queue.
      { person_id: people[3], status: "waitlisted", waitlist_position: 1 },
    ]);
    const told = await db().selectFrom("notices").select(["person_id", "message_key", "values_json"]).where("message_key", "=", "notices.promoted").where("person_id", "in", people).orderBy("person_id").execute();
    expect(told).toEqual([people[1], people[2]].map((person_id) => ({ person_id, message_key: "notices.promoted", values_json: JSON.stringify({ cohort: "Course c1" }) })));
  });

  it("gives no places on a raised capacity once the run has started, nor to a waiting list its withdrawal closed, though it is offered again", async () => {
    const day = (offset: number) => isoDate(new Date(Date.now() + offset * 86_400_000));
    serve([[course("c5", "2029-01-01T00:00:00Z", { runs: [runOf("c5-run", "2030-03-01", 1)] }), course("c6", "2029-01-01T00:00:00Z", { runs: [runOf("c6-run", day(-2), 1)] })]]);
    await sync();
    const cohorts = [await cohortOf("c5-run"), await cohortOf("c6-run")];
    const people = (await db().selectFrom("people").select("id").orderBy("id").limit(2).execute()).map((p) => p.id);
    for (const cohort of cohorts) for (const personId of people) await requestPlace({ cohortId: cohort.id, personId, actor: { userId: null, personId: null }, direct: true });
    serve([[course("c5", "2029-01-02T00:00:00Z", { withdrawn: true, runs: [runOf("c5-run", "2030-03-01", 3)] }), course("c6", "2029-01-02T00:00:00Z", { runs: [runOf("c6-run", day(-2), 3)] })]]);
    await sync();
    const statusesOn = async (cohortId: number) => (await db().selectFrom("enrolments").select("status").where("cohort_id", "=", cohortId).orderBy("person_id").execute()).map((s) => s.status);
    // Withdrawn before it started, the run's waiting list is closed (its booking kept); the started run's waits.
    expect(await statusesOn(cohorts[0].id)).toEqual(["enrolled", "withdrawn"]);
    expect(await statusesOn(cohorts[1].id)).toEqual(["enrolled", "waitlisted"]);
    // Offered again with the capacity raised: the closed place stays closed; its person was told to choose another date.
    serve([[course("c5", "2029-01-03T00:00:00Z", { runs: [runOf("c5-run", "2030-03-01", 3)] })]]);
    await sync();
    expect(await statusesOn(cohorts[0].id)).toEqual(["enrolled", "withdrawn"]);
  });

  it("opens booking until the new start when a run is postponed, so the course page books what it offers", async () => {
    const day = (offset: number) => isoDate(new Date(Date.now() + offset * 86_400_000));
    serve([[course("c2", "2029-02-01T00:00:00Z", { runs: [runOf("c2-run", day(-1), 10)] })]]);
    await sync();
    serve([[course("c2", "2029-02-02T00:00:00Z", { runs: [runOf("c2-run", day(30), 10)] })]]);
    await sync();
    const page = await import("../routes/courses.$courseId");
    const path = "/programmes/research-in-practice/courses/c2";
    const runs = ((await runRoute(page.loader, await requestAs("practitioner", path), { courseId: "c2" })).data as { runs: { id: string; bookable: boolean }[] }).runs;
    expect(runs).toContainEqual(expect.objectContaining({ id: "c2-run", bookable: true }));
    const booked = await runRoute(page.action, await requestAs("practitioner", path, { method: "POST", body: new URLSearchParams({ run: "c2-run" }) }), { courseId: "c2" });
    expect(booked.status).toBe(303);
    expect(booked.headers.get("Location")).toMatch(/saved=enrolled$/);
    expect((await cohortOf("c2-run")).enrolment_closes_on).toBe(day(30));
  });

  it("names each run's cohort by its course's title, without a raw date, and renames it with the course", async () => {
    serve([[course("c3", "2029-03-01T00:00:00Z", { title: "Care Planning", runs: [runOf("c3-run", "2030-04-01", 10)] })]]);
    await sync();
    expect((await cohortOf("c3-run")).name).toBe("Care Planning");
    serve([[course("c3", "2029-03-02T00:00:00Z", { title: "Care Planning for Permanence", runs: [runOf("c3-run", "2030-05-01", 10)] })]]);
    await sync();
    expect((await cohortOf("c3-run")).name).toBe("Care Planning for Permanence");
  });
});

describe("the audit trail of a sync", () => {
  const runOf = (id: string, capacity: number) => ({ id, startsOn: "2030-09-01", endsOn: "2030-09-01", venue: "Online", capacity, managerApproval: false });
  const cohortOf = async (runId: string) => (await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow()).cohort_id;
  const eventsOf = (cohortId: number) =>
    db().selectFrom("audit_events").select(["action", "actor_user_id", "actor_person_id", "before_json", "after_json"]).where("subject_type", "=", "cohort").where("subject_id", "=", String(cohortId)).where("action", "like", "research-in-practice.run.%").orderBy("id").execute();
  const asSystem = { actor_user_id: null, actor_person_id: null };

  it("records each run created, changed or withdrawn, as the system, with what changed; a run left as it was records nothing", async () => {
    serve([[course("au1", "2029-06-01T00:00:00Z", { runs: [runOf("au1-a", 10), runOf("au1-b", 10), runOf("au1-c", 10)] }), course("au2", "2029-06-01T00:00:00Z", { runs: [runOf("au2-a", 8)] })]]);
    await sync();
    const [a, b, c, other] = [await cohortOf("au1-a"), await cohortOf("au1-b"), await cohortOf("au1-c"), await cohortOf("au2-a")];
    expect(await eventsOf(a)).toEqual([
      { action: "research-in-practice.run.created", ...asSystem, before_json: null, after_json: JSON.stringify({ course: "au1", name: "Course au1", startsOn: "2030-09-01", endsOn: "2030-09-01", capacity: 10, venue: "Online", managerApproval: false, withdrawn: false }) },
    ]);

    // The provider raises one run's capacity, drops another, keeps the third as it was, and withdraws a course.
    serve([[course("au1", "2029-06-02T00:00:00Z", { runs: [runOf("au1-a", 14), runOf("au1-b", 10)] }), course("au2", "2029-06-02T00:00:00Z", { withdrawn: true, runs: [runOf("au2-a", 8)] })]]);
    await sync();
    expect((await eventsOf(a)).slice(1)).toEqual([{ action: "research-in-practice.run.updated", ...asSystem, before_json: JSON.stringify({ capacity: 10 }), after_json: JSON.stringify({ capacity: 14 }) }]);
    expect((await eventsOf(b)).map((e) => e.action)).toEqual(["research-in-practice.run.created"]);
    expect((await eventsOf(c)).slice(1)).toEqual([{ action: "research-in-practice.run.withdrawn", ...asSystem, before_json: JSON.stringify({ withdrawn: false }), after_json: JSON.stringify({ withdrawn: true }) }]);
    expect((await eventsOf(other)).slice(1)).toEqual([{ action: "research-in-practice.run.withdrawn", ...asSystem, before_json: JSON.stringify({ withdrawn: false }), after_json: JSON.stringify({ withdrawn: true }) }]);
  });

  it("keeps nothing of the feed when a run's audit event cannot be written", async () => {
    serve([[course("au3", "2029-07-01T00:00:00Z", { runs: [runOf("au3-a", 10)] })]]);
    await sync();
    serve([[course("au3", "2029-07-02T00:00:00Z", { runs: [runOf("au3-a", 12)] })]]);
    const before = await snapshot();
    expect(await failsWhileAuditFails(sync, "research-in-practice.run.updated")).toBe(true);
    expect(await snapshot()).toEqual(before);
    const capacity = await db().selectFrom("cohorts").select("capacity").where("id", "=", await cohortOf("au3-a")).executeTakeFirstOrThrow();
    expect(capacity.capacity).toBe(10);
  });
});

describe("the migration that names synced cohorts by their course", () => {
  it("renames synced runs' dated cohorts to the course's title, leaves tailored runs' names alone, and can run again", async () => {
    serve([[course("m1", "2029-04-01T00:00:00Z", { title: "Analysis in Practice" })]]);
    await sync();
    const synced = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", "m1-run").executeTakeFirstOrThrow();
    await db().updateTable("cohorts").set({ name: "Analysis in Practice: 2027-03-01" }).where("id", "=", synced.cohort_id).execute();
    const tailored = await createTailoredRun((await courseById("m1"))!, { name: "Analysis: North locality", startsOn: "2030-06-01", endsOn: "2030-06-01", venue: "North Hub", capacity: 5, managerApproval: false }, { userId: null, personId: null });
    const tailoredCohort = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", tailored).executeTakeFirstOrThrow();
    const names = async () => (await db().selectFrom("cohorts").select("name").where("id", "in", [synced.cohort_id, tailoredCohort.cohort_id]).orderBy("id").execute()).map((c) => c.name);
    const others = () => db().selectFrom("cohorts").select(["id", "name"]).where("programme_id", "<>", "research-in-practice").orderBy("id").execute();
    const before = await others();

    await cohortsNamedByCourse.up(db());
    expect(await names()).toEqual(["Analysis in Practice", "Analysis: North locality"]);
    expect(await db().selectFrom("cohorts").select("id").where("programme_id", "=", "research-in-practice").where("name", "like", "%: 20%").execute()).toEqual([]);
    expect(await others()).toEqual(before);
    await cohortsNamedByCourse.up(db());
    expect(await names()).toEqual(["Analysis in Practice", "Analysis: North locality"]);
  });
});
