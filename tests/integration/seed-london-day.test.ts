// The demo seed dates its people from London's day, where the council is, not UTC's: seeded between
// midnight and 1am in summer, UTC's date is still yesterday and every date came out a day early.
import { describe, expect, it } from "vitest";
import { seedJustAfterLondonMidnight } from "../support/london-midnight";
import { db } from "../../app/utils/db.server";
import { DEMO_EMAILS } from "../support/fixtures";

seedJustAfterLondonMidnight();

const qualifiedOn = async (email: string) => (await db().selectFrom("people").select("qualification_date").where("email", "=", email).executeTakeFirstOrThrow()).qualification_date;

describe("seeding just after midnight in British Summer Time", () => {
  it("dates the demo's qualifications from London's day", async () => {
    // The ASYE qualified four months before London's 2 July; the practitioner three years and 20 days before.
    expect(await qualifiedOn(DEMO_EMAILS.asye)).toBe("2026-03-02");
    expect(await qualifiedOn(DEMO_EMAILS.practitioner)).toBe("2023-06-12");
  });
});
