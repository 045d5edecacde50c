// Bulk enrolment and attendance files find people by an employee number written in any case: migration
// 0013 left numbers that differ only in case ("old-3" and "Old-3") as they were, so someone may be held as
// "old-3", whom a lookup in capitals alone said was nobody. A number held exactly as written wins; several
// held in other capitals and none as written is refused on its line, naming them. Either way the whole
// file's lookup stays a handful of statements through the numbers' index.
import { beforeAll, describe, expect, it } from "vitest";
import { importAttendance } from "../../app/services/attendance-import.server";
import { checkBulkCsv } from "../../app/services/bulk-enrolment.server";
import { createCohort } from "../../app/services/cohorts.server";
import { requestPlace } from "../../app/services/enrolment.server";
import { isoDate } from "../../app/utils/dates";
import { db, observeQueries } from "../../app/utils/db.server";
import { fixedT } from "../../app/utils/i18n.server";
import * as bulk from "../../plugins/leadership/routes/cohorts.$cohortId.bulk";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { run } from "../support/route";
import { postgresPlanAtScale, sqlitePlan, statementsRunBy } from "../support/statement-plans";
import { onPostgres } from "../support/test-database";

const DAY = 86_400_000;
const SYSTEM = { userId: null, personId: null };
/** People held only in small letters or mixed capitals, by the number each holds. */
const held = new Map<string, number>();
let ld: { userId: null; personId: number };

const cohortCalled = (name: string, firstDate: string, endsOn: string) =>
  createCohort(
    { programmeId: "leadership", name, startsOn: firstDate, endsOn, capacity: 20, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate, cadence: "weekly", count: 2, time: "09:30", durationMinutes: 60 },
    SYSTEM,
  );

beforeAll(async () => {
  await seedDemo();
  ld = { userId: null, personId: await personIdOf("ld") };
  const team = (await db().selectFrom("people").select("team_id").where("id", "=", ld.personId).executeTakeFirstOrThrow()).team_id;
  const numbers = ["case-1", "twin-7", "Twin-7", "pair-2", "PAIR-2"];
  const people = numbers.map((n, i) => newPerson({ employee_number: n, given_name: "Held", family_name: `In case ${i}`, email: `any-case.${i}@example.test`, team_id: team }));
  for (const p of await db().insertInto("people").values(people).returning(["id", "employee_number"]).execute()) held.set(p.employee_number, p.id);
});

