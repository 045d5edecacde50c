// The core's "today" is London's: from midnight to 1am in summer, UTC's date is still yesterday, and a
// registration that ended yesterday read as current, and one ninety days off as not yet due.
import { beforeAll, describe, expect, it } from "vitest";
import { registrationState } from "../../app/services/person-view.server";
import { readinessFor } from "../../app/services/readiness.server";
import { db } from "../../app/utils/db.server";
import { seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";

// 23:30 UTC on 1 July is 00:30 on 2 July in London.
const JUST_AFTER_MIDNIGHT = new Date("2026-07-01T23:30:00Z");

async function registeredUntil(expiry: string) {
  const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").executeTakeFirstOrThrow();
  const number = `LD-${expiry}`;
  const names = { employee_number: number, given_name: "Lon", family_name: "Don", email: `${number.toLowerCase()}@london.test`, team_id: team.id };
  const row = await db()
    .insertInto("people")
    .values(newPerson(names, { qualification_date: "2020-07-02", registration_number: `SW${expiry.replaceAll("-", "")}`, registration_expiry: expiry }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(seedDemo);

describe("a registration just after midnight in summer", () => {
  it("has expired on the day after its last day, in readiness and on the person's record", async () => {
    const endedYesterday = await registeredUntil("2026-07-01");
    const item = (await readinessFor([endedYesterday], "en-GB", JUST_AFTER_MIDNIGHT)).get(endedYesterday)!.find((i) => i.requirementId === "registration")!;
    expect(item).toMatchObject({ status: "not_met", reason: "The registration expired on 1 July 2026. Renew it with Social Work England, then tell HR so the staff record shows it." });
    expect(registrationState("2026-07-01", "SW1", JUST_AFTER_MIDNIGHT)).toBe("expired");
  });

  it("is due for renewal from ninety days before it ends, counted from London's today", async () => {
    const dueInNinetyDays = await registeredUntil("2026-09-30");
    const item = (await readinessFor([dueInNinetyDays], "en-GB", JUST_AFTER_MIDNIGHT)).get(dueInNinetyDays)!.find((i) => i.requirementId === "registration")!;
    expect(item.status).toBe("in_progress");
    expect(registrationState("2026-09-30", "SW1", JUST_AFTER_MIDNIGHT)).toBe("expiring");
  });

  it("says a missing registration comes from HR's record, and whom to ask", async () => {
    const unregistered = await registeredUntil("2027-11-30");
    await db().updateTable("people").set({ registration_number: null }).where("id", "=", unregistered).execute();
    const item = (await readinessFor([unregistered], "en-GB", JUST_AFTER_MIDNIGHT)).get(unregistered)!.find((i) => i.requirementId === "registration")!;
    expect(item).toMatchObject({ status: "not_met", reason: "No registration number or expiry date is recorded. They come from HR's staff record: ask HR to add them." });
  });

  it("names the renewal window only for a registration year's end, 30 November", async () => {
    const early = new Date("2026-09-15T10:00:00Z");
    const yearEnd = await registeredUntil("2026-11-30");
    const otherDate = await registeredUntil("2026-10-20");
    const reasonOf = async (person: number, locale: "en-GB" | "cy") => (await readinessFor([person], locale, early)).get(person)!.find((i) => i.requirementId === "registration")!.reason;
    expect(await reasonOf(yearEnd, "en-GB")).toBe("The registration expires on 30 November 2026: renew it between 1 September and 30 November.");
    expect(await reasonOf(otherDate, "en-GB")).toBe("The registration expires on 20 October 2026: renew it before then.");
    expect(await reasonOf(otherDate, "cy")).toBe("Mae'r cofrestriad yn dod i ben ar 20 Hydref 2026: adnewyddwch ef cyn hynny.");
  });

  it("counts the years qualified from London's day, so the sixth anniversary counts", async () => {
    const person = await registeredUntil("2027-07-01");
    const item = (await readinessFor([person], "en-GB", JUST_AFTER_MIDNIGHT)).get(person)!.find((i) => i.requirementId === "post-qualifying-experience")!;
    expect(item.reason).toMatch(/\b6\b/);
  });
});
