// The sync's cursor never skips a change. A course skipped as malformed holds the cursor back, so it is asked
// for again until the provider puts it right (its withdrawal included), even when a later course applies
// with it. A course dated in the future, the provider's clock wrong, is skipped and reported, and the cursor
// is never saved later than now, so the correction that follows arrives. A feed run named as the council's
// own runs are (`council-N`) is skipped and reported, so it neither takes over the council's run nor stops
// the council adding one. Through the real sync job (msw standing in for a provider that honours `since`),
// on a real migrated database.
import { http, HttpResponse } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JobDetail } from "../../sdk";
import { findInstalledPlugin } from "../../../app/plugins.server";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { runJob } from "../../../app/services/jobs.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { fixedT } from "../../../app/utils/i18n.server";
import { seedDemo } from "../../../tests/support/fixtures";
import { outsideWorld, useOutsideWorld } from "../../../tests/support/msw";
import { courseById, createTailoredRun } from "../server/catalogue.server";
import { ripDb } from "../server/db.server";
import { applyCourses, checkItems } from "../server/sync.server";
import { course, FEED } from "./feed-support";

useOutsideWorld();
beforeAll(async () => {
  await seedDemo();
  process.env.RIP_FEED_URL = FEED;
  process.env.RIP_FEED_TOKEN = "secret";
});
afterAll(() => {
  delete process.env.RIP_FEED_URL;
  delete process.env.RIP_FEED_TOKEN;
});
// Each test's provider dates its changes from the wall clock: with no cursor, its first sync reads them all.
beforeEach(async () => {
  await ripDb().deleteFrom("research_in_practice_sync").execute();
});

/** A moment `minutes` from the wall clock, which the job's `now` reads, as the provider writes it. */
const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
/** A run well to come, on London's day. */
const runOf = (id: string, capacity = 10) => ({ id, startsOn: addDaysToDate(londonToday(), 60), endsOn: addDaysToDate(londonToday(), 60), venue: "Online", capacity, managerApproval: false });

/**
 * The provider: each item is kept with the moment it changed on the provider's side, and a request with
 * `since` gets only those changed after it, as the feed's contract says. Answers the `since` each sync asked.
 */
function provider(entries: { changed: string; item: unknown }[]) {
  const asked: (string | null)[] = [];
  outsideWorld.use(
    http.get(FEED, ({ request }) => {
      const since = new URL(request.url).searchParams.get("since");
      asked.push(since);
      const items = entries.filter((e) => !since || Date.parse(e.changed) > Date.parse(since)).map((e) => e.item);
      return HttpResponse.json({ items, page: 1, nextPage: null });
    }),
  );
  return asked;
}

/** Runs the catalogue-sync job as the scheduler does, and answers its recorded outcome. */
async function syncJob() {
  const plugin = findInstalledPlugin("research-in-practice")!;
  const runId = await runJob(plugin, plugin.jobs![0]);
  const row = await db().selectFrom("job_runs").select(["status", "summary_json"]).where("id", "=", runId!).executeTakeFirstOrThrow();
  const summary = JSON.parse(row.summary_json!) as { messageKey: string; values: Record<string, number>; details?: JobDetail[] };
  return { status: row.status, ...summary };
}

const cursor = async () => (await ripDb().selectFrom("research_in_practice_sync").select("value").where("key", "=", "cursor").executeTakeFirstOrThrow()).value;
const heldCourse = (id: string) => ripDb().selectFrom("research_in_practice_courses").select(["title", "withdrawn", "last_modified"]).where("id", "=", id).executeTakeFirstOrThrow();
const words = (detail: JobDetail, locale: "en-GB" | "cy" = "en-GB") => fixedT(locale, "research-in-practice")(detail.key, detail.values);

