// The audit trail's filter finds people by an employee number typed in any case, as npm run user:create
// does: migration 0013 left numbers that differ only in case ("old-3" and "Old-3") as they were, so
// someone may still be held as "old-3", whom a lookup in capitals alone said was nobody.
import { beforeAll, describe, expect, it } from "vitest";
import Audit, * as audit from "../../app/routes/admin.audit";
import { recordAudit } from "../../app/services/audit.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";
import { postgresPlanAtScale, sqlitePlan, statementsRunBy } from "../support/statement-plans";
import { onPostgres } from "../support/test-database";

interface AuditData {
  events: { action: string }[];
  errors: { field: string; key: string; values?: Record<string, string> }[];
}

const page = async (query: string) => (await run(audit.loader, await requestAs("admin", `/admin/audit${query}`))).data as AuditData;
const actions = async (query: string) => (await page(query)).events.map((e) => e.action);

beforeAll(async () => {
  await seedDemo();
  const team = (await db().selectFrom("people").select("team_id").where("email", "=", "manager@demo.test").executeTakeFirstOrThrow()).team_id;
  const held = (employee_number: string) => newPerson({ employee_number, given_name: "Held", family_name: employee_number, email: `${employee_number}@case.test`, team_id: team });
  const ids = await db().insertInto("people").values([held("old-3"), held("twin-1"), held("Twin-1"), held("mix-1"), held("MIX-1"), held("longer-abcdefghij-1")]).returning(["id", "employee_number"]).execute();
  const actor = { userId: await userIdOf("admin"), personId: await personIdOf("admin") };
  for (const { id, employee_number } of ids) await recordAudit(actor, { action: `test.about_${employee_number}`, subjectType: "person", subjectId: id, personId: id });
});

describe("the audit trail's filter by employee number", () => {
  it("finds someone held only in small letters, typed as held or in capitals", async () => {
    expect(await page("?person=old-3")).toMatchObject({ errors: [], events: [{ action: "test.about_old-3" }] });
    expect(await actions("?person=OLD-3")).toEqual(["test.about_old-3"]);
    expect(await actions("?person=%20Old-3%20")).toEqual(["test.about_old-3"]);
  });

  it("takes the number held exactly as typed, then the one in capitals, as before", async () => {
    expect(await actions("?person=mix-1")).toEqual(["test.about_mix-1"]);
    expect(await actions("?person=Mix-1")).toEqual(["test.about_MIX-1"]);
  });

  it("names the numbers it could mean when they differ only in case and neither is typed, and shows nothing", async () => {
    expect(await actions("?person=Twin-1")).toEqual(["test.about_Twin-1"]);
    const data = await page("?person=TWIN-1");
    expect(data.events).toEqual([]);
    expect(data.errors).toEqual([{ field: "person", key: "audit.ambiguousPerson", values: { numbers: "Twin-1, twin-1" } }]);
    // Beside the field and in the summary, in both languages.
    for (const [locale, words] of [["en-GB", "differ only in capitals"], ["cy", "yn wahanol o ran priflythrennau yn unig"]] as const) {
      const html = await renderedAfterPost(Audit, data, {}, locale);
      expect(html.match(/Twin-1, twin-1/g)).toHaveLength(2);
      expect(html).toContain(words);
    }
  });

  it("still says there is nobody with a number nobody holds in any case", async () => {
    expect((await page("?actor=nobody-9")).errors).toEqual([{ field: "actor", key: "audit.unknownPerson" }]);
  });

  it("finds a number of more letters than it spells out one by one, in any case", async () => {
    expect(await actions("?person=Longer-ABCDEFGHIJ-1")).toEqual(["test.about_longer-abcdefghij-1"]);
  });

  it("looks a number nobody holds up through the numbers' index, not by reading every person", async () => {
    const statements = await statementsRunBy(async () => expect((await page("?person=Nobdy-9")).errors).toEqual([{ field: "person", key: "audit.unknownPerson" }]));
    const lookups = statements.filter((s) => /from "people" where .*"employee_number"/.test(s.sql));
    // As typed and in capitals, then in any case.
    expect(lookups).toHaveLength(2);
    for (const lookup of lookups) {
      expect(lookup.sql).not.toContain("upper(");
      if (onPostgres()) {
        const plan = await postgresPlanAtScale(lookup);
        // Sought by the number, not the whole index read and each entry's upper() compared.
        expect(plan).toMatch(/(Index (Only )?Scan using|Bitmap Index Scan on) people_employee_number_key/);
        expect(plan).toMatch(/Index Cond: \(employee_number = /);
        expect(plan).not.toContain("Seq Scan");
      } else expect(await sqlitePlan(lookup)).toMatch(/^SEARCH people USING (COVERING )?INDEX sqlite_autoindex_people_\d \(employee_number=\?\)$/);
    }
  });
});
