// Apprentices once the programme has run for years: completed apprentices are kept for good, so nothing
// shown on every visit may read them all, and nothing may cost the square of their number.
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as admin from "../../../app/routes/admin._index";
import { percentOf } from "../../../app/services/metrics/scope.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { addDaysToDate as plusDays } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import apprenticeship from "../plugin";
import { PLUGIN_ID } from "../programme";
import { apprenticeshipDb } from "../server/db.server";
import { addMonths } from "../server/ledger.server";
import { apprenticeshipMetrics } from "../server/metrics.server";
import { apprentices } from "../server/progress.server";
import { rowsReadBy } from "../../../tests/support/rows-read";

const today = londonToday();
const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
let made = 0;

interface Intake {
  startedMonthsAgo: number;
  /** Registered as social workers this long ago, with the degree a month before; current when absent. */
  registeredMonthsAgo?: number;
  fte?: number;
  /** Off-the-job minutes logged in all, and the last review's date. */
  minutes?: number;
  reviewedOn?: string;
}

/** `count` people on a new apprenticeship cohort, as the intake says; their ids. */
async function addApprentices(count: number, intake: Intake) {
  const stamp = new Date().toISOString();
  const startsOn = addMonths(today, -intake.startedMonthsAgo);
  const placedAt = `${plusDays(startsOn, -30)}T12:00:00.000Z`;
  const { team_id: teamId } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
  const [cohort] = await db()
    .insertInto("cohorts")
    .values({ programme_id: PLUGIN_ID, name: `Intake from ${startsOn} (${(made += 1)})`, starts_on: startsOn, ends_on: addMonths(startsOn, 36), capacity: count, enrolment_opens_on: null, enrolment_closes_on: null, venue: "University of the Midlands", online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })
    .returning("id")
    .execute();
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const n = (made += 1);
    const [person] = await db()
      .insertInto("people")
      .values(newPerson({ employee_number: `APS${n}`, given_name: `Ash${n}`, family_name: `Scale${String(n).padStart(4, "0")}`, email: `aps${n}@scale.test`, team_id: teamId }, { fte: intake.fte ?? 1, role_category: "social_care_officer" }))
      .returning("id")
      .execute();
    ids.push(person.id);
    // Places given before the intake began, so hours and reviews are owed from its start.
    await db().insertInto("enrolments").values({ cohort_id: cohort.id, person_id: person.id, status: intake.registeredMonthsAgo === undefined ? "enrolled" : "completed", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: placedAt, updated_at: placedAt }).execute();
    // A week's entry holds at most 56 hours, so a long total is spread over weeks.
    for (let left = intake.minutes ?? 0, week = 0; left > 0; left -= 3360, week += 1) {
      await apprenticeshipDb().insertInto("apprenticeship_otj").values({ person_id: person.id, week_of: plusDays(startsOn, 7 * week), minutes: Math.min(left, 3360), activity: "Study", created_at: stamp }).execute();
    }
    if (intake.reviewedOn) await apprenticeshipDb().insertInto("apprenticeship_reviews").values({ person_id: person.id, held_on: intake.reviewedOn, outcome: "on_track", actions: "Carry on.", recorded_by: null, created_at: stamp }).execute();
    if (intake.registeredMonthsAgo !== undefined) {
      const registeredOn = addMonths(today, -intake.registeredMonthsAgo);
      await apprenticeshipDb().insertInto("apprenticeship_completions").values({ person_id: person.id, gateway_on: null, degree_outcome: "upper_second", degree_on: addMonths(registeredOn, -1), registered_on: registeredOn, registration_number: `SW${n}`, updated_at: stamp }).execute();
    }
  }
  return ids;
}

type Card = { widgets: { id: string; rows?: { label: string; value: string }[] }[] };
const adminCard = async () => {
  const page = (await run(admin.loader, await requestAs("ld", "/admin"))).data as Card;
  return Object.fromEntries(page.widgets.find((w) => w.id === "apprenticeship-admin")!.rows!.map((r) => [r.label, r.value]));
};

