// Sentences that count something ("1 hour", "6 hours") through the real loaders: English words the noun
// by the number, one at 1 and the plural otherwise, including 1.5 hours; the Welsh reads right for any
// number with its one form ("1 awr", "6 awr"), so it stays as it was.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import * as team from "../../../app/routes/team._index";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS, PLUGIN_ID } from "../programme";
import { rankedApplications } from "../server/applications.server";
import { addMonths } from "../server/ledger.server";
import { apprenticeshipDb } from "../server/db.server";
import { saveApprenticeshipSettings } from "../server/settings.server";
import { otjStanding, otjStandingShort, practiceDays } from "../server/views.server";

const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const settings = (changes: Partial<typeof DEFAULT_SETTINGS>) => saveApprenticeshipSettings({ ...DEFAULT_SETTINGS, ...changes }, SYSTEM_ACTOR);

async function load<T>(route: { loader: Parameters<typeof run>[0] }, who: DemoAccount, path: string, params: Record<string, string> = {}) {
  const page = await run(route.loader, await requestAs(who, path), params);
  expect(page.status).toBe(200);
  return page.data as T;
}

const openIntake = async () => apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select(["i.id", "i.cohort_id"]).where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();

beforeAll(async () => {
  await seedDemo();
  await settings({});
});

