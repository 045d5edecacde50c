// The demo seed dates its people from London's day, where the council is, not UTC's: seeded between
// midnight and 1am in summer, UTC's date is still yesterday and every date came out a day early.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../app/utils/db.server";
import { DEMO_EMAILS, seedDemo } from "../support/fixtures";

beforeAll(async () => {
  // 23:30 UTC on 1 July is 00:30 on 2 July in London. Only the clock is fixed: timers run as usual.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-07-01T23:30:00Z"));
  await seedDemo();
});

afterAll(() => {
  vi.useRealTimers();
});

const qualifiedOn = async (email: string) => (await db().selectFrom("people").select("qualification_date").where("email", "=", email).executeTakeFirstOrThrow()).qualification_date;

describe("seeding just after midnight in British Summer Time", () => {
  it("dates the demo's qualifications from London's day", async () => {
    // The ASYE qualified four months before London's 2 July; the practitioner three years and 20 days before.
    expect(await qualifiedOn(DEMO_EMAILS.asye)).toBe("2026-03-02");
    expect(await qualifiedOn(DEMO_EMAILS.practitioner)).toBe("2023-06-12");
  });
});
