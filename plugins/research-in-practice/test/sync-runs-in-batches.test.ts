// The catalogue sync writes a national course's 200 runs a batch to a statement: new runs in multi-row
// inserts, and of the runs it holds only those the feed changed, compared first, so a change to one run is
// one statement and a run left as it was writes nothing. Each run still gets its own cohort, session and
// audit event. Through the real sync (msw standing in for the provider), on a real migrated database.
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToUtc } from "../../../app/utils/london-time";
import { seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { ripDb } from "../server/db.server";
import { course, serve, statementsOf, sync } from "./feed-support";

useOutsideWorld();
beforeAll(seedDemo);

const RUNS = 200;
const FIRST_DAY = "2031-01-06";

/**
 * The national course's runs, two a day: each pair alike in everything but its id (the same date, venue,
 * capacity and approval), so their cohorts hold the same values and each run must still get its own.
 */
const nationalRuns = (capacityOf: (i: number) => number = (i) => 10 + (Math.floor(i / 2) % 3)) =>
  Array.from({ length: RUNS }, (_, i) => {
    const day = addDaysToDate(FIRST_DAY, Math.floor(i / 2));
    return { id: `nat-${String(i).padStart(3, "0")}`, startsOn: day, endsOn: day, venue: i % 4 < 2 ? "Online" : "Civic Offices", capacity: capacityOf(i), managerApproval: i % 4 >= 2 };
  });

/** The course as the feed describes it at `modified`. */
const national = (modified: string, extra: Record<string, unknown> = {}) => course("nat", modified, { title: "National course", runs: nationalRuns(), ...extra });

/** The statements a sync wrote (inserts, updates and deletes), each by its verb and table. */
async function writesOfSync() {
  const statements = await statementsOf(sync);
  return statements.filter((statement) => /^(insert|update|delete)\b/i.test(statement)).map((statement) => statement.match(/^(insert into|update|delete from) "[^"]+"/i)![0]);
}

/** The course's runs as held: each with its cohort, its session, and when the cohort was last written. */
const heldRuns = () =>
  ripDb()
    .selectFrom("research_in_practice_runs as r")
    .innerJoin("cohorts as c", "c.id", "r.cohort_id")
    .innerJoin("cohort_sessions as s", "s.id", "r.session_id")
    .select(["r.id", "r.cohort_id", "r.withdrawn", "s.cohort_id as session_cohort", "c.name", "c.starts_on", "c.ends_on", "c.enrolment_closes_on", "c.capacity", "c.venue", "c.requires_manager_approval", "c.updated_at", "s.title", "s.starts_at", "s.location"])
    .where("r.course_id", "=", "nat")
    .orderBy("r.id")
    .execute();

/** The run events audited for these cohorts, oldest first. */
const runEventsOf = (cohortIds: number[]) =>
  db().selectFrom("audit_events").select(["action", "subject_id", "before_json", "after_json"]).where("subject_type", "=", "cohort").where("subject_id", "in", cohortIds.map(String)).where("action", "like", "research-in-practice.run.%").orderBy("id").execute();

const SYNC_WRITE_OF_THE_COURSE = 'insert into "research_in_practice_courses"';
const SYNC_WRITE_OF_THE_CURSOR = 'insert into "research_in_practice_sync"';

describe("a national course's 200 runs", () => {
  it("are added in one insert a table, each run with its own cohort and session, and its own event", async () => {
    serve([[national("2030-01-01T00:00:00Z")]]);
    expect(await writesOfSync()).toEqual([SYNC_WRITE_OF_THE_COURSE, 'insert into "cohorts"', 'insert into "cohort_sessions"', 'insert into "research_in_practice_runs"', 'insert into "audit_events"', SYNC_WRITE_OF_THE_CURSOR]);

    const held = await heldRuns();
    expect(held.map(({ id, starts_on, ends_on, enrolment_closes_on, capacity, venue, requires_manager_approval, location, name, title, withdrawn }) => ({ id, starts_on, ends_on, enrolment_closes_on, capacity, venue, requires_manager_approval, location, name, title, withdrawn }))).toEqual(
      nationalRuns().map((run) => ({ id: run.id, starts_on: run.startsOn, ends_on: run.endsOn, enrolment_closes_on: run.startsOn, capacity: run.capacity, venue: run.venue, requires_manager_approval: run.managerApproval ? 1 : 0, location: run.venue, name: "National course", title: "National course", withdrawn: 0 })),
    );
    // Every run has a cohort of its own, and its session is that cohort's, at 09:30 London time on its day.
    expect(new Set(held.map((run) => run.cohort_id)).size).toBe(RUNS);
    expect(held.filter((run) => run.session_cohort !== run.cohort_id)).toEqual([]);
    expect(held.filter((run) => run.starts_at !== londonToUtc(run.starts_on, "09:30").toISOString())).toEqual([]);
    const events = await runEventsOf(held.map((run) => run.cohort_id));
    expect(events.map((event) => [event.action, event.subject_id, JSON.parse(event.after_json!).capacity])).toEqual(
      held.map((run) => ["research-in-practice.run.created", String(run.cohort_id), run.capacity]).sort((a, b) => Number(a[1]) - Number(b[1])),
    );
  });

  it("write only the one run that changed, in one statement, and audit only it", async () => {
    const before = await heldRuns();
    serve([[national("2030-01-02T00:00:00Z", { runs: nationalRuns((i) => (i === 17 ? 40 : 10 + (Math.floor(i / 2) % 3))) })]]);
    expect(await writesOfSync()).toEqual([SYNC_WRITE_OF_THE_COURSE, 'update "cohorts"', 'insert into "audit_events"', SYNC_WRITE_OF_THE_CURSOR]);

    const after = await heldRuns();
    const changed = before[17];
    expect(after.filter((run, i) => JSON.stringify(run) !== JSON.stringify(before[i])).map((run) => [run.id, run.capacity])).toEqual([[changed.id, 40]]);
    expect((await runEventsOf(before.map((run) => run.cohort_id))).slice(RUNS)).toEqual([
      { action: "research-in-practice.run.updated", subject_id: String(changed.cohort_id), before_json: JSON.stringify({ capacity: changed.capacity }), after_json: JSON.stringify({ capacity: 40 }) },
    ]);
  });

  it("write no run when the course moved on with nothing of its runs changed, and nothing at all when the feed is sent again", async () => {
    const before = await heldRuns();
    const movedOn = national("2030-01-03T00:00:00Z", { runs: nationalRuns((i) => (i === 17 ? 40 : 10 + (Math.floor(i / 2) % 3))) });
    serve([[movedOn]]);
    expect(await writesOfSync()).toEqual([SYNC_WRITE_OF_THE_COURSE, SYNC_WRITE_OF_THE_CURSOR]);
    serve([[movedOn]]);
    expect(await writesOfSync()).toEqual([]);
    expect(await heldRuns()).toEqual(before);
  });

  it("are renamed with their course in one statement for their cohorts and one for their sessions", async () => {
    serve([[national("2030-01-04T00:00:00Z", { title: "National course, revised", runs: nationalRuns((i) => (i === 17 ? 40 : 10 + (Math.floor(i / 2) % 3))) })]]);
    expect(await writesOfSync()).toEqual([SYNC_WRITE_OF_THE_COURSE, 'update "cohorts"', 'update "cohort_sessions"', 'insert into "audit_events"', SYNC_WRITE_OF_THE_CURSOR]);
    const held = await heldRuns();
    expect(held.filter((run) => run.name !== "National course, revised" || run.title !== "National course, revised")).toEqual([]);
    const renamed = (await runEventsOf(held.map((run) => run.cohort_id))).filter((event) => event.before_json?.includes("name"));
    expect(renamed.map((event) => event.subject_id).sort()).toEqual(held.map((run) => String(run.cohort_id)).sort());
    expect(new Set(renamed.map((event) => `${event.action} ${event.before_json} ${event.after_json}`))).toEqual(
      new Set([`research-in-practice.run.updated ${JSON.stringify({ name: "National course" })} ${JSON.stringify({ name: "National course, revised" })}`]),
    );
  });

  it("that the feed drops are withdrawn in one statement, each audited", async () => {
    const before = await heldRuns();
    const kept = nationalRuns((i) => (i === 17 ? 40 : 10 + (Math.floor(i / 2) % 3))).slice(0, 100);
    serve([[national("2030-01-05T00:00:00Z", { title: "National course, revised", runs: kept })]]);
    expect(await writesOfSync()).toEqual([SYNC_WRITE_OF_THE_COURSE, 'update "research_in_practice_runs"', 'insert into "audit_events"', SYNC_WRITE_OF_THE_CURSOR]);
    const held = await heldRuns();
    expect(held.map((run) => run.withdrawn)).toEqual(before.map((_, i) => (i < 100 ? 0 : 1)));
    const withdrawn = (await runEventsOf(before.map((run) => run.cohort_id))).filter((event) => event.action === "research-in-practice.run.withdrawn");
    expect(withdrawn.map((event) => event.subject_id).sort()).toEqual(before.slice(100).map((run) => String(run.cohort_id)).sort());
  });
});

describe("a course or run listed twice", () => {
  it("is applied once, as its newest listing says, without failing the sync", async () => {
    const run = (capacity: number) => ({ id: "twice-run", startsOn: "2031-03-03", endsOn: "2031-03-03", venue: "Online", capacity, managerApproval: false });
    // The provider changed the course while we paged, so it comes on both pages; and another course lists its run too.
    serve([[course("twice", "2030-02-01T00:00:00Z", { runs: [run(5)] })], [course("twice", "2030-02-02T00:00:00Z", { runs: [run(6)] }), course("twice-other", "2030-02-02T00:00:00Z", { runs: [run(7)] })]]);
    expect(await sync()).toMatchObject({ messageKey: "sync.done", values: { added: 2 } });
    const held = await ripDb().selectFrom("research_in_practice_runs as r").innerJoin("cohorts as c", "c.id", "r.cohort_id").select(["r.id", "c.capacity"]).where("r.id", "=", "twice-run").execute();
    expect(held).toEqual([{ id: "twice-run", capacity: 7 }]);
    expect(await ripDb().selectFrom("research_in_practice_courses").select("last_modified").where("id", "=", "twice").executeTakeFirstOrThrow()).toEqual({ last_modified: "2030-02-02T00:00:00.000Z" });
  });
});
