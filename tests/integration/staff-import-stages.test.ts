// The staff import and career stages: someone whose role names a stage starts there in the import that
// gives them the role, audited; a request to progress that stage settles is closed, told, and locked in
// the order a panel's decision locks it. Split from staff-import.test.ts, which covers the file itself.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { progressionAwaitingManager, requestProgression } from "../../app/services/progression.server";
import { importStaff } from "../../app/services/staff-import.server";
import { db, observeQueries } from "../../app/utils/db.server";
import { stagesForEveryRole } from "../../db/migrations/0020-stages-for-every-role";
import { personIdOf, seedDemo, userIdOf } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { managerNumber, staffCsv } from "../support/staff-csv";

beforeAll(seedDemo);

describe("career stages from the staff import", () => {
  it("starts someone on the stage their new role names in the import that changes it, and audits it", async () => {
    const manager = await managerNumber();
    await importStaff(staffCsv([{ employee: "ST-1", manager, title: "Business Support Officer", category: "business_support", qualified: "", registration: "", expiry: "" }]), SYSTEM_ACTOR);
    const stageOf = () => db().selectFrom("people").select(["id", "career_stage"]).where("employee_number", "=", "ST-1").executeTakeFirstOrThrow();
    expect((await stageOf()).career_stage).toBeNull();
    const admin = { userId: await userIdOf("admin"), personId: await personIdOf("admin") };
    const outcome = await importStaff(staffCsv([{ employee: "ST-1", manager, title: "Social Care Officer", category: "social_care_officer", qualified: "", registration: "", expiry: "" }]), admin);
    expect(outcome).toMatchObject({ ok: true, updated: 1 });
    const person = await stageOf();
    expect(person.career_stage).toBe("social_care_officer");
    const events = await db().selectFrom("audit_events").select(["actor_person_id", "before_json", "after_json"]).where("action", "=", "career_stage.assigned").where("person_id", "=", person.id).execute();
    expect(events).toEqual([{ actor_person_id: admin.personId, before_json: JSON.stringify({ stage: null }), after_json: JSON.stringify({ stage: "social_care_officer", source: "import" }) }]);
    const applied = await db().selectFrom("audit_events").select("after_json").where("action", "=", "staff_import.applied").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(JSON.parse(applied.after_json!)).toMatchObject({ updated: 1, stagesAssigned: 1 });
  });

  it("closes, audited and told, a request to progress that the stage HR's new role gives settles, and leaves one for a stage still ahead", async () => {
    const manager = await managerNumber();
    const managerId = (await db().selectFrom("people").select("id").where("employee_number", "=", manager).executeTakeFirstOrThrow()).id;
    const clerk = (employee: string, category = "business_support", title = "Business Support Officer") => ({ employee, manager, title, category, qualified: "", registration: "", expiry: "" });
    await importStaff(staffCsv([clerk("RQ-1"), clerk("RQ-2"), clerk("RQ-3")]), SYSTEM_ACTOR);
    const idOf = async (employee: string) => (await db().selectFrom("people").select("id").where("employee_number", "=", employee).executeTakeFirstOrThrow()).id;
    const [same, past, ahead] = [await idOf("RQ-1"), await idOf("RQ-2"), await idOf("RQ-3")];
    const ask = async (personId: number, stage: string) => {
      const outcome = await requestProgression({ userId: null, personId }, personId, stage, "I have done the training.");
      if (!outcome.ok) throw new Error(outcome.error);
      return outcome.id;
    };
    const requests = { same: await ask(same, "social_care_officer"), past: await ask(past, "social_care_officer"), ahead: await ask(ahead, "social_worker") };

    const admin = { userId: await userIdOf("admin"), personId: await personIdOf("admin") };
    const outcome = await importStaff(
      staffCsv([clerk("RQ-1", "social_care_officer", "Social Care Officer"), { employee: "RQ-2", manager }, clerk("RQ-3", "social_care_officer", "Social Care Officer")]),
      admin,
    );
    expect(outcome).toMatchObject({ ok: true, updated: 3 });
    const statuses = await db().selectFrom("progression_requests").select(["id", "status", "reached_through"]).where("id", "in", Object.values(requests)).orderBy("id").execute();
    expect(statuses).toEqual([
      { id: requests.same, status: "approved", reached_through: "import" },
      { id: requests.past, status: "approved", reached_through: "import" },
      { id: requests.ahead, status: "awaiting_manager", reached_through: null },
    ]);
    // Gone from the manager's inbox, apart from the one still theirs to decide.
    const inbox = (await progressionAwaitingManager(managerId)).map((r) => r.id);
    expect(inbox).toContain(requests.ahead);
    expect(inbox).not.toContain(requests.same);
    expect(inbox).not.toContain(requests.past);
    const closed = await db().selectFrom("audit_events").select(["subject_id", "actor_person_id", "before_json", "after_json"]).where("action", "=", "progression.closed_by_move").where("person_id", "in", [same, past, ahead]).orderBy("subject_id").execute();
    expect(closed.map((e) => ({ ...e, after_json: JSON.parse(e.after_json!) }))).toEqual(
      [requests.same, requests.past].sort().map((id) => ({ subject_id: String(id), actor_person_id: admin.personId, before_json: JSON.stringify({ status: "awaiting_manager" }), after_json: expect.objectContaining({ status: "approved", reached_through: "import" }) })),
    );
    const told = await db().selectFrom("notices").select(["person_id", "message_key"]).where("person_id", "in", [same, past, ahead]).orderBy("person_id").execute();
    expect(told).toEqual([same, past].map((person_id) => ({ person_id, message_key: "notices.progression.reached_through_import" })));
  });

  it("locks the requests a stage may close before it changes anyone's row, in the order a panel's decision takes them", async () => {
    // A panel's decision locks the request, then the person (moveToStage); the import must not take them the
    // other way round, or the two deadlock on PostgreSQL.
    const manager = await managerNumber();
    const clerk = (category: string, title: string) => ({ employee: "RQ-LOCK", manager, title, category, qualified: "", registration: "", expiry: "" });
    await importStaff(staffCsv([clerk("business_support", "Business Support Officer")]), SYSTEM_ACTOR);
    const personId = (await db().selectFrom("people").select("id").where("employee_number", "=", "RQ-LOCK").executeTakeFirstOrThrow()).id;
    const asked = await requestProgression({ userId: null, personId }, personId, "social_care_officer", "I have done the training.");
    expect(asked.ok).toBe(true);
    const statements: string[] = [];
    const stop = observeQueries((statement) => statements.push(statement));
    try {
      expect(await importStaff(staffCsv([clerk("social_care_officer", "Social Care Officer")]), SYSTEM_ACTOR)).toMatchObject({ ok: true, updated: 1 });
    } finally {
      stop();
    }
    const firstRequestRead = statements.findIndex((q) => /from\s+"?progression_requests"?/i.test(q));
    const firstPersonWrite = statements.findIndex((q) => /^\s*update\s+"?people"?\s/i.test(q));
    expect(firstPersonWrite).toBeGreaterThan(-1);
    expect(firstRequestRead).toBeGreaterThan(-1);
    expect(firstRequestRead).toBeLessThan(firstPersonWrite);
  });

  it("starts independent reviewing officers and assistant team managers on their stages, whose codes are not their roles", async () => {
    const manager = await managerNumber();
    const outcome = await importStaff(
      staffCsv([
        { employee: "IRO-1", manager, title: "Independent Reviewing Officer", category: "independent_reviewing_officer" },
        { employee: "ATM-1", manager, title: "Assistant Team Manager", category: "assistant_team_manager" },
      ]),
      SYSTEM_ACTOR,
    );
    expect(outcome).toMatchObject({ ok: true, created: 2 });
    const stages = await db()
      .selectFrom("people as p")
      .innerJoin("career_stage_history as h", "h.person_id", "p.id")
      .select(["p.employee_number", "p.career_stage", "h.stage_code"])
      .where("p.employee_number", "in", ["IRO-1", "ATM-1"])
      .orderBy("p.employee_number")
      .execute();
    expect(stages).toEqual([
      { employee_number: "ATM-1", career_stage: "practice_supervisor", stage_code: "practice_supervisor" },
      { employee_number: "IRO-1", career_stage: "iro", stage_code: "iro" },
    ]);
  });

  it("migration 0020 starts those already held without a stage, once", async () => {
    const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
    const stamp = new Date().toISOString();
    const held = async (employee: string, role: string) =>
      (await db().insertInto("people").values(newPerson({ employee_number: employee, given_name: "Held", family_name: employee, email: `${employee.toLowerCase()}@council.example`, team_id: team.id }, { job_title: "Officer", role_category: role as never, created_at: stamp, updated_at: stamp })).returning("id").executeTakeFirstOrThrow()).id;
    const iro = await held("MIG-IRO", "independent_reviewing_officer");
    const atm = await held("MIG-ATM", "assistant_team_manager");
    const clerk = await held("MIG-BS", "business_support");
    await stagesForEveryRole.up(db());
    await stagesForEveryRole.up(db());
    const people = await db().selectFrom("people").select(["id", "career_stage"]).where("id", "in", [iro, atm, clerk]).orderBy("id").execute();
    expect(people).toEqual([{ id: iro, career_stage: "iro" }, { id: atm, career_stage: "practice_supervisor" }, { id: clerk, career_stage: null }]);
    const history = await db().selectFrom("career_stage_history").select(["person_id", "stage_code", "source"]).where("person_id", "in", [iro, atm, clerk]).orderBy("person_id").execute();
    expect(history).toEqual([{ person_id: iro, stage_code: "iro", source: "import" }, { person_id: atm, stage_code: "practice_supervisor", source: "import" }]);
  });
});
