// The start of a year refused for its assessor or supervisor carries, besides the errors at their fields,
// one error for the form as a whole. It said "still doing their own ASYE" when the only refusal was that
// someone is not a qualified social worker; it now says what the fields say: the worker named in their own
// year first, then someone still in their ASYE, and "not qualified" when that is all there is.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { startYear } from "../server/changes.server";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { newAsyeWorker, today } from "./year-support";

beforeAll(seedDemo);

/** Someone in the demo manager's team at this stage, by id. */
async function personAt(stage: string, number: string) {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("manager")).executeTakeFirstOrThrow();
  const names = { employee_number: number, given_name: "Casey", family_name: `Stage ${number}`, email: `${number.toLowerCase()}@example.test`, team_id };
  const [row] = await db().insertInto("people").values(newPerson(names, { career_stage: stage, role_category: stage })).returning("id").execute();
  return row.id;
}

describe("the start of a year refused for the people named", () => {
  it("is refused overall for the reason its fields give", async () => {
    const ld = { userId: await userIdOf("ld"), personId: await personIdOf("ld") };
    const worker = await newAsyeWorker("E-ROLE-OVERALL-1");
    const apprentice = await personAt("apprentice", "E-ROLE-OVERALL-APPR");
    const manager = await personIdOf("manager");
    const start = (assessorId: number, supervisorId: number) => startYear({ personId: worker, startsOn: plusDays(today(), -10), assessorId, supervisorId }, ld);

    expect(await start(apprentice, manager)).toEqual({ ok: false, error: "start.errors.notQualified", fieldErrors: { assessor: ["start.errors.assessorNotQualified"] } });
    expect(await start(manager, apprentice)).toEqual({ ok: false, error: "start.errors.notQualified", fieldErrors: { supervisor: ["start.errors.supervisorNotQualified"] } });
    // Two reasons: someone still in their ASYE is told before someone not qualified, and the worker before both.
    expect(await start(await personIdOf("asye"), apprentice)).toMatchObject({ error: "start.errors.inAsye" });
    expect(await start(apprentice, worker)).toMatchObject({ error: "start.errors.self" });
    expect(await asyeDb().selectFrom("asye_years").select("id").where("person_id", "=", worker).execute()).toEqual([]);

    expect(fixedT("en-GB")("asye:start.errors.notQualified")).toBe("The assessor and the supervisor must be qualified social workers: social workers, or at a later stage of the career pathway");
    expect(fixedT("cy")("asye:start.errors.notQualified")).toMatch(/^Rhaid i'r aseswr a'r goruchwyliwr fod yn weithwyr cymdeithasol cymwysedig/);
  });
});