describe("a bulk enrolment file", () => {
  let cohortId: number;
  let path: string;

  beforeAll(async () => {
    cohortId = await cohortCalled("Bulk in any case", "2028-01-10", "2028-09-30");
    path = `/programmes/leadership/cohorts/${cohortId}/bulk`;
  });

  async function upload(csv: string) {
    const body = new FormData();
    body.set("intent", "csv");
    body.set("file", new File([csv], "people.csv", { type: "text/csv" }));
    return run(bulk.action, await requestAs("ld", path, { method: "POST", body }), { cohortId: String(cohortId) });
  }
  const placed = async () => (await db().selectFrom("enrolments").select("person_id").where("cohort_id", "=", cohortId).execute()).map((e) => e.person_id).sort();

  it("refuses a number several people hold in other capitals, naming them, and enrols nobody", async () => {
    const refused = await upload("employee_number,reason\nCASE-1,Old record\nTWIN-7,Old record\n");
    expect(refused.status).toBe(400);
    expect((refused.data as { problems: unknown[] }).problems).toEqual([{ line: 3, key: "bulk.errors.ambiguousEmployee", values: { numbers: "Twin-7, twin-7" } }]);
    expect(fixedT("en-GB")("bulk.errors.ambiguousEmployee", { numbers: "Twin-7, twin-7" })).toBe("Employee numbers Twin-7, twin-7 differ only in capitals: write the number exactly as it is held");
    expect(fixedT("cy")("bulk.errors.ambiguousEmployee", { numbers: "Twin-7, twin-7" })).toContain("yn wahanol o ran priflythrennau yn unig");
    expect(await placed()).toEqual([]);
  });

  it("enrols someone held in small letters from the number in capitals, and the one held exactly as written", async () => {
    const done = await upload("employee_number,reason\nCASE-1,Old record\npair-2,Old record\nTwin-7,Old record\n");
    expect(done.data).toEqual({ kind: "done", enrolled: 3, waitlisted: 0 });
    expect(await placed()).toEqual([held.get("case-1"), held.get("pair-2"), held.get("Twin-7")].sort());
  });

  it("looks up a whole file of numbers not written as held in two statements, each through the numbers' index", async () => {
    const seeded = await db().selectFrom("people").select("employee_number").where("employee_number", "like", "E%").where("id", "!=", ld.personId).orderBy("id").limit(1500).execute();
    expect(seeded.length).toBeGreaterThan(100);
    const csv = ["employee_number", ...seeded.map((p) => p.employee_number.toLowerCase()), "CASE-1", "nobody-99"].join("\n");
    const always = async (ids: number[]) => new Map(ids.map((id) => [id, { eligible: true, reasonKey: "" }]));
    let checked: Awaited<ReturnType<typeof checkBulkCsv>> | undefined;
    const statements = await statementsRunBy(async () => (checked = await checkBulkCsv(cohortId, csv, always, ld.personId)));
    // Everyone is found but the one nobody holds (and CASE-1, placed above).
    expect(checked).toEqual({
      ok: false,
      problems: [
        { line: seeded.length + 2, key: "bulk.errors.already", values: { employee: "CASE-1" } },
        { line: seeded.length + 3, key: "bulk.errors.unknownEmployee", values: { employee: "nobody-99" } },
      ],
    });
    const lookups = statements.filter((s) => /from "people" where .*"employee_number"/.test(s.sql));
    // As written, then every spelling of those not held so.
    expect(lookups).toHaveLength(2);
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

describe("an attendance file", () => {
  let cohortId: number;
  const enrolments = new Map<string, number>();

  beforeAll(async () => {
    // Both sessions held: the first fifteen days ago, the second eight.
    cohortId = await cohortCalled("Attendance in any case", isoDate(new Date(Date.now() - 15 * DAY)), isoDate(new Date(Date.now() + 30 * DAY)));
    for (const number of ["case-1", "Twin-7", "pair-2"]) {
      const place = await requestPlace({ cohortId, personId: held.get(number)!, actor: SYSTEM, direct: true });
      if (!place.ok) throw new Error(place.error);
      enrolments.set(number, place.enrolmentId);
    }
  });

  const marksOf = async (number: string) => (await db().selectFrom("attendance").select("status").where("enrolment_id", "=", enrolments.get(number)!).execute()).map((m) => m.status);

  it("marks someone held in small letters from the number in capitals, and the one held exactly as written", async () => {
    const file = "employee_number,session,mark\nCASE-1,1,present\ncase-1,2,absent\nTwin-7,1,present\npair-2,1,excused\n";
    expect(await importAttendance(cohortId, file, ld)).toEqual({ ok: true, saved: 4 });
    expect((await marksOf("case-1")).sort()).toEqual(["absent", "present"]);
    expect(await marksOf("Twin-7")).toEqual(["present"]);
    expect(await marksOf("pair-2")).toEqual(["excused"]);
  });

  it("refuses a number several people hold in other capitals, and one held exactly by someone without a place", async () => {
    const file = "employee_number,session,mark\nTWIN-7,2,present\nPAIR-2,2,present\nCase-1,2,present\n";
    const refused = await importAttendance(cohortId, file, ld);
    expect(refused).toEqual({
      ok: false,
      problems: [
        { line: 2, key: "attendanceImport.errors.ambiguousEmployee", values: { numbers: "Twin-7, twin-7" } },
        { line: 3, key: "attendanceImport.errors.notOnCohort", values: { employee: "PAIR-2" } },
      ],
    });
    expect(await marksOf("case-1")).toHaveLength(2);
    expect(await marksOf("Twin-7")).toEqual(["present"]);
  });

  it("looks nobody up when every number is written as held, and a number in other capitals up through the index", async () => {
    const lookupsBy = async (file: string) => {
      const statements: string[] = [];
      const stop = observeQueries((s) => statements.push(s));
      try {
        await importAttendance(cohortId, file, ld);
      } finally {
        stop();
      }
      return statements.filter((s) => /from "people" where/.test(s));
    };
    expect(await lookupsBy("employee_number,session,mark\nTwin-7,2,absent\n")).toEqual([]);
    const lookups = await lookupsBy("employee_number,session,mark\nTWIN-7,2,absent\n");
    // As written, then in any case by its spellings.
    expect(lookups).toHaveLength(2);
    for (const lookup of lookups) expect(lookup).not.toContain("upper(");
  });
});
