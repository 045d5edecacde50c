// Nobody places themselves: an L&D officer's own row in a bulk enrolment file is refused on its line, and
// a filter never offers the person choosing, whose place someone else decides.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/utils/db.server";
import { fixedT } from "../../app/utils/i18n.server";
import * as bulk from "../../plugins/leadership/routes/cohorts.$cohortId.bulk";
import * as newCohort from "../../plugins/leadership/routes/cohorts.new";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";

let cohortId: number;
let path: string;
const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const employeeOf = async (personId: number) => (await db().selectFrom("people").select(["employee_number", "team_id", "role_category"]).where("id", "=", personId).executeTakeFirstOrThrow());
const placesOf = async (personId: number) => db().selectFrom("enrolments").select("status").where("cohort_id", "=", cohortId).where("person_id", "=", personId).execute();

beforeAll(async () => {
  await seedDemo();
  const fields = { name: "Bulk, not oneself", startsOn: "2028-01-10", endsOn: "2028-09-30", capacity: "50", requiresManagerApproval: "no", firstSession: "2028-01-10", cadence: "fortnightly", sessionCount: "14", sessionTime: "10:00", durationMinutes: "180" };
  const made = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form(fields)));
  path = made.headers.get("Location")!.split("?")[0] + "/bulk";
  cohortId = Number(path.split("/")[4]);
});

describe("a bulk enrolment file", () => {
  it("refuses the uploader's own row on its line, and enrols nobody", async () => {
    const ld = await personIdOf("ld");
    const manager = await personIdOf("manager");
    const csv = `employee_number,reason\n${(await employeeOf(manager)).employee_number},\n${(await employeeOf(ld)).employee_number},Filling in\n`;
    const body = new FormData();
    body.set("intent", "csv");
    body.set("file", new File([csv], "people.csv", { type: "text/csv" }));
    const refused = await run(bulk.action, await requestAs("ld", path, { method: "POST", body }), { cohortId: String(cohortId) });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.data)).toContain('"line":3,"key":"bulk.errors.own"');
    expect(fixedT("en-GB")("bulk.errors.own")).toBe("This is your own employee number: someone else must enrol you");
    expect([...(await placesOf(ld)), ...(await placesOf(manager))]).toEqual([]);
  });
});

describe("enrolling by filter", () => {
  it("never offers or enrols the person choosing, though they match", async () => {
    const ld = await personIdOf("ld");
    const { role_category: role, team_id: team } = await employeeOf(ld);
    const locality = (await db().selectFrom("org_units").select("parent_id").where("id", "=", team).executeTakeFirstOrThrow()).parent_id!;
    const query = `role=${role}&locality=${locality}`;
    const preview = ((await run(bulk.loader, await requestAs("ld", `${path}?preview=1&${query}`), { cohortId: String(cohortId) })).data as { preview: { total: number; shown: string; people: { id: number }[] } }).preview;
    const matching = await db().selectFrom("people as p").innerJoin("org_units as t", "t.id", "p.team_id").select("p.id").where("p.role_category", "=", role).where("t.parent_id", "=", locality).where("p.employment_status", "=", "active").execute();
    expect(matching.map((p) => p.id)).toContain(ld);
    expect(preview.total).toBe(matching.length - 1);
    const done = await run(bulk.action, await requestAs("ld", path, form({ intent: "filter", role, locality: String(locality), reason: "Everyone in the locality's role", shown: preview.shown })), { cohortId: String(cohortId) });
    expect(done.data).toEqual({ kind: "done", enrolled: preview.total, waitlisted: 0 });
    expect(await placesOf(ld)).toEqual([]);
  });
});