describe("a course skipped as malformed", () => {
  it("holds the cursor before it, so its withdrawal still arrives once the provider puts it right, though a later course applied", async () => {
    const modified = { k1: at(-120), k2: at(-60), k3: at(-30) };
    provider([{ changed: modified.k1, item: course("k1", modified.k1, { runs: [runOf("k1-run")] }) }]);
    expect(await syncJob()).toMatchObject({ status: "succeeded", values: { added: 1 } });

    // The provider withdraws k1, but the item it sends breaks the contract; k2 changes after it and applies.
    const brokenWithdrawal = course("k1", modified.k2, { withdrawn: true, runs: [runOf("k1-run")], kss: ["not a statement"] });
    provider([
      { changed: modified.k2, item: brokenWithdrawal },
      { changed: modified.k3, item: course("k2", modified.k3, { runs: [runOf("k2-run")] }) },
    ]);
    expect(await syncJob()).toMatchObject({ status: "succeeded", messageKey: "sync.doneWithSkipped", values: { added: 1, skipped: 1 } });
    expect(await cursor()).toBe(new Date(Date.parse(modified.k2) - 1).toISOString());

    // The provider puts the item right without touching its date (a fix to its data): the next sync reads it
    // again, with k2 (unchanged, as applying is idempotent), and the withdrawal arrives.
    const asked = provider([
      { changed: modified.k2, item: course("k1", modified.k2, { withdrawn: true, runs: [runOf("k1-run")] }) },
      { changed: modified.k3, item: course("k2", modified.k3, { runs: [runOf("k2-run")] }) },
    ]);
    expect(await syncJob()).toMatchObject({ status: "succeeded", messageKey: "sync.done", values: { withdrawn: 1, unchanged: 1 } });
    expect(asked).toEqual([new Date(Date.parse(modified.k2) - 1).toISOString()]);
    expect(await heldCourse("k1")).toMatchObject({ withdrawn: 1 });
    expect(await ripDb().selectFrom("research_in_practice_runs").select("withdrawn").where("id", "=", "k1-run").executeTakeFirstOrThrow()).toEqual({ withdrawn: 1 });
    expect(await cursor()).toBe(modified.k3);
  });

  it("leaves the cursor where it is when the skipped item's date cannot be read", async () => {
    const first = at(-10);
    provider([{ changed: first, item: course("k4", first, { runs: [runOf("k4-run")] }) }]);
    await syncJob();
    const later = at(-5);
    provider([
      { changed: at(-8), item: { id: "k5", title: "No date to read", lastModified: "last Tuesday" } },
      { changed: later, item: course("k6", later, { runs: [runOf("k6-run")] }) },
    ]);
    expect(await syncJob()).toMatchObject({ status: "succeeded", values: { added: 1, skipped: 1 } });
    expect(await cursor()).toBe(first);
  });
});

describe("a course dated in the future", () => {
  it("is skipped and reported, and the correction the provider sends after it arrives", async () => {
    const first = at(-50);
    provider([{ changed: first, item: course("f1", first, { title: "As first offered", runs: [runOf("f1-run")] }) }]);
    await syncJob();

    // The provider's clock jumps a year ahead for one change.
    const nextYear = at(365 * 24 * 60);
    provider([{ changed: nextYear, item: course("f1", nextYear, { title: "Dated next year", runs: [runOf("f1-run")] }) }]);
    const skipped = await syncJob();
    expect(skipped).toMatchObject({ status: "succeeded", messageKey: "sync.doneWithSkipped", values: { skipped: 1, updated: 0 } });
    expect(skipped.details).toEqual([{ key: "sync.problems.inFuture", values: { id: "f1", field: "lastModified" } }]);
    expect(words(skipped.details![0])).toBe("f1: lastModified is later than now, so the provider's date is wrong. The course is read again on every sync until it is corrected.");
    expect(words(skipped.details![0], "cy")).toBe("f1: mae lastModified yn hwyrach na'r amser presennol, felly mae dyddiad y darparwr yn anghywir. Caiff y cwrs ei ddarllen eto bob tro y caiff y catalog ei gysoni, nes iddo gael ei gywiro.");
    expect(await heldCourse("f1")).toMatchObject({ title: "As first offered" });
    expect(await cursor()).toBe(first);

    // The provider puts its clock right and sends the correction, dated now.
    const corrected = at(-1);
    provider([{ changed: corrected, item: course("f1", corrected, { title: "Corrected", runs: [runOf("f1-run")] }) }]);
    expect(await syncJob()).toMatchObject({ status: "succeeded", values: { updated: 1 } });
    expect(await heldCourse("f1")).toMatchObject({ title: "Corrected", last_modified: corrected });
  });

  it("applies a course a minute or two ahead, a clock a little fast, but keeps the cursor at now, so a change dated just before it still arrives", async () => {
    const slightlyAhead = at(2);
    provider([{ changed: slightlyAhead, item: course("f2", slightlyAhead, { runs: [runOf("f2-run")] }) }]);
    const before = new Date().toISOString();
    expect(await syncJob()).toMatchObject({ status: "succeeded", values: { added: 1, skipped: 0 } });
    const saved = await cursor();
    expect(saved >= before && saved <= new Date().toISOString()).toBe(true);

    // Another course changed after the cursor, dated before f2 by the same fast clock: it is asked for.
    const justNow = at(1);
    provider([
      { changed: slightlyAhead, item: course("f2", slightlyAhead, { runs: [runOf("f2-run")] }) },
      { changed: justNow, item: course("f3", justNow, { runs: [runOf("f3-run")] }) },
    ]);
    expect(await syncJob()).toMatchObject({ status: "succeeded", values: { added: 1, unchanged: 1 } });
    expect(await heldCourse("f3")).toMatchObject({ title: "Course f3" });
  });

  it("reads the whole catalogue once, and saves the cursor afresh, when one was saved in the future before this release", async () => {
    await ripDb().insertInto("research_in_practice_sync").values({ key: "cursor", value: at(365 * 24 * 60) }).execute();
    const changed = at(-1);
    const asked = provider([{ changed, item: course("f4", changed, { runs: [runOf("f4-run")] }) }]);
    expect(await syncJob()).toMatchObject({ status: "succeeded", values: { added: 1 } });
    expect(asked).toEqual([null]);
    expect(await heldCourse("f4")).toMatchObject({ title: "Course f4" });
    expect(await cursor()).toBe(changed);
  });
});

