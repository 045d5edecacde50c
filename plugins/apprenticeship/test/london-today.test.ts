// "Today" is London's, where the council and the regulator are: from midnight to 1am in summer, UTC's
// date is still yesterday. Read as UTC's, an intake that closed yesterday still took applications, a week
// just completed went unowed, a review due yesterday was not yet overdue, levy dated today was left out of
// the balance, and the log and forecast started a week or a month out.
import type { Kysely } from "kysely";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as admin from "../../../app/routes/admin._index";
import { formatDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { describeLondonToday } from "../../../tests/support/london-today";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import type { SeedContext } from "../../sdk";
import { ledgerSchema } from "../forms";
import { apprenticeshipDb, type ApprenticeshipDatabase } from "../server/db.server";
import { createIntake } from "../server/intakes.server";
import { ledgerPosition } from "../server/ledger.server";
import { money } from "../server/money";
import { seedApprenticeship } from "../server/seed.server";
import { apprenticeshipSettings } from "../server/settings.server";

describeLondonToday(ledgerSchema, "occurredOn", "funding.errors.future");

beforeAll(seedDemo);
afterEach(() => vi.useRealTimers());

/** 23:30 UTC on 1 July: 00:30 on Thursday 2 July in London. */
const JUST_AFTER_MIDNIGHT = "2026-07-01T23:30:00Z";
const at = (instant: string) => vi.useFakeTimers({ toFake: ["Date"], now: new Date(instant) });

const SYSTEM = { userId: null, personId: null };
const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const application = { statement: "I want to qualify.", currentRole: "Family support worker", serviceMonths: "30", english: "held", maths: "held" };

type Home = {
  intakes: { name: string }[];
  apprentice: { behind: boolean; standing: string; reviewDue: string; reviewOverdue: boolean; entries: { week: string }[] } | null;
};

const home = () => import("../routes/index");
const homeOf = async (who: DemoAccount) => (await run((await home()).loader, await requestAs(who, "/programmes/apprenticeship"))).data as Home;

/** An intake with this application window, as L&D would set one up. */
async function intake(name: string, dates: { startsOn: string; opensOn: string; closesOn: string }) {
  const id = await createIntake({ name, university: "University of the Midlands", places: 4, criteria: "Values, experience and potential.", ...dates }, SYSTEM);
  const { cohort_id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes").select("cohort_id").where("id", "=", id).executeTakeFirstOrThrow();
  return { id, cohortId: cohort_id };
}

/** A demo account made an apprentice on a cohort starting on `startsOn`. */
async function apprenticeFrom(who: DemoAccount, startsOn: string) {
  const { cohortId } = await intake(`Started ${startsOn}`, { startsOn, opensOn: "2026-01-05", closesOn: "2026-02-02" });
  // Placed as applications closed, before the start: hours and reviews are owed from the start.
  const stamp = "2026-02-02T12:00:00.000Z";
  await apprenticeshipDb()
    .insertInto("enrolments")
    .values({ cohort_id: cohortId, person_id: await personIdOf(who), status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp, updated_at: stamp })
    .execute();
}

describe("applications just after midnight in summer", () => {
  it("closes an intake whose applications closed yesterday, and opens one whose applications open today", async () => {
    at(JUST_AFTER_MIDNIGHT);
    const closed = await intake("Closed on 1 July", { startsOn: "2026-09-07", opensOn: "2026-06-01", closesOn: "2026-07-01" });
    const opening = await intake("Opens on 2 July", { startsOn: "2026-09-07", opensOn: "2026-07-02", closesOn: "2026-08-03" });
    const names = (await homeOf("practitioner")).intakes.map((i) => i.name);
    expect(names).toContain("Opens on 2 July");
    expect(names).not.toContain("Closed on 1 July");

    const apply = await import("../routes/apply.$intakeId");
    const applyTo = (id: number) => `/programmes/apprenticeship/apply/${id}`;
    // A closed intake's page says so and takes no application; one sent to it is refused.
    expect((await run(apply.loader, await requestAs("practitioner", applyTo(closed.id)), { intakeId: String(closed.id) })).data).toMatchObject({ closedOn: "1 July 2026" });
    expect((await run(apply.action, await requestAs("practitioner", applyTo(closed.id), form(application)), { intakeId: String(closed.id) })).status).toBe(409);
    expect(await apprenticeshipDb().selectFrom("apprenticeship_applications").select("id").where("intake_id", "=", closed.id).execute()).toEqual([]);
    expect((await run(apply.loader, await requestAs("practitioner", applyTo(opening.id)), { intakeId: String(opening.id) })).status).toBe(200);
  });
});

describe("an application sent just after its intake closed at midnight", () => {
  type Refused = { reply: { error: Record<string, string[]>; initialValue: Record<string, string> }; closedOn: string | null };
  const applyTo = (id: number) => `/programmes/apprenticeship/apply/${id}`;

  it("is refused with the closing date and sent back as typed, not lost to a 404, and nothing is stored", async () => {
    const apply = await import("../routes/apply.$intakeId");
    // Read at 11pm in London on the closing day, when the intake is open.
    at("2026-07-01T22:00:00Z");
    const { id } = await intake("Closes on 1 July", { startsOn: "2026-09-07", opensOn: "2026-06-01", closesOn: "2026-07-01" });
    const params = { intakeId: String(id) };
    expect((await run(apply.loader, await requestAs("practitioner", applyTo(id)), params)).status).toBe(200);

    // Sent half an hour later, after midnight: the longest statement the form takes, every field filled.
    at(JUST_AFTER_MIDNIGHT);
    const typed = { ...application, statement: "I want to qualify. ".repeat(263).slice(0, 5000) };
    const refused = await run(apply.action, await requestAs("practitioner", applyTo(id), form(typed)), params);
    expect(refused.status).toBe(409);
    const answer = refused.data as Refused;
    expect(answer.reply.error).toEqual({ "": ["apply.errors.closed"] });
    expect(answer.reply.initialValue).toEqual(typed);
    expect(answer.closedOn).toBe("1 July 2026");
    expect(fixedT("en-GB")(`apprenticeship:apply.errors.closed`, { date: answer.closedOn })).toBe("Applications for this intake closed on 1 July 2026. Your statement is below so you can keep a copy.");
    expect(await apprenticeshipDb().selectFrom("apprenticeship_applications").select("id").where("intake_id", "=", id).execute()).toEqual([]);

    // In Welsh, the date too.
    const inWelsh = (await run(apply.action, await requestAs("practitioner", `${applyTo(id)}?lng=cy`, form(typed)), params)).data as Refused;
    expect(inWelsh.closedOn).toBe(formatDate("2026-07-01", "cy"));
  });

  it("still answers 404 for an intake that does not exist or is not yet open", async () => {
    const apply = await import("../routes/apply.$intakeId");
    at(JUST_AFTER_MIDNIGHT);
    const later = await intake("Opens on 3 July", { startsOn: "2026-09-07", opensOn: "2026-07-03", closesOn: "2026-08-03" });
    for (const intakeId of ["999999", String(later.id)]) {
      expect((await run(apply.action, await requestAs("practitioner", applyTo(Number(intakeId)), form(application)), { intakeId })).status).toBe(404);
      expect((await run(apply.loader, await requestAs("practitioner", applyTo(Number(intakeId))), { intakeId })).status).toBe(404);
    }
  });
});

describe("an apprentice's progress just after midnight in summer", () => {
  it("owes the first week's off-the-job hours on the day the week completes", async () => {
    at(JUST_AFTER_MIDNIGHT);
    // Started on Thursday 25 June: a week ago on London's Thursday 2 July, six days ago on UTC's 1 July.
    await apprenticeFrom("practitioner", "2026-06-25");
    expect((await homeOf("practitioner")).apprentice).toMatchObject({ behind: true, standing: "6 hours behind: 0 logged against 6 needed so far." });
  });

  it("flags a review that fell due yesterday as overdue", async () => {
    at(JUST_AFTER_MIDNIGHT);
    // Started on 8 April: the first review, twelve weeks on, fell due on 1 July.
    await apprenticeFrom("asye", "2026-04-08");
    expect((await homeOf("asye")).apprentice).toMatchObject({ reviewDue: "1 July 2026", reviewOverdue: true });
  });

  it("shows the last eight weeks of the log on a Monday, not nine", async () => {
    // 23:30 UTC on Sunday 5 July: 00:30 on Monday 6 July in London, a new week.
    at("2026-07-05T23:30:00Z");
    await apprenticeFrom("manager", "2026-01-05");
    for (const weekOf of ["2026-05-13", "2026-05-18", "2026-07-06"]) {
      const logged = await run((await home()).action, await requestAs("manager", "/programmes/apprenticeship", form({ weekOf, hours: "6", activity: "Directed study" })));
      expect(logged.status).toBe(303);
    }
    // Eight weeks from 18 May to 6 July; the week of 11 May is the ninth.
    expect((await homeOf("manager")).apprentice!.entries.map((e) => e.week)).toEqual(["6 July 2026", "18 May 2026"]);
  });
});

describe("the levy account just after midnight in summer", () => {
  const levyBalance = async () => {
    const widgets = ((await run(admin.loader, await requestAs("ld", "/admin"))).data as { widgets: { id: string; rows?: { label: string; value: string }[] }[] }).widgets;
    return widgets.find((w) => w.id === "apprenticeship-admin")!.rows!.find((r) => r.label === "Levy balance")!.value;
  };
  const positionOn = async (day: string) => ledgerPosition(await apprenticeshipDb().selectFrom("apprenticeship_ledger").selectAll().execute(), day, await apprenticeshipSettings());

  it("counts levy dated today in the balance on /funding and /admin", async () => {
    at(JUST_AFTER_MIDNIGHT);
    const funding = await import("../routes/funding");
    const recorded = await run(funding.action, await requestAs("ld", "/programmes/apprenticeship/funding", form({ kind: "levy", occurredOn: "2026-07-02", amount: "£1,000.00" })));
    expect(recorded.status).toBe(303);
    const [today, yesterday] = [await positionOn("2026-07-02"), await positionOn("2026-07-01")];
    expect(today.paidIn - yesterday.paidIn).toBe(110_000);
    const page = (await run(funding.loader, await requestAs("ld", "/programmes/apprenticeship/funding"))).data as { position: { paidIn: string; balance: string } };
    expect(page.position).toMatchObject({ paidIn: money(today.paidIn, "en-GB"), balance: money(today.balance, "en-GB") });
    expect(await levyBalance()).toBe(money(today.balance, "en-GB"));
  });

  it("starts the forecast with next month on the 1st", async () => {
    // 23:30 UTC on 31 July: 00:30 on 1 August in London.
    at("2026-07-31T23:30:00Z");
    const funding = await import("../routes/funding");
    const page = (await run(funding.loader, await requestAs("ld", "/programmes/apprenticeship/funding?planned=2"))).data as { months: { band: string }[] };
    expect(page.months.map((m) => m.band).slice(0, 2)).toEqual(["2026-09", "2026-10"]);
  });
});

describe("the demo seeded just after midnight in summer", () => {
  class RolledBack extends Error {}

  /** What the demo's levy account would hold if seeded at `now`, left out of the test database after. */
  async function levySeededAt(now: Date) {
    let months: string[] = [];
    await db()
      .transaction()
      .execute(async (trx) => {
        const apprenticeship = trx as unknown as Kysely<ApprenticeshipDatabase>;
        // The demo's officers already have practice learning, one row of each kind a person.
        await apprenticeship.deleteFrom("apprenticeship_practice").execute();
        await seedApprenticeship({ db: trx, now: () => now } as unknown as SeedContext, "demo");
        const rows = await apprenticeship.selectFrom("apprenticeship_ledger").select("occurred_on").where("kind", "=", "levy").where("created_at", "=", now.toISOString()).orderBy("occurred_on", "desc").execute();
        months = rows.map((r) => r.occurred_on);
        throw new RolledBack();
      })
      .catch((error) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    return months;
  }

  it("pays last month's levy in, as of London's 1st", async () => {
    // 00:30 on 1 August in London: July's levy, paid on the 15th, is in the demo account.
    const levy = await levySeededAt(new Date("2026-07-31T23:30:00Z"));
    expect(levy[0]).toBe("2026-07-15");
  });
});
