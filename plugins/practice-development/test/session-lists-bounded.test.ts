// The lists of sessions read only what they can show, through the real actions and services on a migrated,
// seeded database: those open for booking are a range of the cohorts not yet over (`cohorts_programme_ends_idx`),
// those begun a range of the cohorts whose first day has come (`cohorts_programme_idx`), and a person's own
// are read from their enrolments (`enrolments_person_idx`), never by testing every cohort the programme ever
// ran. Every list holds exactly what reading every cohort, session and place finds, in the
// same order and page after page, over a spread of dates past, to come, begun, held and cancelled, at moments
// around London's midnight.
import { CompiledQuery, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { HOLDING_STATUSES } from "../../../app/services/cohorts.server";
import { db } from "../../../app/utils/db.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { londonToday, londonToUtc } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { onPostgres } from "../../../tests/support/test-database";
import { PAGE_SIZE, PLUGIN_ID } from "../programme";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as newSession from "../routes/briefings.sessions.new";
import * as sos from "../routes/briefings.signs-of-safety";
import { pdDb } from "../server/db.server";
import { heldCohorts, startedCohorts, upcomingCohorts, type CohortFilter } from "../server/briefings/session-lists.server";
import { WITHDRAWABLE } from "../places";
import { createBriefing, idFrom, post } from "./briefing-requests";

const BASE = "/programmes/practice-development";

/** A summer's day, in British Summer Time: London's midnight is 23:00 UTC the day before. */
const DAY = "2031-07-15";
const on = (days: number) => addDaysToDate(DAY, days);
const at = (days: number, time: string) => londonToUtc(on(days), time);

/** Moments to list at: around London's midnight either side of the day, through it, and well before and after. */
const MOMENTS = [at(-40, "12:00"), at(-1, "23:59"), at(0, "00:05"), at(0, "00:20"), at(0, "12:00"), at(0, "23:50"), at(1, "09:00"), at(60, "12:00")];

let briefing: number;
let otherBriefing: number;
const filters = (): CohortFilter[] => [{ kind: "briefing", briefingId: briefing }, { kind: "sos_intro" }, { kind: "briefing", briefingId: otherBriefing }];

async function newCohort(fields: Record<string, string>) {
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/briefings/sessions/new`, post({ time: "10:00", durationMinutes: "60", days: "1", capacity: "5", ...fields })));
  expect(made.status).toBe(302);
  return idFrom(made.headers.get("Location"));
}

async function book(account: DemoAccount, filter: CohortFilter, cohort: number, intent: "book" | "cancel" = "book") {
  const outcome = filter.kind === "briefing"
    ? await run(briefingPage.action, await requestAs(account, `${BASE}/briefings/${filter.briefingId}`, post({ intent, cohort: String(cohort) })), { briefingId: String(filter.briefingId) })
    : await run(sos.action, await requestAs(account, `${BASE}/briefings/signs-of-safety`, post({ intent, cohort: String(cohort) })));
  expect(outcome.status).toBe(302);
}

const cancelEveryDate = (cohort: number, sequence?: number) =>
  db().updateTable("cohort_sessions").set({ status: "cancelled" }).where("cohort_id", "=", cohort).$if(sequence !== undefined, (q) => q.where("sequence", "=", sequence!)).execute();

/**
 * One filter's spread: cohorts long past, yesterday, begun yesterday with a day still to come, through today
 * (one starting 00:10 London, before UTC's midnight), tomorrow, every date cancelled (past and to come), the
 * first day cancelled, more to come than a page (two on one day), and five days after them all. The
 * practitioner holds a place on most: one on the waiting list, one given up, one completed; the ASYE on some.
 */
async function spreadOf(filter: CohortFilter) {
  const fields = { kind: filter.kind, ...(filter.briefingId ? { briefing: String(filter.briefingId) } : {}) };
  const cohort = (name: string, days: number, extra: Record<string, string> = {}) => newCohort({ ...fields, name: `${filter.kind} ${name}`, firstDate: on(days), ...extra });
  const own = {
    longPast: await cohort("long past", -30),
    yesterday: await cohort("yesterday", -1),
    yesterdayLate: await cohort("yesterday late", -1, { time: "23:30" }),
    fromYesterday: await cohort("from yesterday, two days", -1, { days: "2" }),
    todayEarly: await cohort("today just after midnight", 0, { time: "00:10" }),
    todayMorning: await cohort("today morning", 0),
    todayEvening: await cohort("today evening", 0, { time: "18:00" }),
    tomorrow: await cohort("tomorrow", 1, { time: "09:00" }),
    fiveDays: await cohort("five days", 1, { days: "5" }),
    cancelledPast: await cohort("cancelled, past", -3),
    cancelledToCome: await cohort("cancelled, to come", 3),
    firstDayCancelled: await cohort("first day cancelled", 0, { days: "2" }),
    full: await cohort("one place", 2, { capacity: "1" }),
    givenUp: await cohort("given up", 2),
    completed: await cohort("completed", 4),
  };
  const many: number[] = [];
  for (let i = 0; i < PAGE_SIZE + 6; i += 1) many.push(await cohort(`day ${i}`, 2 + Math.floor(i / 2)));
  await cohort("five days, after the rest", 20, { days: "5" });

  await book("asye", filter, own.full);
  for (const id of Object.values(own)) await book("practitioner", filter, id);
  for (const id of [own.tomorrow, own.cancelledToCome, many[3]]) await book("asye", filter, id);
  await book("practitioner", filter, own.givenUp, "cancel");
  const practitioner = await personIdOf("practitioner");
  await db().updateTable("enrolments").set({ status: "completed" }).where("cohort_id", "=", own.completed).where("person_id", "=", practitioner).execute();
  for (const id of [own.cancelledPast, own.cancelledToCome]) await cancelEveryDate(id);
  await cancelEveryDate(own.firstDayCancelled, 1);
  return own;
}

type Listed = Awaited<ReturnType<typeof heldCohorts>>[number];

/** Every cohort of the programme, its sessions and its places, read whole: what the lists must agree with. */
async function everything() {
  const cohorts = await pdDb()
    .selectFrom("cohorts as c")
    .innerJoin("practice_development_cohorts as k", "k.cohort_id", "c.id")
    .select(["c.id", "c.name", "c.starts_on", "c.ends_on", "c.capacity", "c.venue", "c.enrolment_closes_on", "c.programme_id", "k.kind", "k.briefing_id", "k.briefing_version"])
    .execute();
  const sessions = await db().selectFrom("cohort_sessions").select(["cohort_id", "starts_at", "status"]).execute();
  const places = await db().selectFrom("enrolments").select(["cohort_id", "person_id", "status"]).execute();
  return { cohorts, sessions, places };
}

/** The lists as their definitions say, from everything read whole. */
function expected(all: Awaited<ReturnType<typeof everything>>, filter: CohortFilter, personId: number, now: Date) {
  const scheduled = (id: number) => all.sessions.filter((s) => s.cohort_id === id && s.status === "scheduled").map((s) => s.starts_at);
  const toCome = (id: number) => scheduled(id).some((startsAt) => startsAt > now.toISOString());
  // Open for booking until the first scheduled session begins, and (the core's window) not after the first day.
  const open = (c: { id: number; enrolment_closes_on: string | null }) => {
    const first = scheduled(c.id).sort()[0];
    return first !== undefined && first > now.toISOString() && (c.enrolment_closes_on === null || londonToday(now) <= c.enrolment_closes_on);
  };
  // Begun: a scheduled session has, or its first date is past with a session still scheduled (the first
  // day cancelled), so no cohort is in neither list between its cancelled first day and its second.
  const begun = (c: { id: number; starts_on: string }) => scheduled(c.id).some((startsAt) => startsAt <= now.toISOString()) || (scheduled(c.id).length > 0 && c.starts_on < londonToday(now));
  const holds = (id: number) => all.places.some((p) => p.cohort_id === id && p.person_id === personId && (WITHDRAWABLE as readonly string[]).includes(p.status));
  const rows: Listed[] = all.cohorts
    .filter((c) => c.programme_id === PLUGIN_ID && c.kind === filter.kind && (!filter.briefingId || c.briefing_id === filter.briefingId))
    .map(({ programme_id: _, ...c }) => ({
      ...c,
      taken: all.places.filter((p) => p.cohort_id === c.id && (HOLDING_STATUSES as readonly string[]).includes(p.status)).length,
      first_session: scheduled(c.id).sort()[0] ?? null,
    }))
    .sort((a, b) => (a.starts_on === b.starts_on ? a.id - b.id : a.starts_on < b.starts_on ? -1 : 1));
  return { upcoming: rows.filter(open), started: rows.filter(begun).reverse(), held: rows.filter((c) => holds(c.id) && (toCome(c.id) || scheduled(c.id).length === 0)) };
}

/** Every page of a list, one after another. */
async function everyPage(list: typeof upcomingCohorts, filter: CohortFilter, now: Date) {
  const first = await list(filter, 1, now);
  const rest = await Promise.all(Array.from({ length: first.pageCount - 1 }, (_, i) => list(filter, i + 2, now)));
  for (const page of rest) expect(page).toMatchObject({ total: first.total, pageCount: first.pageCount });
  return { total: first.total, pageCount: first.pageCount, rows: [first, ...rest].flatMap((page) => page.rows) };
}
const everyUpcoming = (filter: CohortFilter, now: Date) => everyPage(upcomingCohorts, filter, now);

let spreads: Awaited<ReturnType<typeof spreadOf>>[];

beforeAll(async () => {
  await seedDemo();
  briefing = await createBriefing({ delivery: "session", title: "Briefing listed at every moment" });
  otherBriefing = await createBriefing({ delivery: "session", title: "Another briefing's sessions" });
  spreads = [await spreadOf({ kind: "briefing", briefingId: briefing }), await spreadOf({ kind: "sos_intro" })];
  await newCohort({ kind: "briefing", briefing: String(otherBriefing), name: "Another briefing's session", firstDate: on(1) });
  await newCohort({ kind: "sos_course", name: "A later stage", firstDate: on(1) });
});

describe("the lists of sessions", () => {
  it("hold what reading every cohort finds, in the same order, page after page, at every moment", async () => {
    const all = await everything();
    for (const account of ["practitioner", "asye"] as const) {
      const personId = await personIdOf(account);
      for (const filter of filters()) {
        for (const now of MOMENTS) {
          const want = expected(all, filter, personId, now);
          const where = `${account}, ${JSON.stringify(filter)}, ${now.toISOString()}`;
          expect(await heldCohorts(filter, personId, now), where).toEqual(want.held);
          for (const [list, rows] of [[upcomingCohorts, want.upcoming], [startedCohorts, want.started]] as const) {
            const pages = await everyPage(list, filter, now);
            expect(pages.rows, `${list.name}: ${where}`).toEqual(rows);
            expect(pages, `${list.name}: ${where}`).toMatchObject({ total: rows.length, pageCount: Math.max(1, Math.ceil(rows.length / PAGE_SIZE)) });
          }
        }
      }
    }
  });

  it("offer a cohort until its first session begins, not once it has, though a day is still to come", async () => {
    const practitioner = await personIdOf("practitioner");
    for (const [i, filter] of filters().slice(0, 2).entries()) {
      const own = spreads[i];
      const ids = async (now: Date) => ({ upcoming: (await everyUpcoming(filter, now)).rows.map((r) => r.id), held: (await heldCohorts(filter, practitioner, now)).map((r) => r.id) });
      const justAfterMidnight = await ids(at(0, "00:05"));
      expect(justAfterMidnight.upcoming).toEqual(expect.arrayContaining([own.todayEarly, own.todayMorning, own.firstDayCancelled]));
      // Begun yesterday: no longer offered, though the place held on it is still listed for its second day.
      expect(justAfterMidnight.upcoming).not.toContain(own.fromYesterday);
      expect(justAfterMidnight.held).toContain(own.fromYesterday);
      expect(justAfterMidnight.upcoming).not.toContain(own.yesterdayLate);
      const midday = await ids(at(0, "12:00"));
      expect(midday.upcoming).toEqual(expect.arrayContaining([own.todayEvening, own.tomorrow, own.firstDayCancelled]));
      expect(midday.upcoming).not.toContain(own.fromYesterday);
      expect(midday.held).toEqual([own.cancelledPast, own.todayEvening, own.firstDayCancelled, own.tomorrow, own.fiveDays, own.full, own.cancelledToCome]);
      // Its first day cancelled and over, the core's window closed with it, before the second day begins:
      // no longer offered, and the place held on it can still be given up.
      const nextMorning = await ids(at(1, "09:00"));
      expect(nextMorning.upcoming).not.toContain(own.firstDayCancelled);
      expect(nextMorning.held).toContain(own.firstDayCancelled);
      // ...and L&D reach it among those begun, as its first date has passed.
      expect((await startedCohorts(filter, 1, at(1, "09:00"))).rows.map((r) => r.id)).toContain(own.firstDayCancelled);
      expect((await ids(at(60, "12:00"))).held).toEqual([own.cancelledPast, own.cancelledToCome]);
    }
  });

  it("show the practitioner what the page lists, through the briefing page", async () => {
    const all = await everything();
    const practitioner = await personIdOf("practitioner");
    const page = await run(briefingPage.loader, await requestAs("practitioner", `${BASE}/briefings/${briefing}`), { briefingId: String(briefing) });
    expect(page.status).toBe(200);
    const shown = page.data as { held: { id: number }[]; sessions: { total: number; rows: { id: number }[] } };
    const want = expected(all, { kind: "briefing", briefingId: briefing }, practitioner, new Date());
    expect(shown.held.map((r) => r.id)).toEqual(want.held.map((r) => r.id));
    expect(shown.sessions.total).toBe(want.upcoming.length);
    expect(shown.sessions.rows.map((r) => r.id)).toEqual(want.upcoming.slice(0, PAGE_SIZE).map((r) => r.id));
  });
});

/** Every statement `work` sends, as sent. */
async function statementsOf(work: () => Promise<unknown>) {
  const executor = db().getExecutor();
  const original = executor.executeQuery;
  const sent: CompiledQuery[] = [];
  executor.executeQuery = ((query: CompiledQuery, ...rest: unknown[]) => {
    sent.push(query);
    return (original as (...args: unknown[]) => ReturnType<typeof original>).call(executor, query, ...rest);
  }) as typeof original;
  try {
    await work();
  } finally {
    executor.executeQuery = original;
  }
  return sent;
}

const planOf = async (statement: CompiledQuery) =>
  (await db().executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${statement.sql}`, [...statement.parameters]))).rows.map((r) => r.detail);

