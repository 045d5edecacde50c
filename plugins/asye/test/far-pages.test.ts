// A page past the end of the ASYE lists that once showed an empty table (a bookmark, or a list that has
// shrunk since) shows the last page, as the other lists do: the people waiting for a year, and a week's
// ASYE workers by caseload. Through the real loaders and services on a migrated, seeded database.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { PAGE_SIZE } from "../caseload/constants";
import { asyeWorkersForWeek, checkForWeek, importedWeeks } from "../caseload/server/check.server";
import { importCaseloads } from "../caseload/server/import.server";
import { caseloadSettings } from "../caseload/server/settings.server";
import { addWeeks } from "../caseload/server/weeks";
import { caseloadCsv, ensureCaseloadPlugin } from "./caseload-support";
import { employeeNumber, newAsyeWorker, startRoute } from "./year-support";

/** More ASYE workers than a page holds, all waiting for their year. */
const ADDED = PAGE_SIZE + 5;
let added: number[] = [];

beforeAll(async () => {
  await ensureCaseloadPlugin();
  await seedDemo();
  added = [];
  for (let n = 0; n < ADDED; n++) added.push(await newAsyeWorker(`FAR-PAGE-${n}`));
});

describe("the people waiting for an ASYE year", () => {
  type Waiting = { waiting: { page: number; pageCount: number; total: number; rows: { id: number }[] } };
  const load = async (query: string) => {
    const answer = await run((await startRoute()).loader, await requestAs("ld", `/programmes/asye/years/new${query}`));
    expect(answer.status).toBe(200);
    return (answer.data as Waiting).waiting;
  };

  it("shows the last page for a page past it", async () => {
    const first = await load("");
    expect(first.total).toBeGreaterThanOrEqual(ADDED);
    expect(first.pageCount).toBeGreaterThan(1);
    const last = await load(`?page=${first.pageCount}`);
    expect(last.rows.length).toBeGreaterThan(0);
    for (const query of [`?page=${first.pageCount + 1}`, "?page=99999", "?page=999999999"]) expect(await load(query), query).toEqual(last);
  });
});

describe("a week's ASYE workers by caseload", () => {
  let week = "";

  beforeAll(async () => {
    // A week of its own, well before the seeded ones, where only the added workers have figures.
    week = addWeeks((await importedWeeks(1))[0], -30);
    const rows = await Promise.all(added.map(async (id, i) => [await employeeNumber(id), week, 10 + i] as [string, string, number]));
    expect((await importCaseloads(caseloadCsv(rows), SYSTEM_ACTOR)).ok).toBe(true);
  });

  it("shows the last page for a page past it", async () => {
    const check = await checkForWeek(await caseloadSettings(), week);
    const viewer = { userId: await userIdOf("ld"), personId: await personIdOf("ld"), roles: ["learning_development" as const] };
    const page = (n: number) => asyeWorkersForWeek(viewer, check, { page: n });
    const last = await page(2);
    expect(last).toMatchObject({ total: ADDED, page: 2, pageCount: 2 });
    expect(last.workers).toHaveLength(ADDED - PAGE_SIZE);
    for (const n of [3, 99999]) expect(await page(n), `page ${n}`).toEqual(last);
  });

  it("lists the last page's workers on the page for a page past it", async () => {
    const highest = await import("../routes/caseload.highest");
    const listed = async (query: string) => ((await run(highest.loader, await requestAs("ld", `/programmes/asye/caseload/highest?week=${week}${query}`))).data as { list: { page: number; workers: { personId: number }[] } }).list;
    const workers = async (query: string) => (await listed(query)).workers.map((w) => w.personId);
    const last = await workers("&page=2");
    expect(last).toHaveLength(ADDED - PAGE_SIZE);
    expect(await workers("&page=3")).toEqual(last);
    // The page links mark the page shown as current, not the one asked for.
    expect((await listed("&page=3")).page).toBe(2);
  });
});
