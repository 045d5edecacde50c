// L&D enrolling from the cohort's page and a manager booking from "Your team" find people by an employee
// number typed in any case: migration 0013 left numbers that differ only in case ("old-3" and "Old-3") as
// they were, so someone may be held as "old-3", whom a lookup in capitals alone said was nobody. The number
// held exactly as typed wins; several held in other capitals and none as typed is refused beside the field.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import * as cohortPage from "../routes/cohorts.$cohortId";
import * as team from "../routes/team";
import { form } from "./support";

const held = new Map<string, number>();
let cohortId: number;

beforeAll(async () => {
  await seedDemo();
  cohortId = await createCohort(
    { programmeId: "leadership", name: "Numbers in any case", startsOn: "2028-03-06", endsOn: "2028-11-27", capacity: 10, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: true },
    { firstDate: "2028-03-06", cadence: "monthly", count: 2, time: "10:00", durationMinutes: 120 },
    { userId: null, personId: null },
  );
  const manager = await personIdOf("manager");
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", manager).executeTakeFirstOrThrow();
  // First line managers in the demo manager's line, so the programme would take each of them.
  const rows = ["lc-1", "lc-2", "twin-5", "Twin-5", "pair-4", "PAIR-4"].map((n, i) =>
    newPerson({ employee_number: n, given_name: "Held", family_name: `In case ${i}`, email: `l5-any-case.${i}@example.test`, team_id }, { role_category: "team_manager", job_title: "Team Manager", line_manager_id: manager }),
  );
  // And two outside anyone's line.
  const outside = ["away-6", "Away-6"].map((n, i) => newPerson({ employee_number: n, given_name: "Held", family_name: `Outside ${i}`, email: `l5-any-case.outside.${i}@example.test`, team_id }, { role_category: "team_manager", job_title: "Team Manager" }));
  for (const p of await db().insertInto("people").values([...rows, ...outside]).returning(["id", "employee_number"]).execute()) held.set(p.employee_number, p.id);
});

const placed = async (number: string) => (await db().selectFrom("enrolments").select("status").where("cohort_id", "=", cohortId).where("person_id", "=", held.get(number)!).execute()).map((e) => e.status);
const enrol = async (employee: string) => run(cohortPage.action, await requestAs("ld", `/programmes/leadership/cohorts/${cohortId}`, form({ intent: "enrol", employee })), { cohortId: String(cohortId) });
const book = async (employee: string) => run(team.action, await requestAs("manager", "/programmes/leadership/team", form({ employee, cohort: String(cohortId) })));

describe("L&D enrolling by employee number", () => {
  it("finds someone held in small letters from the number typed in capitals", async () => {
    expect((await enrol(" LC-1 ")).data).toMatchObject({ ok: true });
    expect(await placed("lc-1")).toEqual(["enrolled"]);
  });

  it("takes the one held exactly as typed when another holds it in other capitals", async () => {
    expect((await enrol("pair-4")).data).toMatchObject({ ok: true });
    expect(await placed("pair-4")).toEqual(["enrolled"]);
    expect(await placed("PAIR-4")).toEqual([]);
  });

  it("refuses a number several hold in other capitals beside the field, in both languages, and enrols nobody", async () => {
    const refused = await enrol("TWIN-5");
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ ok: false, field: "employee", error: "leadership:cohort.errors.ambiguousEmployee" });
    expect(fixedT("en-GB")("leadership:cohort.errors.ambiguousEmployee")).toMatch(/^More than one person holds this employee number in different capitals/);
    expect(fixedT("cy")("leadership:cohort.errors.ambiguousEmployee")).toMatch(/^Mae gan fwy nag un person y rhif cyflogai hwn/);
    expect([...(await placed("twin-5")), ...(await placed("Twin-5"))]).toEqual([]);
  });
});

describe("a manager booking by employee number", () => {
  it("finds someone in their line held in small letters from the number typed in capitals", async () => {
    expect((await book("LC-2")).data).toEqual({ ok: true, status: "enrolled" });
    expect(await placed("lc-2")).toEqual(["enrolled"]);
  });

  it("refuses a number several in their line hold in other capitals, telling them to type it as held", async () => {
    const refused = await book("TWIN-5");
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ ok: false, field: "employee", error: "team.errors.ambiguousEmployee" });
    expect(fixedT("cy")("leadership:team.errors.ambiguousEmployee")).toMatch(/^Mae gan fwy nag un person y rhif cyflogai hwn/);
    expect([...(await placed("twin-5")), ...(await placed("Twin-5"))]).toEqual([]);
  });

  it("says nobody in the line has a number several outside it hold in other capitals, telling nobody who exists", async () => {
    expect((await book("AWAY-6")).data).toMatchObject({ ok: false, field: "employee", error: "team.errors.notInTeam" });
  });
});