describe("the months of service an applicant needs", () => {
  it("reads '1 month's service' at 1 and '12 months' service' at 12, on the application form and the applicant's own page", async () => {
    const apply = await import("../routes/apply.$intakeId");
    const home = await import("../routes/index");
    const panel = await import("../routes/applications.$applicationId");
    const intake = await openIntake();
    const path = `/programmes/apprenticeship/apply/${intake.id}`;
    const params = { intakeId: String(intake.id) };
    const rules = async (query = "") => (await load<{ rules: string }>(apply, "practitioner", `${path}${query}`, params)).rules;
    const reasons = async (query = "") => (await load<{ applications: { eligibility: string[] }[] }>(home, "practitioner", `/programmes/apprenticeship${query}`)).applications[0].eligibility;
    expect((await run(apply.action, await requestAs("practitioner", path, form({ statement: "I want to qualify.", currentRole: "Family support worker", serviceMonths: "0", english: "held", maths: "held" })), params)).status).toBe(303);

    await settings({ minServiceMonths: 1 });
    expect(await rules()).toBe("You need at least 1 month's service, level 2 English and maths (held or planned) and your manager's support.");
    expect(await reasons()).toContain("You need at least 1 month's service with the council.");
    expect(await rules("?lng=cy")).toBe("Mae angen o leiaf 1 mis o wasanaeth arnoch, Saesneg a mathemateg lefel 2 (wedi'u hennill neu yn y cynllun) a chefnogaeth eich rheolwr.");
    expect(await reasons("?lng=cy")).toContain("Mae angen o leiaf 1 mis o wasanaeth gyda'r cyngor arnoch.");
    // Staff read "the 1-month minimum", which is right for any number.
    const application = await apprenticeshipDb().selectFrom("apprenticeship_applications").select("id").where("person_id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
    const forPanel = await load<{ eligibility: string }>(panel, "ld", `/programmes/apprenticeship/applications/${application.id}`, { applicationId: String(application.id) });
    expect(forPanel.eligibility).toContain("Has less service with the council than the 1-month minimum.");

    await settings({ minServiceMonths: 12 });
    expect(await rules()).toBe("You need at least 12 months' service, level 2 English and maths (held or planned) and your manager's support.");
    expect(await reasons()).toContain("You need at least 12 months' service with the council.");
    expect(await reasons("?lng=cy")).toContain("Mae angen o leiaf 12 mis o wasanaeth gyda'r cyngor arnoch.");
    await settings({});
  });
});

describe("an intake's funded places", () => {
  it("reads '1 funded place' and '2 funded places'", async () => {
    const page = await import("../routes/intakes.$intakeId");
    const intake = await openIntake();
    const summary = async (query = "") => (await load<{ intake: { summary: string } }>(page, "ld", `/programmes/apprenticeship/intakes/${intake.id}${query}`, { intakeId: String(intake.id) })).intake.summary;
    expect(await summary()).toMatch(/^With University of the Midlands, starting .+, with 2 funded places\.$/);
    await db().updateTable("cohorts").set({ capacity: 1 }).where("id", "=", intake.cohort_id).execute();
    expect(await summary()).toMatch(/^With University of the Midlands, starting .+, with 1 funded place\.$/);
    expect(await summary("?lng=cy")).toMatch(/^Gyda University of the Midlands, yn dechrau ar .+\. Lleoedd wedi'u hariannu: 1\.$/);
    await db().updateTable("cohorts").set({ capacity: 2 }).where("id", "=", intake.cohort_id).execute();
  });
});

describe("the panel's score", () => {
  it("reads 'from 1 panel member' until a second member scores, then 'from 2 panel members'", async () => {
    const panel = await import("../routes/applications.$applicationId");
    const intake = await openIntake();
    // The seeded application scored by one member of the panel and not yet decided.
    const scored = (await rankedApplications(intake.id, DEFAULT_SETTINGS)).find((r) => r.shortlisted && r.panelists === 1 && r.decision === null)!;
    const path = `/programmes/apprenticeship/applications/${scored.id}`;
    const params = { applicationId: String(scored.id) };
    const summary = async (query = "") => (await load<{ scores: { summary: string } }>(panel, "admin", `${path}${query}`, params)).scores.summary;
    expect(await summary()).toBe(`${scored.total} out of 15, from 1 panel member (rank ${scored.rank})`);
    expect(await summary("?lng=cy")).toBe(`${scored.total} allan o 15, gan 1 aelod o'r panel (safle ${scored.rank})`);
    expect((await run(panel.action, await requestAs("admin", path, form({ values: "4", experience: "4", potential: "4" })), params)).status).toBe(303);
    const again = (await rankedApplications(intake.id, DEFAULT_SETTINGS)).find((r) => r.id === scored.id)!;
    expect(await summary()).toBe(`${again.total} out of 15, from 2 panel members (rank ${again.rank})`);
    expect(await summary("?lng=cy")).toBe(`${again.total} allan o 15, gan 2 aelod o'r panel (safle ${again.rank})`);
  });
});

describe("the levy forecast", () => {
  it("reads '1 apprentice costs' and '2 apprentices cost'", async () => {
    const funding = await import("../routes/funding");
    const intro = async (query: string) => (await load<{ forecastIntro: string }>(funding, "ld", `/programmes/apprenticeship/funding${query}`)).forecastIntro;
    expect(await intro("?planned=1")).toMatch(/^1 apprentice costs £[\d,.]+ a month against £[\d,.]+ a month paid in \(the average of the last three complete months with levy recorded: \w+ \d{4}, \w+ \d{4}, \w+ \d{4}\)\.$/);
    expect(await intro("?planned=2")).toMatch(/^2 apprentices cost £[\d,.]+ a month against £[\d,.]+ a month paid in/);
    expect(await intro("?planned=1&lng=cy")).toMatch(/^Mae 1 o brentisiaid yn costio £[\d,.]+ y mis/);
  });
});

describe("off-the-job hours", () => {
  // The demo ASYE is made an apprentice on an intake that started a week and a few days ago, so one
  // week's hours are owed: as many as the weekly minimum.
  let jordan: number;
  beforeAll(async () => {
    jordan = await personIdOf("asye");
    const now = new Date().toISOString();
    const startsOn = daysAgo(10);
    const [cohort] = await db()
      .insertInto("cohorts")
      .values({ programme_id: PLUGIN_ID, name: "Intake 0", starts_on: startsOn, ends_on: addMonths(startsOn, 36), capacity: 1, enrolment_opens_on: daysAgo(60), enrolment_closes_on: daysAgo(30), venue: null, online_url: null, requires_manager_approval: 0, created_at: now, updated_at: now })
      .returning("id")
      .execute();
    // Placed well before the start (which a test below moves half a year back): hours are owed from the start.
    const placedAt = `${daysAgo(365)}T12:00:00.000Z`;
    await db().insertInto("enrolments").values({ cohort_id: cohort.id, person_id: jordan, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: placedAt, updated_at: placedAt }).execute();
    await db().updateTable("people").set({ fte: 1 }).where("id", "=", jordan).execute();
  });

  /** Jordan's log holds just these minutes. */
  async function logged(minutes: number) {
    await apprenticeshipDb().deleteFrom("apprenticeship_otj").where("person_id", "=", jordan).execute();
    if (minutes > 0) await apprenticeshipDb().insertInto("apprenticeship_otj").values({ person_id: jordan, week_of: today(), minutes, activity: "Directed study", created_at: new Date().toISOString() }).execute();
  }

  type Own = { apprentice: { behind: boolean; standing: string; weekly: string } };
  type Theirs = { otj: { behind: boolean; standing: string; weekly: string } };
  type Widgets = { widgets: { id: string; rows?: { label: string; value: string }[] }[] };
  type Readiness = { readiness: { source: string; requirementId: string; reason: string }[] };

  const own = async (query = "") => (await load<Own>(await import("../routes/index"), "asye", `/programmes/apprenticeship${query}`)).apprentice;
  const theirs = async (query = "") => (await load<Theirs>(await import("../routes/apprentices.$personId"), "ld", `/programmes/apprenticeship/apprentices/${jordan}${query}`, { personId: String(jordan) })).otj;
  const listed = async () => (await load<{ rows: { id: number; otj: string }[] }>(await import("../routes/apprentices"), "ld", "/programmes/apprenticeship/apprentices")).rows.find((r) => r.id === jordan)!.otj;
  const card = async (query = "") => (await load<Widgets>(me, "asye", `/me${query}`)).widgets.find((w) => w.id === "apprenticeship-me")!.rows![0].value;
  const readiness = async (query = "") => (await load<Readiness>(me, "asye", `/me${query}`)).readiness.find((i) => i.source === "apprenticeship" && i.requirementId === "off-the-job")!.reason;

  it("reads '1 hour' when an hour a week is needed and an hour is logged or owed", async () => {
    await settings({ otjFullTimeHours: 1 });
    await logged(60);
    expect(await own()).toMatchObject({ behind: false, standing: "1 hour logged against 1 needed so far.", weekly: "1 hour a week" });
    expect(await theirs()).toEqual({ behind: false, standing: "1 hour logged against 1 needed so far.", weekly: "1 hour a week" });
    expect(await listed()).toBe("1 of 1 hour");
    expect(await card()).toBe("On track: 1 of 1 hour");
    expect(await own("?lng=cy")).toMatchObject({ behind: false, standing: "1 awr wedi'u cofnodi o'r 1 sydd eu hangen hyd yma.", weekly: "1 awr yr wythnos" });
    expect(await card("?lng=cy")).toBe("Ar y trywydd iawn: 1 o 1 awr");

    await logged(0);
    expect((await own()).standing).toBe("1 hour behind: 0 logged against 1 needed so far.");
    expect((await theirs()).standing).toBe("1 hour behind: 0 logged against 1 needed so far.");
    expect(await listed()).toBe("1 hour behind");
    expect(await card()).toBe("Behind by 1 hour (0 of 1)");
    expect(await readiness()).toBe("1 hour behind the weekly minimum.");
    expect((await own("?lng=cy")).standing).toBe("1 awr yn brin: 0 wedi'u cofnodi o'r 1 sydd eu hangen hyd yma.");
    expect(await card("?lng=cy")).toBe("1 awr yn brin (0 o 1)");
    expect(await readiness("?lng=cy")).toBe("1 awr yn brin o'r isafswm wythnosol.");
  });

  it("reads 'hours' for any other number, 1.5 included", async () => {
    await settings({});
    await logged(270);
    expect(await own()).toMatchObject({ behind: true, standing: "1.5 hours behind: 4.5 logged against 6 needed so far.", weekly: "6 hours a week" });
    expect(await listed()).toBe("1.5 hours behind");
    expect(await card()).toBe("Behind by 1.5 hours (4.5 of 6)");
    expect(await readiness()).toBe("1.5 hours behind the weekly minimum.");
    expect(await own("?lng=cy")).toMatchObject({ behind: true, standing: "1.5 awr yn brin: 4.5 wedi'u cofnodi o'r 6 sydd eu hangen hyd yma.", weekly: "6 awr yr wythnos" });

    await logged(120);
    expect((await theirs()).standing).toBe("4 hours behind: 2 logged against 6 needed so far.");
    expect(await readiness()).toBe("4 hours behind the weekly minimum.");
    // The manager's card on /team counts the hours behind the same way.
    const manager = await db().selectFrom("people").select("line_manager_id").where("id", "=", jordan).executeTakeFirstOrThrow();
    expect(manager.line_manager_id).toBe(await personIdOf("manager"));
    const teamRow = async (query = "") => (await load<Widgets>(team, "manager", `/team${query}`)).widgets.find((w) => w.id === "apprenticeship-team")!.rows!.find((r) => r.label === "Jordan Evans")!.value;
    expect(await teamRow()).toMatch(/^4 hours behind on off-the-job training\. /);
    await logged(300);
    expect(await teamRow()).toMatch(/^1 hour behind on off-the-job training\. /);
    expect(await teamRow("?lng=cy")).toMatch(/^1 awr yn brin o hyfforddiant i ffwrdd o'r gwaith\. /);

    await logged(390);
    expect(await own()).toMatchObject({ behind: false, standing: "6.5 hours logged against 6 needed so far.", weekly: "6 hours a week" });
    expect(await listed()).toBe("6.5 of 6 hours");
    expect(await card()).toBe("On track: 6.5 of 6 hours");
  });

  it("groups the thousands on the /me and /team cards as the pages do, past 1,000 hours", async () => {
    // Twenty-six weeks into the intake at 40 hours a week, 1,040 hours are owed.
    const cohort = (startsOn: string) => db().updateTable("cohorts").set({ starts_on: startsOn }).where("programme_id", "=", PLUGIN_ID).where("name", "=", "Intake 0").execute();
    await settings({ otjFullTimeHours: 40 });
    await cohort(daysAgo(26 * 7 + 3));
    // A week's entry holds at most 56 hours, so the hours are logged 40 a week, back from this week.
    const loggedHours = async (total: number) => {
      await logged(0);
      const weeks = Array.from({ length: Math.ceil(total / 40) }, (_, i) => ({ person_id: jordan, week_of: daysAgo(7 * i), minutes: Math.min(40, total - 40 * i) * 60, activity: "Directed study", created_at: new Date().toISOString() }));
      if (weeks.length > 0) await apprenticeshipDb().insertInto("apprenticeship_otj").values(weeks).execute();
    };
    try {
      await loggedHours(1002);
      expect(await card()).toBe("Behind by 38 hours (1,002 of 1,040)");
      expect(await card("?lng=cy")).toBe("38 awr yn brin (1,002 o 1,040)");
      await loggedHours(1041);
      expect(await card()).toBe("On track: 1,041 of 1,040 hours");
      await logged(0);
      expect(await card()).toBe("Behind by 1,040 hours (0 of 1,040)");
      const teamRow = async (query = "") => (await load<Widgets>(team, "manager", `/team${query}`)).widgets.find((w) => w.id === "apprenticeship-team")!.rows!.find((r) => r.label === "Jordan Evans")!.value;
      expect(await teamRow()).toMatch(/^1,040 hours behind on off-the-job training\. /);
      expect(await teamRow("?lng=cy")).toMatch(/^1,040 awr yn brin o hyfforddiant i ffwrdd o'r gwaith\. /);
    } finally {
      await cohort(daysAgo(10));
      await settings({});
    }
  });

  it("counts the hours a page shows: 61 minutes shows as 1 and reads '1 hour'", () => {
    const en = fixedT("en-GB");
    expect(otjStanding({ logged: 61, expected: 360, behind: 299 }, "en-GB", en)).toBe("5 hours behind: 1 logged against 6 needed so far.");
    expect(otjStanding({ logged: 61, expected: 0, behind: 0 }, "en-GB", en)).toBe("1 hour logged against 0 needed so far.");
    expect(otjStandingShort({ logged: 0, expected: 59, behind: 59 }, "en-GB", en)).toBe("1 hour behind");
    expect(otjStandingShort({ logged: 0, expected: 0, behind: 0 }, "en-GB", en)).toBe("0 of 0 hours");
  });
});

describe("practice days", () => {
  it("reads 'of 30 days' on the apprentice's page, and would read 'of 1 day'", async () => {
    const page = await import("../routes/apprentices.$personId");
    const [first] = await apprenticeshipDb().selectFrom("apprenticeship_practice").select("person_id").where("kind", "=", "skills_days").execute();
    const practice = async (query = "") => (await load<{ practice: { kind: string; days: string }[] }>(page, "ld", `/programmes/apprenticeship/apprentices/${first.person_id}${query}`, { personId: String(first.person_id) })).practice;
    expect((await practice()).find((p) => p.kind === "skills_days")!.days).toBe("30 of 30 days");
    expect((await practice("?lng=cy")).find((p) => p.kind === "skills_days")!.days).toBe("30 o 30 diwrnod");
    // Each kind of practice learning has a fixed number of days, never 1; the wording is right if it were.
    expect(practiceDays(1, 1, fixedT("en-GB"))).toBe("1 of 1 day");
    expect(practiceDays(1, 1, fixedT("cy"))).toBe("1 o 1 diwrnod");
    const [reason] = (await load<{ readiness: { source: string; requirementId: string; reason: string }[] }>(me, "asye", "/me")).readiness.filter((i) => i.source === "apprenticeship" && i.requirementId === "practice").map((i) => i.reason);
    expect(reason).toBe("0 of 200 days.");
  });
});
