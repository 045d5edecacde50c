// The lists of sessions at national scale, through the real loaders and actions on a migrated, seeded
// database: a briefing (or a Signs of Safety stage) with more sessions than one page lists them soonest
// first, 25 a page; a session on any page can be booked, because the booking looks up the one session
// posted; the person's own sessions are always listed; and L&D reach the sessions that have begun.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as newSession from "../routes/briefings.sessions.new";
import * as sos from "../routes/briefings.signs-of-safety";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";

const BASE = "/programmes/practice-development";

type Row = { id: number; place: { status: string } | null };
type Paged = { rows: Row[]; total: number; page: number; pageCount: number };
type BriefingPage = { held: Row[]; sessions: Paged; started: Paged | null };
type SosPage = { stages: { kind: string; held: Row[]; cohorts: Paged; started: Paged | null }[] };

beforeAll(async () => {
  await seedDemo();
});

async function newCohort(fields: Record<string, string>) {
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/briefings/sessions/new`, post({ time: "10:00", durationMinutes: "90", days: "1", capacity: "5", ...fields })));
  expect(made.status).toBe(302);
  return idFrom(made.headers.get("Location"));
}

/** A session briefing with `count` sessions, the first in 10 days and one a day after it; their ids, soonest first. */
async function briefingWithSessions(count: number) {
  const briefing = await createBriefing({ delivery: "session", title: `Briefing with ${count} sessions` });
  const cohorts: number[] = [];
  for (let i = 0; i < count; i += 1) cohorts.push(await newCohort({ kind: "briefing", briefing: String(briefing), name: `Session ${i + 1}`, firstDate: inDays(10 + i) }));
  return { briefing, cohorts };
}

const briefingPageAs = async (account: DemoAccount, briefing: number, query = "") => {
  const page = await run(briefingPage.loader, await requestAs(account, `${BASE}/briefings/${briefing}${query}`), { briefingId: String(briefing) });
  expect(page.status).toBe(200);
  return page.data as BriefingPage;
};
const onBriefing = async (account: DemoAccount, briefing: number, fields: Record<string, string>) =>
  run(briefingPage.action, await requestAs(account, `${BASE}/briefings/${briefing}`, post(fields)), { briefingId: String(briefing) });

/** Moves a one-day session, its day and its session, to `days` ago, as if it had been held then. */
async function heldDaysAgo(cohort: number, days: number) {
  const day = inDays(-days);
  await db().updateTable("cohorts").set({ starts_on: day, ends_on: day, enrolment_closes_on: day }).where("id", "=", cohort).execute();
  await db().updateTable("cohort_sessions").set({ starts_at: `${day}T10:00:00.000Z`, ends_at: `${day}T11:30:00.000Z` }).where("cohort_id", "=", cohort).execute();
}

describe("a briefing with more sessions than a page", () => {
  let briefing: number;
  let cohorts: number[];
  beforeAll(async () => {
    ({ briefing, cohorts } = await briefingWithSessions(60));
  });

  it("lists them soonest first, 25 a page, and the soonest can be booked", async () => {
    const booked = await onBriefing("practitioner", briefing, { intent: "book", cohort: String(cohorts[0]) });
    expect(booked.status).toBe(302);

    const first = await briefingPageAs("practitioner", briefing);
    expect(first.sessions).toMatchObject({ total: 60, page: 1, pageCount: 3 });
    expect(first.sessions.rows.map((r) => r.id)).toEqual(cohorts.slice(0, 25));
  });

  it("books a session listed on page 3, and the person's place shows on every page", async () => {
    const third = await briefingPageAs("asye", briefing, "?page=3");
    expect(third.sessions.rows.map((r) => r.id)).toEqual(cohorts.slice(50));
    expect((await onBriefing("asye", briefing, { intent: "book", cohort: String(cohorts[52]) })).status).toBe(302);

    const first = await briefingPageAs("asye", briefing);
    expect(first.held).toEqual([expect.objectContaining({ id: cohorts[52], place: { status: "enrolled", position: null }, cancellable: true })]);
    expect((await onBriefing("asye", briefing, { intent: "cancel", cohort: String(cohorts[52]) })).status).toBe(302);
  });

  it("refuses a session of another briefing as not open for booking, and one that has begun as closed", async () => {
    const other = await briefingWithSessions(1);
    expect((await onBriefing("manager", briefing, { intent: "book", cohort: String(other.cohorts[0]) })).data).toEqual({ error: "sessions.errors.unknownCohort" });
    await heldDaysAgo(other.cohorts[0], 1);
    expect((await onBriefing("manager", other.briefing, { intent: "book", cohort: String(other.cohorts[0]) })).data).toEqual({ error: "sessions.errors.bookingClosed" });
  });

  it("lists the sessions that have begun for L&D, leading to their registers, and not for anyone else", async () => {
    const begun = cohorts[59];
    await heldDaysAgo(begun, 2);
    const forLd = await briefingPageAs("ld", briefing, "?list=started");
    expect(forLd.started).toMatchObject({ total: 1, page: 1, rows: [expect.objectContaining({ id: begun })] });
    expect(forLd.sessions.total).toBe(59);
    expect((await briefingPageAs("practitioner", briefing)).started).toBeNull();
  });
});

describe("a Signs of Safety stage with more dates than a page", () => {
  it("lists them soonest first, each stage paged on its own, and books the soonest and one on a later page", async () => {
    const intros: number[] = [];
    for (let i = 0; i < 55; i += 1) intros.push(await newCohort({ kind: "sos_intro", name: `Intro ${i + 1}`, firstDate: inDays(1 + i) }));
    const book = async (cohort: number) => run(sos.action, await requestAs("manager", `${BASE}/briefings/signs-of-safety`, post({ intent: "book", cohort: String(cohort) })));
    expect((await book(intros[0])).status).toBe(302);
    const load = async (query: string) => (await run(sos.loader, await requestAs("manager", `${BASE}/briefings/signs-of-safety${query}`))).data as SosPage;

    const first = (await load("")).stages[0];
    expect(first.kind).toBe("sos_intro");
    // The seeded dates may come sooner still; of these, tomorrow's is the soonest.
    expect(first.cohorts.rows.map((r) => r.id)).toContain(intros[0]);

    const later = await load(`?list=sos_intro&page=${(await load("")).stages[0].cohorts.pageCount}`);
    const last = later.stages[0].cohorts.rows.at(-1)!.id;
    expect(later.stages[0].cohorts.page).toBeGreaterThan(1);
    expect(later.stages[1].cohorts.page).toBe(1);

    expect((await book(last)).status).toBe(302);
    expect((await load("")).stages[0].held.map((r) => r.id).sort()).toEqual([intros[0], last].sort());
  });
});
