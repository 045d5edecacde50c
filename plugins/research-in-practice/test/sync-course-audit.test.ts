// Every change the catalogue sync makes to a course is audited, as runs are: a course added, changed or
// withdrawn records what changed before and after, as the system, in the sync's one audit insert and its
// transaction. A course the feed sends again unchanged records nothing. Through the real sync (msw standing
// in for the provider), on a real migrated database.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { failsWhileAuditFails } from "../../../tests/support/failing-audit";
import { seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { ripDb } from "../server/db.server";
import { course, serve, snapshot, statementsOf, sync } from "./feed-support";

useOutsideWorld();
beforeAll(seedDemo);

const asSystem = { actor_user_id: null, actor_person_id: null, person_id: null };

/** The audit trail of one course, oldest first. */
const eventsOf = (courseId: string) =>
  db()
    .selectFrom("audit_events")
    .select(["action", "actor_user_id", "actor_person_id", "person_id", "before_json", "after_json"])
    .where("subject_type", "=", "research_in_practice_course")
    .where("subject_id", "=", courseId)
    .orderBy("id")
    .execute();

describe("the audit trail of a course the sync applies", () => {
  it("records a course added, as the system, with the course as offered", async () => {
    serve([[course("ca1", "2029-09-01T00:00:00Z")]]);
    await sync();
    expect(await eventsOf("ca1")).toEqual([
      {
        action: "research-in-practice.course.created",
        ...asSystem,
        before_json: null,
        after_json: JSON.stringify({ title: "Course ca1", format: "workshop", summary: "A test course.", objectives: ["First objective", "Second objective"], cpdHours: 3, kss: ["kss-practitioner:6"], pcf: ["Knowledge"], withdrawn: false }),
      },
    ]);
  });

  it("records one event with only the title, CPD hours and KSS statements that changed, and none for the same course sent again", async () => {
    const revised = course("ca1", "2029-09-02T00:00:00Z", { title: "Course ca1, revised", cpdHours: 4.5, kss: ["kss-practitioner:6", "kss-practice-supervisor:3"] });
    serve([[revised]]);
    await sync();
    const updated = {
      action: "research-in-practice.course.updated",
      ...asSystem,
      before_json: JSON.stringify({ title: "Course ca1", cpdHours: 3, kss: ["kss-practitioner:6"] }),
      after_json: JSON.stringify({ title: "Course ca1, revised", cpdHours: 4.5, kss: ["kss-practitioner:6", "kss-practice-supervisor:3"] }),
    };
    expect((await eventsOf("ca1")).slice(1)).toEqual([updated]);

    // The same feed again, and the same course with only its lastModified moved on: nothing to record.
    serve([[revised]]);
    await sync();
    serve([[{ ...revised, lastModified: "2029-09-03T00:00:00Z" }]]);
    await sync();
    expect((await eventsOf("ca1")).slice(1)).toEqual([updated]);
  });

  it("records a course withdrawn, and one offered again, with the change before and after", async () => {
    serve([[course("ca2", "2029-09-01T00:00:00Z")]]);
    await sync();
    serve([[course("ca2", "2029-09-02T00:00:00Z", { withdrawn: true })]]);
    await sync();
    serve([[course("ca2", "2029-09-03T00:00:00Z")]]);
    await sync();
    expect((await eventsOf("ca2")).slice(1)).toEqual([
      { action: "research-in-practice.course.withdrawn", ...asSystem, before_json: JSON.stringify({ withdrawn: false }), after_json: JSON.stringify({ withdrawn: true }) },
      { action: "research-in-practice.course.updated", ...asSystem, before_json: JSON.stringify({ withdrawn: true }), after_json: JSON.stringify({ withdrawn: false }) },
    ]);
  });

  it("writes every course's event in the sync's one audit insert, with no statement of its own", async () => {
    const ids = ["ca3", "ca4", "ca5"];
    serve([ids.map((id) => course(id, "2029-09-01T00:00:00Z", { runs: [] }))]);
    const added = await statementsOf(sync);
    serve([ids.map((id) => course(id, "2029-09-02T00:00:00Z", { runs: [], title: `Course ${id}, revised` }))]);
    const changed = await statementsOf(sync);
    for (const statements of [added, changed]) {
      expect(statements.filter((sql) => /^insert into "audit_events"/.test(sql))).toHaveLength(1);
      // One read and one write for all the courses, as before the courses were audited. Only statements that
      // read or write the table itself count: others join it (whether a run's course is withdrawn).
      expect(statements.filter((sql) => /\b(from|into|update) "research_in_practice_courses"/.test(sql))).toHaveLength(2);
    }
    for (const id of ids) expect((await eventsOf(id)).map((e) => e.action)).toEqual(["research-in-practice.course.created", "research-in-practice.course.updated"]);
  });

  it("keeps CPD hours to the hundredth, so hours with more digits than PostgreSQL's 4-byte real holds never look changed", async () => {
    const hoursHeld = async () => (await ripDb().selectFrom("research_in_practice_courses").select("cpd_hours").where("id", "=", "ca7").executeTakeFirstOrThrow()).cpd_hours;
    serve([[course("ca7", "2029-09-01T00:00:00Z", { cpdHours: 7.123456789 })]]);
    await sync();
    expect(await hoursHeld()).toBe(7.12);
    expect(JSON.parse((await eventsOf("ca7"))[0].after_json!).cpdHours).toBe(7.12);

    // The course moves on with the same hours, or hours that round the same: nothing changed.
    serve([[course("ca7", "2029-09-02T00:00:00Z", { cpdHours: 7.123456789 })]]);
    await sync();
    serve([[course("ca7", "2029-09-03T00:00:00Z", { cpdHours: 7.1249 })]]);
    await sync();
    // Hours stored to more digits before they were rounded read back rounded too.
    await ripDb().updateTable("research_in_practice_courses").set({ cpd_hours: 7.123456789 }).where("id", "=", "ca7").execute();
    serve([[course("ca7", "2029-09-04T00:00:00Z", { cpdHours: 7.12 })]]);
    await sync();
    expect((await eventsOf("ca7")).slice(1)).toEqual([]);

    // A real change of a hundredth is recorded.
    serve([[course("ca7", "2029-09-05T00:00:00Z", { cpdHours: 7.13 })]]);
    await sync();
    expect((await eventsOf("ca7")).slice(1)).toEqual([{ action: "research-in-practice.course.updated", ...asSystem, before_json: JSON.stringify({ cpdHours: 7.12 }), after_json: JSON.stringify({ cpdHours: 7.13 }) }]);
    expect(await hoursHeld()).toBe(7.13);
  });

  it("keeps nothing of the feed when a course's audit event cannot be written", async () => {
    serve([[course("ca6", "2029-09-01T00:00:00Z")]]);
    await sync();
    serve([[course("ca6", "2029-09-02T00:00:00Z", { title: "Course ca6, never applied" })]]);
    const before = await snapshot();
    expect(await failsWhileAuditFails(sync, "research-in-practice.course.updated")).toBe(true);
    expect(await snapshot()).toEqual(before);
    expect((await ripDb().selectFrom("research_in_practice_courses").select("title").where("id", "=", "ca6").executeTakeFirstOrThrow()).title).toBe("Course ca6");
    expect((await eventsOf("ca6")).map((e) => e.action)).toEqual(["research-in-practice.course.created"]);
  });
});