/** How SQLite reads the cohorts in each statement a list sends. */
async function cohortReads(work: () => Promise<unknown>) {
  const statements = await statementsOf(work);
  expect(statements.length).toBeGreaterThan(0);
  return Promise.all(statements.map(async (s) => (await planOf(s)).filter((line) => /^(SEARCH|SCAN) (c|mine)\b/.test(line))));
}

describe("how the lists read the cohorts", () => {
  it("reads those open for booking as a range of the cohorts not yet over, those begun as a range of those whose first day has come, and a person's own from their places", async () => {
    if (onPostgres()) {
      const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'cohorts_programme_ends_idx'`.execute(db());
      expect(rows.map((r) => r.indexdef)).toEqual([expect.stringMatching(/ON public\.cohorts .*\(programme_id, ends_on\)/)]);
      return;
    }
    const practitioner = await personIdOf("practitioner");
    const now = at(0, "12:00");
    // Read before and after ANALYZE: the planner's statistics must not take either list back to every cohort.
    for (const stage of ["without statistics", "with statistics"]) {
      if (stage === "with statistics") await sql`analyze`.execute(db());
      for (const filter of filters()) {
        const where = `${stage}, ${JSON.stringify(filter)}`;
        const upcoming = await cohortReads(() => upcomingCohorts(filter, 2, now));
        expect(upcoming, where).toHaveLength(2);
        for (const reads of upcoming) expect(reads, where).toEqual([expect.stringMatching(/^SEARCH c USING (COVERING )?INDEX cohorts_programme_ends_idx \(programme_id=\? AND ends_on>\?\)$/)]);

        // Begun: most recent first, from London's today back, not through the cohorts still to come. (The
        // other briefing's one session is tomorrow's: nothing has begun, so there is no page to read.)
        const started = await cohortReads(() => startedCohorts(filter, 2, now));
        expect(started, where).toHaveLength(filter.briefingId === otherBriefing ? 1 : 2);
        for (const reads of started) expect(reads, where).toEqual([expect.stringMatching(/^SEARCH c USING (COVERING )?INDEX cohorts_programme_idx \(programme_id=\? AND starts_on<\?\)$/)]);

        const [held] = await cohortReads(() => heldCohorts(filter, practitioner, now));
        expect(held, where).toEqual([
          expect.stringMatching(/^SEARCH mine USING INDEX enrolments_person_idx \(person_id=\? AND status=\?\)$/),
          "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)",
        ]);
      }
    }
  });
});
