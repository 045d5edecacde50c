// An employee number two people hold in different capitals ("old-3" and "Old-3", which migration 0013
// leaves as they were): the caseload report writes numbers in either case, so a line for it could mean
// either person. As the staff import does, the line is refused with the numbers held, and nothing is stored.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import type { Problem } from "../../../app/utils/problems";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { caseloadDb } from "../caseload/server/db.server";
import { addWeeks, weekOf } from "../caseload/server/weeks";
import { caseloadCsv, ensureCaseloadPlugin, peopleAtStage } from "./caseload-support";

// Before the seeded weeks and those the other caseload tests use, so this test owns it.
const WEEK = addWeeks(weekOf(new Date().toISOString().slice(0, 10)), -40);

const figuresOf = (week: string) => caseloadDb().selectFrom("asye_caseload_figures").select(["person_id", "cases"]).where("week_of", "=", week).orderBy("person_id").execute();
const weekAudits = (week: string) => db().selectFrom("audit_events").select("id").where("action", "like", "asye.caseload.%").where("subject_id", "=", week).execute();

let other: { id: number; employee_number: string };

/** Another person like `from`, holding `employeeNumber` exactly as given. */
async function personHolding(employeeNumber: string, from: number) {
  const { id: _id, ...person } = await db().selectFrom("people").selectAll().where("id", "=", from).executeTakeFirstOrThrow();
  const email = `${employeeNumber.toLowerCase()}.${employeeNumber === employeeNumber.toLowerCase() ? "lower" : "mixed"}@council.example`;
  await db().insertInto("people").values({ ...person, employee_number: employeeNumber, email }).execute();
  return (await db().selectFrom("people").select("id").where("employee_number", "=", employeeNumber).executeTakeFirstOrThrow()).id;
}

async function upload(csv: string) {
  const page = await import("../routes/caseload.import");
  const form = new FormData();
  form.set("file", new File([csv], "caseload.csv", { type: "text/csv" }));
  return run(page.action, await requestAs("ld", "/programmes/asye/caseload/import", { method: "POST", body: form }));
}

beforeAll(async () => {
  await ensureCaseloadPlugin();
  await seedDemo();
  const [template, second] = await peopleAtStage("social_worker", 2);
  other = second;
  await personHolding("old-3", template.id);
  await personHolding("Old-3", template.id);
  await personHolding("solo-9", template.id);
});

describe("a caseload line for a number held in different capitals", () => {
  it("is refused on its line, naming the numbers held, in English and Welsh, and nothing is stored", async () => {
    const outcome = await upload(caseloadCsv([[other.employee_number, WEEK, 12], ["OLD-3", WEEK, 12], ["old-3", addWeeks(WEEK, 1), 9]]));
    expect(outcome.status).toBe(400);
    const problems = (outcome.data as { problems: Problem[] }).problems;
    expect(problems).toEqual([
      { line: 3, column: "employee_number", key: "asye:caseload.import.errors.heldByMore", values: { employee: "OLD-3", held: "Old-3, old-3" } },
      { line: 4, column: "employee_number", key: "asye:caseload.import.errors.heldByMore", values: { employee: "OLD-3", held: "Old-3, old-3" } },
    ]);
    expect(fixedT("en-GB")(problems[0].key, problems[0].values)).toBe(
      "More than one person holds OLD-3, written as Old-3, old-3. Numbers that differ only in capitals are the same number, so which person this line means must be settled in Pathways before the file can be imported",
    );
    expect(fixedT("cy")(problems[0].key, problems[0].values)).toBe(
      "Mae gan fwy nag un person y rhif OLD-3, wedi'i ysgrifennu fel Old-3, old-3. Yr un rhif yw rhifau sy'n wahanol o ran priflythrennau yn unig, felly rhaid setlo yn Pathways pa berson y mae'r llinell hon yn ei olygu cyn y gellir mewnforio'r ffeil",
    );
    expect(await figuresOf(WEEK)).toEqual([]);
    expect(await figuresOf(addWeeks(WEEK, 1))).toEqual([]);
    expect(await weekAudits(WEEK)).toEqual([]);
  });

  it("still finds a number one person holds in other capitals", async () => {
    const solo = (await db().selectFrom("people").select("id").where("employee_number", "=", "solo-9").executeTakeFirstOrThrow()).id;
    const outcome = await upload(caseloadCsv([["SOLO-9", WEEK, 7], [other.employee_number, WEEK, 12]]));
    expect(outcome.status).toBe(200);
    expect(await figuresOf(WEEK)).toEqual([{ person_id: solo, cases: 7 }, { person_id: other.id, cases: 12 }].sort((a, b) => a.person_id - b.person_id));
  });
});