beforeAll(seedDemo);

describe("each apprentice's practice learning", () => {
  it("is found by person and kind, not by searching every practice row for each apprentice", async () => {
    const ids = await addApprentices(40, { startedMonthsAgo: 20 });
    await apprenticeshipDb()
      .insertInto("apprenticeship_practice")
      .values(ids.flatMap((id, i) => [
        { person_id: id, kind: "skills_days" as const, starts_on: today, ends_on: today, setting: `Skills ${i}`, practice_educator: "PE", days_completed: i % 30 },
        { person_id: id, kind: "placement_70" as const, starts_on: today, ends_on: today, setting: `Placement ${i}`, practice_educator: "PE", days_completed: (i % 70) + 1 },
      ]))
      .execute();
    const find = vi.spyOn(Array.prototype, "find");
    let list;
    let searches;
    try {
      list = await apprentices(ids);
    } finally {
      searches = find.mock.calls.length;
      find.mockRestore();
    }
    // Each apprentice's own days, and none where nothing was recorded.
    for (const [i, id] of ids.entries()) {
      const practice = list.find((a) => a.personId === id)!.practice;
      expect(practice).toEqual([
        { kind: "skills_days", done: i % 30, required: 30, setting: `Skills ${i}` },
        { kind: "placement_70", done: (i % 70) + 1, required: 70, setting: `Placement ${i}` },
        { kind: "placement_100", done: 0, required: 100, setting: null },
      ]);
    }
    // A search of all the practice rows per apprentice and kind made 120 searches of 80 rows here.
    expect(searches).toBeLessThan(ids.length);
  });
});

describe("the apprentices page", () => {
  type Page = { page: number; pageCount: number; standings: { id: string; count: number; label: string; shown: boolean }[]; rows: { id: number; name: string; otj: string; reviewDue: string; registered: string | null }[] };
  const load = async (query = "") => (await run((await import("../routes/apprentices")).loader, await requestAs("ld", `/programmes/apprenticeship/apprentices${query}`))).data as Page;

  it("shows current apprentices 25 a page, completed ones on their own, with how many of each", async () => {
    await addApprentices(30, { startedMonthsAgo: 60, registeredMonthsAgo: 30 });
    await addApprentices(3, { startedMonthsAgo: 40, registeredMonthsAgo: 2 });
    const everyone = await apprentices();
    const current = everyone.filter((a) => !a.completion?.registered_on);
    const completed = everyone.filter((a) => a.completion?.registered_on);
    expect(current.length).toBeGreaterThan(25);
    expect(completed.length).toBeGreaterThan(25);

    const first = await load();
    expect(first.rows).toHaveLength(25);
    expect(first).toMatchObject({ page: 1, pageCount: Math.ceil(current.length / 25) });
    expect(first.standings).toEqual([
      { id: "current", count: current.length, label: `Current apprentices (${current.length})`, shown: true },
      { id: "completed", count: completed.length, label: `Completed apprentices (${completed.length})`, shown: false },
    ]);
    // Page by page, every current apprentice once, in the order of the whole list.
    const pages = [first];
    for (let page = 2; page <= first.pageCount; page += 1) pages.push(await load(`?page=${page}`));
    expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(current.map((a) => a.personId));
    expect(pages.flatMap((p) => p.rows).every((r) => r.registered === null)).toBe(true);

    const done = await load("?show=completed");
    expect(done.rows).toHaveLength(25);
    expect(done.standings.find((s) => s.shown)!.id).toBe("completed");
    const last = await load(`?show=completed&page=999`);
    expect(last.page).toBe(Math.ceil(completed.length / 25));
    expect([...done.rows, ...last.rows].map((r) => r.id)).toEqual(completed.map((a) => a.personId));
    expect(last.rows.every((r) => r.registered !== null)).toBe(true);
    expect((await load("?lng=cy")).standings[0].label).toBe(`Prentisiaid presennol (${current.length})`);
  });

  it("reads a page's worth of apprentices, however many have completed", async () => {
    const before = await rowsReadBy(() => load());
    await addApprentices(30, { startedMonthsAgo: 70, registeredMonthsAgo: 40 });
    expect(await rowsReadBy(() => load())).toBe(before);
  });
});

