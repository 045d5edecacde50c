// An application's page for the panel, through the real loaders on a migrated, seeded database: the rank it
// shows is the one the intake's list shows (ties share a rank: 1, 1, 3; the rest have none), and it is read
// for that one application alone. Before, the page read every application of the intake (an intake gathers
// hundreds) to pick its own out.
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { withQueriesThrough } from "../../../tests/support/query-tap";
import { run } from "../../../tests/support/route";
import { rowsReadBy } from "../../../tests/support/rows-read";
import * as applicationPage from "../routes/applications.$applicationId";
import * as intakePage from "../routes/intakes.$intakeId";
import { APPLICATIONS_PAGE_SIZE } from "../server/applications.server";
import { createIntake } from "../server/intakes.server";

import { applicants, score } from "./applicants";

const SYSTEM = { userId: null, personId: null };
const BASE = "/programmes/apprenticeship";

type Listed = { id: number; rank: number | null; total: string };
type Shown = { scores: { rank: number | null; total: number | null; summary: string } };

let intakeId: number;
let ids: Record<"top" | "tied" | "third" | "unscored" | "waiting", number>;

const listed = async () => {
  const shown: Listed[] = [];
  for (const page of [1, 2]) {
    const outcome = await run(intakePage.loader, await requestAs("ld", `${BASE}/intakes/${intakeId}?page=${page}`), { intakeId: String(intakeId) });
    expect(outcome.status).toBe(200);
    shown.push(...(outcome.data as { applications: Listed[] }).applications);
  }
  return shown;
};
const applicationPageOf = async (id: number) => {
  const outcome = await run(applicationPage.loader, await requestAs("ld", `${BASE}/applications/${id}`), { applicationId: String(id) });
  expect(outcome.status).toBe(200);
  return outcome.data as Shown;
};

beforeAll(async () => {
  await seedDemo();
  intakeId = (await createIntake({ name: "Intake ranked one application at a time", university: "University of the Midlands", startsOn: "2032-09-06", opensOn: "2026-01-05", closesOn: "2026-02-27", places: 30, criteria: "Values" }, SYSTEM))!;
  // Two tied on the mean total, the next third; one shortlisted but not scored; and a page's worth more.
  const [top, tied, third, unscored] = await applicants(intakeId, ["Shortlisted C", "Shortlisted A", "Shortlisted B", "Shortlisted D"], { givenName: "Ranked", shortlisted: 1 });
  await score(top, [[5, 5, 4], [4, 4, 4]]); // a mean total of 13
  await score(tied, [[5, 4, 4]]); // 13
  await score(third, [[4, 4, 4], [4, 4, 4], [4, 4, 5]]); // 12.3
  const [waiting] = await applicants(intakeId, Array.from({ length: APPLICATIONS_PAGE_SIZE }, (_, i) => `Waiting ${String(i).padStart(2, "0")}`), { givenName: "Ranked" });
  ids = { top, tied, third, unscored, waiting };
});

describe("an application's page", () => {
  it("shows the rank the intake's list shows, ties included, and none where the list has none", async () => {
    const list = await listed();
    const fromList = (id: number) => list.find((a) => a.id === id)!;
    expect([ids.tied, ids.top, ids.third].map((id) => fromList(id).rank)).toEqual([1, 1, 3]);

    for (const id of Object.values(ids)) {
      const { scores } = await applicationPageOf(id);
      expect({ id, rank: scores.rank }).toEqual({ id, rank: fromList(id).rank });
    }
    expect((await applicationPageOf(ids.top)).scores).toMatchObject({ rank: 1, total: 13, summary: expect.stringContaining("rank 1") });
    expect((await applicationPageOf(ids.tied)).scores).toMatchObject({ rank: 1, total: 13 });
    expect((await applicationPageOf(ids.third)).scores).toMatchObject({ rank: 3, total: 12.3, summary: expect.stringContaining("rank 3") });
    expect((await applicationPageOf(ids.unscored)).scores).toMatchObject({ rank: null, total: null });
  });

  it("is handed back the one application's ranked row, not the intake's", async () => {
    const handedBack: number[] = [];
    await withQueriesThrough(async (query, runIt) => {
      const result = await runIt(query);
      if (/rank\(\) over/i.test(query.sql)) handedBack.push(result.rows.length);
      return result;
    }, () => applicationPageOf(ids.third));
    expect(handedBack).toEqual([1]);
  });

  it("reads as much however many apply", async () => {
    const before = await rowsReadBy(() => applicationPageOf(ids.third));
    await applicants(intakeId, Array.from({ length: 20 }, (_, i) => `Later ${i}`), { givenName: "Ranked" });
    expect(await rowsReadBy(() => applicationPageOf(ids.third))).toBe(before);
    expect((await applicationPageOf(ids.third)).scores.rank).toBe(3);
  });
});
