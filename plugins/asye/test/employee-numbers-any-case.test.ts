// The start form's assessor and supervisor, and the caseload report's lines, find people by an employee
// number in any case: migration 0013 left numbers that differ only in case ("old-3" and "Old-3") as they
// were, so someone may be held as "old-3", whom a lookup in capitals alone said was nobody. The start form
// takes the number held exactly as typed, and refuses beside the field a number several hold in other
// capitals; the caseload report looks its numbers up through the numbers' index, not every person's.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import { postgresPlanAtScale, sqlitePlan, statementsRunBy } from "../../../tests/support/statement-plans";
import { onPostgres } from "../../../tests/support/test-database";
import { importCaseloads } from "../caseload/server/import.server";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { caseloadCsv, ensureCaseloadPlugin, peopleAtStage } from "./caseload-support";
import { form, newAsyeWorker, startRoute, today, type Errors } from "./year-support";

const held = new Map<string, number>();

beforeAll(async () => {
  await ensureCaseloadPlugin();
  await seedDemo();
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
  const rows = ["asr-1", "twin-3", "Twin-3", "pair-6", "PAIR-6"].map((n, i) =>
    newPerson({ employee_number: n, given_name: "Held", family_name: `In case ${i}`, email: `asye-any-case.${i}@example.test`, team_id }, { role_category: "senior_practitioner", job_title: "Senior Practitioner", career_stage: "senior_practitioner" }),
  );
  for (const p of await db().insertInto("people").values(rows).returning(["id", "employee_number"]).execute()) held.set(p.employee_number, p.id);
});

async function start(worker: string, assessor: string, supervisor: string) {
  const { action } = await startRoute();
  const personId = await newAsyeWorker(worker);
  const answer = await run(action, await requestAs("ld", `/programmes/asye/years/new?person=${personId}`, form({ startsOn: plusDays(today(), -10), assessor, supervisor })));
  return { personId, answer };
}

describe("the start form's employee numbers", () => {
  it("find someone held in small letters from the number in capitals, and the one held exactly as typed", async () => {
    const { personId, answer } = await start("E-ANYCASE-1", "ASR-1", "pair-6");
    expect(answer.status, JSON.stringify(answer.data)).toBe(303);
    const year = await asyeDb().selectFrom("asye_years").select(["assessor_id", "supervisor_id"]).where("person_id", "=", personId).executeTakeFirstOrThrow();
    expect(year).toEqual({ assessor_id: held.get("asr-1"), supervisor_id: held.get("pair-6") });
  });

  it("refuse a number several hold in other capitals beside its field, in both languages, and start nothing", async () => {
    const { personId, answer } = await start("E-ANYCASE-2", "TWIN-3", "ASR-1");
    expect(answer.status).toBe(400);
    expect((answer.data as Errors["reply"]).error).toEqual({ assessor: ["start.errors.ambiguousPerson"] });
    expect(fixedT("en-GB")("asye:start.errors.ambiguousPerson")).toMatch(/^More than one person has that employee number in different capitals/);
    expect(fixedT("cy")("asye:start.errors.ambiguousPerson")).toMatch(/^Mae gan fwy nag un person y rhif cyflogai hwnnw/);
    expect(await asyeDb().selectFrom("asye_years").select("id").where("person_id", "=", personId).execute()).toEqual([]);
  });
});

describe("the caseload report's employee numbers", () => {
  it("are looked up in any case through the numbers' index, not by reading every person", async () => {
    const [worker] = await peopleAtStage("social_worker", 1);
    const csv = caseloadCsv([[worker.employee_number.toLowerCase(), today(), 3], ["nobody-77", today(), 4]]);
    let outcome: Awaited<ReturnType<typeof importCaseloads>> | undefined;
    const statements = await statementsRunBy(async () => (outcome = await importCaseloads(csv, { userId: null, personId: null })));
    // The worker is found from their number in small letters; only the number nobody holds is refused.
    expect(outcome).toMatchObject({ ok: false, problems: [{ line: 3, key: "asye:caseload.import.errors.unknownEmployee" }] });
    const lookups = statements.filter((s) => /from "people" where .*"employee_number"/.test(s.sql));
    expect(lookups).toHaveLength(1);
    for (const lookup of lookups) {
      expect(lookup.sql).not.toContain("upper(");
      if (onPostgres()) {
        const plan = await postgresPlanAtScale(lookup);
        expect(plan).toMatch(/(Index (Only )?Scan using|Bitmap Index Scan on) people_employee_number_key/);
        expect(plan).not.toContain("Seq Scan");
      } else expect(await sqlitePlan(lookup)).toMatch(/^SEARCH people USING (COVERING )?INDEX sqlite_autoindex_people_\d \(employee_number=\?\)$/);
    }
  });
});