describe("payments on /funding", () => {
  type Funding = { planned: number; apprentices: { value: number; label: string }[]; entries: { kind: string; who: string }[] };
  const loadFunding = async (query = "") => (await run((await import("../routes/funding")).loader, await requestAs("ld", `/programmes/apprenticeship/funding${query}`))).data as Funding;
  const pay = async (person: number | string) => run((await import("../routes/funding")).action, await requestAs("ld", "/programmes/apprenticeship/funding", form({ kind: "payment", occurredOn: today, amount: "10", person: String(person) })));

  it("checks the one apprentice paid for, not every apprentice, and takes a completed apprentice", async () => {
    const [longDone] = await addApprentices(40, { startedMonthsAgo: 80, registeredMonthsAgo: 44 });
    const ledgerRows = async () => (await apprenticeshipDb().selectFrom("apprenticeship_ledger").select("id").execute()).length;
    const entries = await ledgerRows();
    let paid;
    const rows = await rowsReadBy(async () => (paid = await pay(longDone)));
    expect(paid!.status).toBe(303);
    // The account's own entries, and a handful more: not the apprentices and their hours.
    expect(rows - entries).toBeLessThan(20);
    expect(await ledgerRows()).toBe(entries + 1);
    const notApprentice = await pay(await personIdOf("practitioner"));
    expect(notApprentice.status).toBe(400);
    expect((notApprentice.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ person: ["funding.errors.person"] });
  });

  it("offers current apprentices and those registered within the year, and still names older ones in the ledger", async () => {
    const justDone = await addApprentices(2, { startedMonthsAgo: 40, registeredMonthsAgo: 11 });
    const longDone = await addApprentices(2, { startedMonthsAgo: 40, registeredMonthsAgo: 13 });
    const everyone = await apprentices();
    const cutoff = addMonths(today, -12);
    const current = everyone.filter((a) => !a.completion?.registered_on);
    const lately = everyone.filter((a) => a.completion?.registered_on && a.completion.registered_on >= cutoff);
    expect(lately.map((a) => a.personId)).toEqual(expect.arrayContaining(justDone));
    expect(everyone.map((a) => a.personId)).toEqual(expect.arrayContaining(longDone));
    const page = await loadFunding();
    expect(page.apprentices.map((a) => a.value).sort((a, b) => a - b)).toEqual([...current, ...lately].map((a) => a.personId).sort((a, b) => a - b));
    expect(page.apprentices.find((a) => a.value === lately[0].personId)!.label).toBe(`${lately[0].name} (completed)`);
    expect((await loadFunding("?lng=cy")).apprentices.find((a) => a.value === lately[0].personId)!.label).toBe(`${lately[0].name} (wedi cwblhau)`);
    expect(page.apprentices.find((a) => a.value === current[0].personId)!.label).toBe(current[0].name);
    // The forecast still plans for everyone in training.
    expect(page.planned).toBe(current.length);
    // The payment just made for someone registered years ago keeps their name in the ledger.
    const newest = page.entries.find((e) => e.kind === "payment")!;
    expect(newest.who).toMatch(/^Ash\d+ Scale\d{4}$/);
  });
});

