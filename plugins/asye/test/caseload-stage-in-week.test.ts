// The caseload import labels each figure with the career stage the person had in its week, from the core's
// stage history, through the real import on a migrated database: a worker who has passed their ASYE since
// is still an ASYE worker in the weeks before the pass, so a late or repeated import of an old week keeps
// comparing the people who were ASYE workers then.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { db } from "../../../app/utils/db.server";
import { seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { ASYE_STAGE } from "../caseload/constants";
import { caseloadDb } from "../caseload/server/db.server";
import { importCaseloads } from "../caseload/server/import.server";
import { addWeeks, weekOf } from "../caseload/server/weeks";
import { caseloadCsv, ensureCaseloadPlugin } from "./caseload-support";

const thisWeek = weekOf(new Date().toISOString().slice(0, 10));
// Weeks no other caseload test imports.
const BEFORE = addWeeks(thisWeek, -40);
const PASSED_IN = addWeeks(thisWeek, -38);
const AFTER = addWeeks(thisWeek, -36);
const dayOf = (week: string, days: number) => new Date(Date.parse(`${week}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function person(employeeNumber: string, stageNow: string, history: { stage_code: string; started_on: string; source: string }[]) {
  const team = await db().selectFrom("people").select("team_id").orderBy("id").executeTakeFirstOrThrow();
  const names = { employee_number: employeeNumber, given_name: "Rhian", family_name: `Stage ${employeeNumber}`, email: `${employeeNumber.toLowerCase()}@demo.test`, team_id: team.team_id };
  const [row] = await db().insertInto("people").values(newPerson(names, { career_stage: stageNow })).returning("id").execute();
  if (history.length > 0) await db().insertInto("career_stage_history").values(history.map((h) => ({ ...h, person_id: row.id, note: null, recorded_by: null, created_at: new Date().toISOString() }))).execute();
  return row.id;
}

const stageOf = async (personId: number, week: string) => (await caseloadDb().selectFrom("asye_caseload_figures").select("career_stage").where("person_id", "=", personId).where("week_of", "=", week).executeTakeFirstOrThrow()).career_stage;

beforeAll(async () => {
  await ensureCaseloadPlugin();
  await seedDemo();
});

describe("the stage kept with each figure", () => {
  it("is the one the person had in the figure's week, not the one they have now", async () => {
    // Joined as an ASYE worker (the staff import's record), passed on the Wednesday of PASSED_IN.
    const passed = await person("E-STAGE-1", "social_worker", [
      { stage_code: ASYE_STAGE, started_on: dayOf(BEFORE, -200), source: "import" },
      { stage_code: "social_worker", started_on: dayOf(PASSED_IN, 2), source: "asye" },
    ]);
    // Given a stage before the history was kept (migration 0008), then passed: only the pass is recorded.
    const passedOnly = await person("E-STAGE-2", "social_worker", [{ stage_code: "social_worker", started_on: dayOf(PASSED_IN, 2), source: "asye" }]);
    // Moved by a route whose earlier stage is not recorded: not known before the move.
    const promoted = await person("E-STAGE-3", "senior_practitioner", [{ stage_code: "senior_practitioner", started_on: dayOf(PASSED_IN, 0), source: "progression" }]);
    // Joined after the weeks in the file: the stage they joined at.
    const joined = await person("E-STAGE-4", ASYE_STAGE, [{ stage_code: ASYE_STAGE, started_on: dayOf(AFTER, 30), source: "import" }]);
    // Never moved: the stage they hold now.
    const never = await person("E-STAGE-5", "social_worker", []);
    const people = ["E-STAGE-1", "E-STAGE-2", "E-STAGE-3", "E-STAGE-4", "E-STAGE-5"];
    const rows = [BEFORE, PASSED_IN, AFTER].flatMap((week) => people.map((number): [string, string, number] => [number, dayOf(week, 4), 12]));

    const outcome = await importCaseloads(caseloadCsv(rows), SYSTEM_ACTOR);
    expect(outcome.ok).toBe(true);

    expect([await stageOf(passed, BEFORE), await stageOf(passed, PASSED_IN), await stageOf(passed, AFTER)]).toEqual([ASYE_STAGE, "social_worker", "social_worker"]);
    expect([await stageOf(passedOnly, BEFORE), await stageOf(passedOnly, PASSED_IN)]).toEqual([ASYE_STAGE, "social_worker"]);
    expect([await stageOf(promoted, BEFORE), await stageOf(promoted, PASSED_IN)]).toEqual([null, "senior_practitioner"]);
    expect(await stageOf(joined, BEFORE)).toBe(ASYE_STAGE);
    expect([await stageOf(never, BEFORE), await stageOf(never, AFTER)]).toEqual(["social_worker", "social_worker"]);
    // The week's totals are counted on the stages then: the two who have passed since are ASYE workers in it.
    const totals = await caseloadDb().selectFrom("asye_caseload_stage_totals").select(["people"]).where("week_of", "=", BEFORE).where("career_stage", "=", ASYE_STAGE).executeTakeFirstOrThrow();
    expect(Number(totals.people)).toBe(3);
  });
});
