// L&D's list of intakes and an intake's applications, each a page at a time: every intake stays on its
// list, and an intake gathers hundreds of applications. The applications keep the panel's order across
// pages: the shortlist with scores first, by mean total with ties sharing a rank, then the rest by name.
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { rowsReadBy } from "../../../tests/support/rows-read";
import * as intakePage from "../routes/intakes.$intakeId";
import * as intakesPage from "../routes/intakes";
import { APPLICATIONS_PAGE_SIZE } from "../server/applications.server";
import { apprenticeshipDb } from "../server/db.server";
import { createIntake, INTAKES_PAGE_SIZE } from "../server/intakes.server";

import { applicants, score } from "./applicants";

const SYSTEM = { userId: null, personId: null };
const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const intake = (name: string, startsOn: string) => ({ name, university: "University of the Midlands", startsOn, opensOn: "2026-01-05", closesOn: "2026-02-27", places: 30, criteria: "Values" });

type IntakesPage = { page: number; pageCount: number; intakes: { id: number; name: string }[] };
type ApplicationsPage = { page: number; pageCount: number; applications: { id: number; name: string; rank: number | null; total: string; shortlisted: boolean }[] };

beforeAll(seedDemo);

describe("the intakes list", () => {
  const load = async (query = "") => {
    const outcome = await run(intakesPage.loader, await requestAs("ld", `/programmes/apprenticeship/intakes${query}`));
    expect(outcome.status).toBe(200);
    return outcome.data as IntakesPage;
  };

  beforeAll(async () => {
    // Intakes starting the same day, so the order needs its tie-breaker.
    for (let i = 0; i < INTAKES_PAGE_SIZE; i += 1) await createIntake(intake(`Paged intake ${i}`, i % 2 ? "2027-09-06" : "2030-09-02"), SYSTEM);
  });

  it("shows a page of intakes, latest start first, and the rest on page 2, each once", async () => {
    const all = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").orderBy("c.starts_on", "desc").orderBy("c.id", "desc").execute();
    expect(all.length).toBeGreaterThan(INTAKES_PAGE_SIZE);
    expect(all.length).toBeLessThanOrEqual(2 * INTAKES_PAGE_SIZE);
    const first = await load();
    expect([first.page, first.pageCount, first.intakes.length]).toEqual([1, 2, INTAKES_PAGE_SIZE]);
    const second = await load("?page=2");
    expect(second.page).toBe(2);
    expect([...first.intakes, ...second.intakes].map((i) => i.id)).toEqual(all.map((i) => i.id));
    const html = await renderedAfterPost(intakesPage.default, first, null);
    expect(html).toContain('class="govuk-pagination"');
    expect(html).toContain('href="?page=2"');
  });

  it("shows the first page for a page number that is not one, and the last for one past the end", async () => {
    const [first, last] = [await load(), await load("?page=2")];
    const same = (page: IntakesPage) => ({ page: page.page, pageCount: page.pageCount, ids: page.intakes.map((i) => i.id) });
    for (const query of ["?page=0", "?page=-1", "?page=x", "?page=2.5", "?page=", "?page=99999999999999999999"]) expect(same(await load(query))).toEqual(same(first));
    for (const query of ["?page=3", "?page=999999999"]) expect(same(await load(query))).toEqual(same(last));
  });
});

describe("an intake's applications", () => {
  let intakeId: number;
  let ranked: Record<"top" | "tied" | "third", number>;
  const path = () => `/programmes/apprenticeship/intakes/${intakeId}`;
  const load = async (query = "") => {
    const outcome = await run(intakePage.loader, await requestAs("ld", path() + query), { intakeId: String(intakeId) });
    expect(outcome.status).toBe(200);
    return outcome.data as ApplicationsPage;
  };

  beforeAll(async () => {
    intakeId = (await createIntake(intake("Intake with many applications", "2031-09-01"), SYSTEM))!;
    // Three shortlisted and scored, two tied on the mean total; the rest by name, two sharing one.
    const [top, tied, third] = await applicants(intakeId, ["Shortlisted C", "Shortlisted A", "Shortlisted B"], { givenName: "Applicant", shortlisted: 1 });
    await score(top, [[5, 5, 4], [4, 4, 4]]); // a mean total of 13
    await score(tied, [[5, 4, 4]]); // 13
    await score(third, [[4, 4, 4], [4, 4, 4], [4, 4, 5]]); // 12.3
    ranked = { top, tied, third };
    // A name in lower case sorts among the others' letters, not after every capital.
    await applicants(intakeId, ["de Souza", "Same name", "Same name", ...Array.from({ length: APPLICATIONS_PAGE_SIZE }, (_, i) => `Waiting ${String(i).padStart(2, "0")}`)], { givenName: "Applicant" });
  });

  it("shows a page of applications and the rest on page 2, in the panel's order, each once", async () => {
    const first = await load();
    expect([first.page, first.pageCount, first.applications.length]).toEqual([1, 2, APPLICATIONS_PAGE_SIZE]);
    const second = await load("?page=2");
    expect(second.page).toBe(2);
    const shown = [...first.applications, ...second.applications];
    expect(shown).toHaveLength(APPLICATIONS_PAGE_SIZE + 6);
    // The tie shares rank 1, in name order; the next is third.
    expect(shown.slice(0, 3).map((a) => [a.id, a.rank, a.total])).toEqual([
      [ranked.tied, 1, "13"],
      [ranked.top, 1, "13"],
      [ranked.third, 3, "12.3"],
    ]);
    const rest = shown.slice(3);
    expect(rest.every((a) => a.rank === null)).toBe(true);
    expect(rest.map((a) => a.name)).toEqual(["Applicant de Souza", "Applicant Same name", "Applicant Same name", ...Array.from({ length: APPLICATIONS_PAGE_SIZE }, (_, i) => `Applicant Waiting ${String(i).padStart(2, "0")}`)]);
    // Two applicants of one name keep their order: the earlier application first.
    expect(rest[1].id).toBeLessThan(rest[2].id);
    const html = await renderedAfterPost(intakePage.default, first, null);
    expect(html).toContain('class="govuk-pagination"');
    expect(html).toContain('href="?page=2"');
  });

  it("shows the first page for a page number that is not one, and the last for one past the end", async () => {
    const [first, last] = [await load(), await load("?page=2")];
    const ids = (page: ApplicationsPage) => [page.page, ...page.applications.map((a) => a.id)];
    for (const query of ["?page=0", "?page=-1", "?page=x", "?page=2.5", "?page=", "?page=99999999999999999999"]) expect(ids(await load(query))).toEqual(ids(first));
    for (const query of ["?page=3", "?page=999999999"]) expect(ids(await load(query))).toEqual(ids(last));
  });

  it("goes back to the page the shortlisting was done on", async () => {
    const application = (await load("?page=2")).applications.at(-1)!;
    const done = await run(intakePage.action, await requestAs("ld", `${path()}?page=2`, form({ application: String(application.id), shortlist: "1" })), { intakeId: String(intakeId) });
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe(`${path()}?page=2`);
    expect((await load("?page=2")).applications.find((a) => a.id === application.id)?.shortlisted).toBe(true);
  });

  it("reads a page's worth however many apply", async () => {
    const before = await rowsReadBy(() => load());
    await applicants(intakeId, Array.from({ length: 20 }, (_, i) => `Later ${i}`), { givenName: "Applicant" });
    expect(await rowsReadBy(() => load())).toBe(before);
  });
});
