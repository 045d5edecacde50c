// A course page at scale: a national course has hundreds of runs behind it. The page lists the runs still to
// come; L&D reach the ones that have started a page at a time; booking reads only the run it books.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { courseById, createTailoredRun } from "../server/catalogue.server";
import { rowsReadBy } from "../../../tests/support/rows-read";
import { form } from "./support";

beforeAll(seedDemo);

const path = "/programmes/research-in-practice/courses/rip-voice";
const params = { courseId: "rip-voice" };
type Page = { runs: { id: string; withdrawn: boolean; bookable: boolean }[]; started: { rows: { id: string; date: string }[]; total: number; page: number; pageCount: number } | null };

const course = () => import("../routes/courses.$courseId");
const pageFor = async (who: "practitioner" | "ld", query = "") => (await run((await course()).loader, await requestAs(who, `${path}${query}`), params)).data as Page;
const book = async (runId: string | null) => run((await course()).action, await requestAs("asye", path, form(runId === null ? {} : { run: runId })), params);

/** Runs of the voice workshop from years ago, as a national course accumulates them, oldest first. */
async function pastRuns(count: number) {
  const voice = (await courseById("rip-voice"))!;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const day = `2019-01-${String(i + 1).padStart(2, "0")}`;
    ids.push(await createTailoredRun(voice, { name: `Voice: ${day}`, startsOn: day, endsOn: day, venue: `Past room ${i + 1}`, capacity: 20, managerApproval: false }, SYSTEM_ACTOR));
  }
  return ids;
}

describe("a course's runs", () => {
  it("lists the runs still to come, including a withdrawn one, and not a long-past one", async () => {
    const voice = (await courseById("rip-voice"))!;
    const withdrawn = await createTailoredRun(voice, { name: "Voice: called off", startsOn: "2030-05-01", endsOn: "2030-05-01", venue: "Called-off room", capacity: 5, managerApproval: false }, SYSTEM_ACTOR);
    const { ripDb } = await import("../server/db.server");
    await ripDb().updateTable("research_in_practice_runs").set({ withdrawn: 1 }).where("id", "=", withdrawn).execute();
    const page = await pageFor("practitioner");
    expect(page.runs.map((r) => r.id)).toEqual(["voice-next", withdrawn]);
    expect(page.runs.find((r) => r.id === withdrawn)).toMatchObject({ withdrawn: true, bookable: false });
    // A learner has no list of the runs gone by.
    expect(page.started).toBeNull();
  });

  it("leads L&D to the runs that have started, ten a page, most recent first, each reaching its learners", async () => {
    const old = await pastRuns(12);
    const first = (await pageFor("ld")).started!;
    expect(first).toMatchObject({ total: 13, page: 1, pageCount: 2 });
    expect(first.rows.map((r) => r.id)).toEqual(["voice-past", ...old.slice(-9).reverse()]);
    const second = (await pageFor("ld", "?page=2")).started!;
    expect(second.rows.map((r) => r.id)).toEqual(old.slice(0, 3).reverse());
    // A page past the last shows the last; the upcoming list holds none of them.
    expect((await pageFor("ld", "?page=99")).started).toMatchObject({ page: 2, rows: second.rows });
    expect((await pageFor("ld")).runs.map((r) => r.id)).not.toContain("voice-past");
    const runPage = await import("../routes/runs.$runId");
    for (const runId of [first.rows[0].id, second.rows[2].id]) {
      expect((await run(runPage.loader, await requestAs("ld", `/programmes/research-in-practice/runs/${runId}`), { runId })).status).toBe(200);
    }
  });

  it("books a run of this course still to come, and refuses one that has started, another course's, or none", async () => {
    expect((await book("voice-next")).headers.get("Location")).toMatch(/saved=enrolled$/);
    for (const runId of ["voice-past", "perm-next", "no-such-run", null]) {
      const refused = await book(runId);
      expect(refused.status).toBe(400);
      expect(refused.data).toEqual({ intent: "book", error: "course.errors.notBookable" });
    }
  });

  it("reads a bounded number of rows for the page, however many runs the course has had", async () => {
    await pastRuns(25);
    for (const who of ["practitioner", "ld"] as const) expect(await rowsReadBy(() => pageFor(who))).toBeLessThan(30);
  });

  it("reads only the run it books, however many runs the course has had", async () => {
    const voice = (await courseById("rip-voice"))!;
    const next = await createTailoredRun(voice, { name: "Voice: later", startsOn: "2030-06-01", endsOn: "2030-06-01", venue: "Later room", capacity: 5, managerApproval: false }, SYSTEM_ACTOR);
    let booked: Awaited<ReturnType<typeof book>> | undefined;
    expect(await rowsReadBy(async () => (booked = await book(next)))).toBeLessThan(30);
    expect(booked!.headers.get("Location")).toMatch(/saved=enrolled$/);
  });
});