describe("the /admin card", () => {
  it("counts overdue reviews and current apprentices behind on their hours as the full list does", async () => {
    const recently = plusDays(today, -14);
    await addApprentices(3, { startedMonthsAgo: 1, minutes: 3000 });
    await addApprentices(2, { startedMonthsAgo: 2, fte: 0.6, minutes: 2000, reviewedOn: recently });
    await addApprentices(2, { startedMonthsAgo: 2, fte: 0.6, minutes: 2400 });
    await addApprentices(2, { startedMonthsAgo: 2, fte: 0.5, minutes: 1800 });
    await addApprentices(2, { startedMonthsAgo: 40, minutes: 60_000, reviewedOn: recently });
    await addApprentices(2, { startedMonthsAgo: 40, minutes: 50_000 });
    await addApprentices(2, { startedMonthsAgo: 45, registeredMonthsAgo: 6, minutes: 56_000 });
    // Registered (finished) short of their hours: shown on their record, not counted as someone to chase.
    await addApprentices(2, { startedMonthsAgo: 45, registeredMonthsAgo: 6, minutes: 1_000 });
    const everyone = await apprentices();
    const overdue = everyone.filter((a) => a.reviewOverdue).length;
    const behind = everyone.filter((a) => a.compliance.behind > 0 && !a.completion?.registered_on).length;
    expect(everyone.filter((a) => a.compliance.behind > 0 && a.completion?.registered_on).length).toBeGreaterThan(0);
    // Some of each, and not everyone, so the counts say something.
    expect(overdue).toBeGreaterThan(0);
    expect(behind).toBeGreaterThan(0);
    expect(everyone.length - behind).toBeGreaterThan(5);
    expect(await adminCard()).toMatchObject({ "Reviews overdue": String(overdue), "Behind on off-the-job hours": String(behind) });
  });

  it("reads the counts, not the apprentices, on every visit", async () => {
    const before = await rowsReadBy(adminCard);
    await addApprentices(30, { startedMonthsAgo: 70, registeredMonthsAgo: 40 });
    await addApprentices(10, { startedMonthsAgo: 3 });
    expect(await rowsReadBy(adminCard)).toBe(before);
  });
});

describe("the key-metrics pack's share of apprentices on track with their hours", () => {
  const quarter = { start: addMonths(today, -2), end: today, current: true };
  const onTrackFigure = async (teamIds: number[] | null) => (await apprenticeshipMetrics(pluginContext(apprenticeship, "en-GB"), { ...quarter, teamIds })).find((f) => f.id === "otj.onTrack")!;
  /** The figure as the full list of apprentices gives it, counted in JavaScript. */
  const fromTheList = async (personIds?: number[]) => {
    const current = (await apprentices(personIds)).filter((a) => !a.completion?.registered_on);
    return { labelValues: { count: current.length }, value: percentOf(current.filter((a) => a.compliance.behind === 0).length, current.length) };
  };

  it("is the share the full list of apprentices gives, for the organisation and for a team", async () => {
    await addApprentices(3, { startedMonthsAgo: 2, fte: 0.6, minutes: 2400 });
    await addApprentices(2, { startedMonthsAgo: 2, fte: 0.6, minutes: 100 });
    await addApprentices(2, { startedMonthsAgo: 45, registeredMonthsAgo: 6, minutes: 1_000 });
    const expected = await fromTheList();
    // Some on track and some not, so the share says something.
    expect(expected.value).toBeGreaterThan(0);
    expect(expected.value).toBeLessThan(100);
    expect(await onTrackFigure(null)).toMatchObject(expected);

    const { team_id: teamId } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
    const team = (await db().selectFrom("people").select("id").where("team_id", "=", teamId).execute()).map((p) => p.id);
    const inTeam = await fromTheList(team);
    expect(inTeam.labelValues.count).toBeGreaterThan(0);
    expect(inTeam.labelValues.count).toBeLessThan(expected.labelValues.count);
    expect(await onTrackFigure([teamId])).toMatchObject(inTeam);
    expect(await onTrackFigure([])).toMatchObject({ labelValues: { count: 0 }, value: null });
  });

  it("reads the counts, not the apprentices, however many have completed", async () => {
    const before = await rowsReadBy(() => onTrackFigure(null));
    await addApprentices(200, { startedMonthsAgo: 70, registeredMonthsAgo: 40 });
    expect(await rowsReadBy(() => onTrackFigure(null))).toBe(before);
  });
});
