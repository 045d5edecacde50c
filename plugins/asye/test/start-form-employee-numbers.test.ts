// The start form's assessor and supervisor are found by employee number as L&D type it: the staff import
// stores numbers in capitals, so one typed in lower case (with stray spaces) is the same person.
import { beforeAll, describe, expect, it } from "vitest";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { employeeNumber, form, newAsyeWorker, startRoute, today } from "./year-support";

beforeAll(seedDemo);

describe("the start form's employee numbers", () => {
  it("find the assessor and supervisor typed in lower case", async () => {
    const { action } = await startRoute();
    const personId = await newAsyeWorker("E-LOWER-1");
    const [assessorId, supervisorId] = [await personIdOf("practitioner"), await personIdOf("manager")];
    const assessor = await employeeNumber(assessorId);
    const supervisor = await employeeNumber(supervisorId);
    // The seeded numbers have letters, so lower case is a different string from what is stored.
    expect(assessor.toLowerCase()).not.toBe(assessor);
    const typed = { startsOn: plusDays(today(), -10), assessor: assessor.toLowerCase(), supervisor: ` ${supervisor.toLowerCase()} ` };
    const answer = await run(action, await requestAs("ld", `/programmes/asye/years/new?person=${personId}`, form(typed)));
    expect(answer.status, JSON.stringify(answer.data)).toBe(303);
    const year = await asyeDb().selectFrom("asye_years").select(["assessor_id", "supervisor_id"]).where("person_id", "=", personId).executeTakeFirstOrThrow();
    expect(year).toEqual({ assessor_id: assessorId, supervisor_id: supervisorId });
  });
});
