// Take-up by locality and role, a page at a time: at national scale some three hundred rows (a locality
// and role each). The download keeps every row.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as exported from "../routes/reports.export";
import * as reports from "../routes/reports";
import { UPTAKE_PAGE_SIZE } from "../server/uptake.server";

const PATH = "/programmes/leadership/reports";
const SYSTEM = { userId: null, personId: null };
/** More city-wide services than a page holds, each a row of its own. */
const SERVICES = UPTAKE_PAGE_SIZE + 5;

type UptakePage = { rows: { locality: string; role: string; placed: number }[]; page: number; pageCount: number };

beforeAll(async () => {
  await seedDemo();
  const cohortId = await createCohort(
    { programmeId: "leadership", name: "Take-up pages", startsOn: "2028-03-06", endsOn: "2028-11-27", capacity: SERVICES, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: "2028-03-06", cadence: "monthly", count: 1, time: "10:00", durationMinutes: 60 },
    SYSTEM,
  );
  for (let i = 0; i < SERVICES; i += 1) {
    const code = `UPTAKE${String(i).padStart(2, "0")}`;
    // A team with no locality above it is a city-wide service, its own row on the report.
    const [team] = await db().insertInto("org_units").values({ kind: "team", code, name: `Service ${code}`, parent_id: null }).returning("id").execute();
    const [person] = await db()
      .insertInto("people")
      .values(newPerson({ employee_number: code, given_name: "Taking", family_name: code, email: `${code.toLowerCase()}@example.test`, team_id: team.id }, { role_category: "team_manager", job_title: "Team Manager" }))
      .returning("id")
      .execute();
    const placed = await requestPlace({ cohortId, personId: person.id, actor: SYSTEM, direct: true });
    if (!placed.ok) throw new Error(placed.error);
  }
});

const load = async (query = "") => {
  const outcome = await run(reports.loader, await requestAs("ld", PATH + query));
  expect(outcome.status).toBe(200);
  return outcome.data as UptakePage;
};

const key = (r: { locality: string; role: string }) => `${r.locality} / ${r.role}`;

describe("take-up by locality and role", () => {
  it("shows a page of rows, the rest on the pages after, each row once and in the download's order", async () => {
    const first = await load();
    expect(first.page).toBe(1);
    expect(first.pageCount).toBeGreaterThanOrEqual(2);
    expect(first.rows).toHaveLength(UPTAKE_PAGE_SIZE);
    const pages = [first];
    for (let page = 2; page <= first.pageCount; page += 1) pages.push(await load(`?page=${page}`));
    expect(pages.at(-1)!.page).toBe(first.pageCount);
    expect(pages.at(-1)!.rows.length).toBeGreaterThan(0);
    const shown = pages.flatMap((p) => p.rows.map(key));
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown).toEqual(expect.arrayContaining(Array.from({ length: SERVICES }, (_, i) => `Service UPTAKE${String(i).padStart(2, "0")} / Team manager`)));
    // The download stays whole, in the order the pages show.
    const csv = (await run(exported.loader, await requestAs("ld", `${PATH}/export`))).data as string;
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n").slice(1);
    expect(lines.map((line) => line.split(",").slice(0, 2).join(" / "))).toEqual(shown);
  });

  it("links to the next page from the table", async () => {
    const html = await renderedAfterPost(reports.default, await load(), null);
    expect(html).toContain('class="govuk-pagination"');
    expect(html).toContain('href="?page=2"');
  });

  it("shows the first page for a page number that is not one, and the last for one past the end", async () => {
    const first = await load();
    const last = await load(`?page=${first.pageCount}`);
    for (const query of ["?page=0", "?page=-1", "?page=abc", "?page=1.5", "?page=", "?page=%00", "?page=99999999999999999999"]) expect(await load(query)).toEqual(first);
    for (const query of ["?page=999", "?page=999999999"]) expect(await load(query)).toEqual(last);
  });
});
