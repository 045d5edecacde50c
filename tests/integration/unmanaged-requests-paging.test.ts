// L&D's list of place requests with no manager on the portal (/admin/requests) comes a page at a time, as
// every list does: oldest first, ties by id, a page past the last shows the last, and a page number
// nobody could mean falls back to the first rather than failing.
import { beforeAll, describe, expect, it } from "vitest";
import * as ldList from "../../app/routes/admin.requests._index";
import { PAGE_SIZE } from "../../app/services/people.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { managerWithNoAccount } from "../support/no-manager-on-portal";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";
import { askWithNoManagerOnPortal } from "../support/unmanaged-request";

/** What the list answers, as the page reads it. */
type ListPage = { page: number; pageCount: number; total: number; rows: { id: number }[]; decided: string | null };

/** How many requests past a full page the list holds here, so the second page is short. */
const ON_SECOND_PAGE = 5;

async function listAt(search: string) {
  const outcome = await run(ldList.loader, await requestAs("ld", `/admin/requests${search}`));
  expect(outcome.status).toBe(200);
  return outcome.data as ListPage;
}

const idsOf = (list: ListPage) => list.rows.map((r) => r.id);

/** Every request the list holds, oldest first, ties by id, once this file's are asked. */
let expectedOrder: number[];

/** People in the demo practitioner's team whose only manager in HR's record has no account. */
async function peopleWithNoManagerOnPortal(count: number) {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
  const head = await managerWithNoAccount(team_id);
  const people: number[] = [];
  for (let n = 1; n <= count; n++) {
    const [person] = await db()
      .insertInto("people")
      .values(newPerson({ employee_number: `PAGING-${n}`, given_name: "Rhian", family_name: `Paging ${n}`, email: `paging-${n}@example.test`, team_id }, { line_manager_id: head }))
      .returning("id")
      .execute();
    people.push(person.id);
  }
  return people;
}

beforeAll(async () => {
  await seedDemo();
  const already = await listAt("");
  // Whatever the demo leaves waiting must fit on the first page, so this file knows the whole list.
  expect(already.total).toBeLessThan(PAGE_SIZE);
  const cohort = await db().selectFrom("cohorts").select("id").where("programme_id", "=", "leadership").where("name", "=", "Cohort 2").executeTakeFirstOrThrow();
  const asked: number[] = [];
  for (const person of await peopleWithNoManagerOnPortal(PAGE_SIZE + ON_SECOND_PAGE - already.total)) asked.push(await askWithNoManagerOnPortal(person, cohort.id));
  // Dated long ago, newest id oldest and in pairs asked at the same moment, so neither the id alone nor
  // the date alone gives the order the list must keep.
  const stamps = asked.map((id, index) => ({ id, createdAt: new Date(Date.UTC(2001, 0, 1, 9, Math.floor((asked.length - 1 - index) / 2))).toISOString() }));
  for (const { id, createdAt } of stamps) await db().updateTable("enrolments").set({ created_at: createdAt }).where("id", "=", id).execute();
  const ours = [...stamps].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id).map((s) => s.id);
  expectedOrder = [...ours, ...idsOf(already)];
});

describe("L&D's list of place requests with no manager on the portal", () => {
  it("shows a page of the shared size, then the rest, oldest first and ties by id", async () => {
    const first = await listAt("");
    const second = await listAt("?page=2");
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: PAGE_SIZE + ON_SECOND_PAGE });
    expect(second).toMatchObject({ page: 2, pageCount: 2, total: PAGE_SIZE + ON_SECOND_PAGE });
    expect(idsOf(first)).toEqual(expectedOrder.slice(0, PAGE_SIZE));
    expect(idsOf(second)).toEqual(expectedOrder.slice(PAGE_SIZE));
    expect(await listAt("?page=1")).toEqual(first);
  });

  it("shows the last page for a page past it", async () => {
    const last = await listAt("?page=2");
    expect(last).toMatchObject({ page: 2, pageCount: 2 });
    expect(last.rows).toHaveLength(ON_SECOND_PAGE);
    for (const page of ["3", "99", "999999999", "1000000000"]) expect(await listAt(`?page=${page}`)).toEqual(last);
  });

  it("shows the first page for a page number nobody could mean, never failing", async () => {
    const first = await listAt("");
    expect(first).toMatchObject({ page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(PAGE_SIZE);
    for (const page of ["abc", "0", "-1", "1.5", "2e3", "", "%00", "2147483648", "99999999999999999999999"]) {
      expect(await listAt(`?page=${encodeURIComponent(page)}`), `?page=${page}`).toEqual(first);
    }
  });

  it("keeps the banner for a decision on whichever page it lands", async () => {
    expect(await listAt("?decided=enrolled")).toMatchObject({ page: 1, decided: "enrolled" });
    expect(await listAt("?page=2&decided=declined")).toMatchObject({ page: 2, decided: "declined" });
  });

  it("says the total and which page it is, in English and Welsh, with links to the others", async () => {
    const second = await listAt("?page=2");
    const english = await renderedAfterPost(ldList.default, second, null);
    expect(english).toContain(`${PAGE_SIZE + ON_SECOND_PAGE} requests wait, oldest first (page 2 of 2)`);
    expect(english).toContain('class="govuk-pagination"');
    expect(english).toContain('href="?page=1"');
    const welsh = (await renderedAfterPost(ldList.default, second, null, "cy")).replaceAll("&#x27;", "'");
    expect(welsh).toContain(`${PAGE_SIZE + ON_SECOND_PAGE} o geisiadau'n aros, yr hynaf yn gyntaf (tudalen 2 o 2)`);
  });
});