describe("a feed run named as a council-only run", () => {
  const runRow = (id: string) => ripDb().selectFrom("research_in_practice_runs as r").innerJoin("cohorts as c", "c.id", "r.cohort_id").select(["r.course_id", "r.tailored", "r.withdrawn", "c.name", "c.capacity", "c.venue"]).where("r.id", "=", id).executeTakeFirstOrThrow();
  const tailoredInput = { name: "Council: North locality", startsOn: addDaysToDate(londonToday(), 40), endsOn: addDaysToDate(londonToday(), 40), venue: "North Hub", capacity: 6, managerApproval: false };

  it("is skipped and reported, leaving the council's own run of that name as it was", async () => {
    const modified = at(-40);
    provider([{ changed: modified, item: course("c1", modified, { runs: [runOf("c1-run")] }) }]);
    await syncJob();
    const councilRun = await createTailoredRun((await courseById("c1"))!, tailoredInput, SYSTEM_ACTOR);
    const before = await runRow(councilRun);

    const later = at(-20);
    provider([{ changed: later, item: course("c2", later, { runs: [runOf(councilRun, 99)] }) }]);
    const summary = await syncJob();
    expect(summary).toMatchObject({ status: "succeeded", messageKey: "sync.doneWithSkipped", values: { skipped: 1, added: 0 } });
    expect(summary.details).toEqual([{ key: "sync.problems.councilRunId", values: { id: "c2", field: "runs.0.id" } }]);
    expect(words(summary.details![0])).toBe('c2: runs.0.id starts with "council-", which is kept for the council\'s own runs.');
    expect(words(summary.details![0], "cy")).toBe('c2: mae runs.0.id yn dechrau gyda "council-", sydd wedi\'i gadw ar gyfer cyflwyniadau\'r cyngor ei hun.');
    expect(await runRow(councilRun)).toEqual(before);
    expect(before).toMatchObject({ course_id: "c1", tailored: 1, capacity: 6, venue: "North Hub" });
  });

  it("does not stop the council adding the run that would have had its name", async () => {
    // The next cohort made is the feed run's, and the one after it the council's, named `council-<its id>`.
    const modified = at(-15);
    provider([{ changed: modified, item: course("c3", modified, { runs: [runOf("c3-run")] }) }]);
    await syncJob();
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", "c3-run").executeTakeFirstOrThrow();
    const clashing = `council-${cohort_id + 2}`;
    const later = at(-10);
    provider([{ changed: later, item: course("c3", later, { runs: [runOf("c3-run"), runOf(clashing)] }) }]);
    const summary = await syncJob();

    const made = await createTailoredRun((await courseById("c3"))!, tailoredInput, SYSTEM_ACTOR);
    expect(await runRow(made)).toMatchObject({ course_id: "c3", tailored: 1, name: "Council: North locality" });
    expect(summary).toMatchObject({ status: "succeeded", values: { skipped: 1 } });
  });

  it("is never read as the feed's when applied, so the council's run is not rewritten", async () => {
    // The feed cannot name one (the schema skips it), but applying reads only the feed's own runs regardless.
    const councilRun = await createTailoredRun((await courseById("c1"))!, tailoredInput, SYSTEM_ACTOR);
    const before = await runRow(councilRun);
    const { courses } = checkItems([course("c4", at(-5), { runs: [runOf("c4-run", 99)] })]);
    const listingIt = [{ ...courses[0], runs: [{ ...courses[0].runs[0], id: councilRun }] }];
    await ripDb()
      .transaction()
      .execute((trx) => applyCourses(trx, listingIt))
      .catch(() => undefined);
    expect(await runRow(councilRun)).toEqual(before);
  });
});
