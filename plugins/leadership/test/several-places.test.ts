// People given places on several Level 5 cohorts before the one-place rule still hold them. L&D are told
// how many on the programme's home and find them on a paged list, each with every place they hold (a
// completion counts, as the rule counts it) linking to the cohort's page where the extras are withdrawn.
// Through the real loaders on a migrated, seeded database, and the pages as rendered in both languages.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as home from "../routes/index";
import * as severalPlaces from "../routes/several-places";
import { ONE_PLACE_STATUSES } from "../server/one-place.server";
import { fullCohort, peopleNamed } from "./support";

const HOME = `/programmes/${PLUGIN_ID}`;
const LIST = `${HOME}/several-places`;

type Listed = { people: { personId: number; name: string; employee: string; places: { cohortId: number; status: string }[] }[]; total: number; page: number; pageCount: number; title: string };

let twice: number[] = [];
let single = 0;
let withdrawnFromOne = 0;
let completedAndPlaced = 0;
let cohortA = 0;
let cohortB = 0;

/** Everyone holding more than one Level 5 place, counted here in plain JavaScript from every Level 5 place. */
async function holdersOfSeveral() {
  const places = await db().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select(["e.person_id", "e.status"]).where("c.programme_id", "=", PLUGIN_ID).execute();
  const held = new Map<number, number>();
  for (const p of places) if (ONE_PLACE_STATUSES.includes(p.status)) held.set(p.person_id, (held.get(p.person_id) ?? 0) + 1);
  return [...held].filter(([, n]) => n > 1).map(([id]) => id);
}

const listAs = async (account: DemoAccount, query = "") => run(severalPlaces.loader, await requestAs(account, LIST + query));
const list = async (query = "") => {
  const outcome = await listAs("ld", query);
  expect(outcome.status).toBe(200);
  return outcome.data as Listed;
};
const homeAs = async (account: DemoAccount, query = "") => (await run(home.loader, await requestAs(account, HOME + query))).data as Parameters<typeof renderedAfterPost>[1];
const setStatus = (cohortId: number, personId: number, status: "withdrawn" | "completed") =>
  db().updateTable("enrolments").set({ status, waitlist_position: null }).where("cohort_id", "=", cohortId).where("person_id", "=", personId).execute();

beforeAll(async () => {
  await seedDemo();
  // More people with two places than a page holds, given as they were before the rule: with no check.
  twice = await peopleNamed("SEVERAL", 26);
  [single, withdrawnFromOne, completedAndPlaced] = await peopleNamed("ONEPLACE", 3);
  ({ cohortId: cohortA } = await fullCohort("Several places A", 40, [...twice, single, withdrawnFromOne, completedAndPlaced], []));
  ({ cohortId: cohortB } = await fullCohort("Several places B", 70, [twice[0], withdrawnFromOne, completedAndPlaced], twice.slice(1)));
  await setStatus(cohortB, withdrawnFromOne, "withdrawn");
  await setStatus(cohortB, completedAndPlaced, "completed");
});

describe("people holding more than one Level 5 place", () => {
  it("are listed with each cohort they hold a place on and its status, and someone with one place is not", async () => {
    const pages = [await list()];
    for (let page = 2; page <= pages[0].pageCount; page += 1) pages.push(await list(`?page=${page}`));
    const people = pages.flatMap((p) => p.people);
    const ids = people.map((p) => p.personId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort((a, b) => a - b)).toEqual((await holdersOfSeveral()).sort((a, b) => a - b));
    expect(ids).toEqual(expect.arrayContaining([...twice, completedAndPlaced]));
    expect(ids).not.toContain(single);
    expect(ids).not.toContain(withdrawnFromOne);

    const first = people.find((p) => p.personId === twice[0])!;
    expect(first).toMatchObject({ name: "SEVERAL 0, Waiting", employee: "SEVERAL0", places: [{ cohortId: cohortA, status: "enrolled" }, { cohortId: cohortB, status: "enrolled" }] });
    expect(people.find((p) => p.personId === twice[1])!.places).toMatchObject([{ cohortId: cohortA, status: "enrolled" }, { cohortId: cohortB, status: "waitlisted" }]);
    // A completion holds the one place too, so a place after it is an extra.
    expect(people.find((p) => p.personId === completedAndPlaced)!.places).toMatchObject([{ cohortId: cohortA, status: "enrolled" }, { cohortId: cohortB, status: "completed" }]);

    const page = pages.find((p) => p.people.some((q) => q.personId === twice[1]))!;
    const html = decodeHtml(await renderedAfterPost(severalPlaces.default, page, null));
    expect(html).toContain("<h1 class=\"govuk-heading-l\">People with more than one place</h1>");
    expect(html).toContain(`<caption class="govuk-table__caption govuk-table__caption--m">${page.total} people with more than one place</caption>`);
    expect(html).toContain(`href="${HOME}/cohorts/${cohortB}">Several places B</a>: On the waiting list (number 1)`);
    expect(html).toContain(`href="${HOME}/cohorts/${cohortA}">Several places A</a>: Has a place`);
  });

  // The home links to the list for L&D without counting: grouping every Level 5 place on each view of the
  // home cost it a quarter of its throughput at national scale. The list itself says how many.
  it("are linked from the programme's home for L&D, and not for a learner", async () => {
    const html = decodeHtml(await renderedAfterPost(home.default, await homeAs("ld"), null));
    expect(html).toContain(`href="${LIST}">People with more than one place</a>`);
    const learnerHtml = decodeHtml(await renderedAfterPost(home.default, await homeAs("manager"), null));
    expect(learnerHtml).not.toContain(`href="${LIST}"`);
  });

  it("are shown 25 a page, the last page for one past the end and the first for one that is not a page", async () => {
    const first = await list();
    expect(first.people).toHaveLength(25);
    expect(first.total).toBe((await holdersOfSeveral()).length);
    expect(first.pageCount).toBe(Math.ceil(first.total / 25));
    const last = await list(`?page=${first.pageCount}`);
    expect(last.page).toBe(first.pageCount);
    expect(last.people.length).toBe(first.total - 25 * (first.pageCount - 1));
    for (const query of ["?page=999", "?page=999999999"]) expect(await list(query)).toEqual(last);
    for (const query of ["?page=0", "?page=abc", "?page=-1", "?page=99999999999999999999"]) expect(await list(query)).toEqual(first);
    const html = decodeHtml(await renderedAfterPost(severalPlaces.default, first, null));
    expect(html).toContain('class="govuk-pagination"');
    expect(html).toContain('href="?page=2"');
  });

  it("refuse anyone who does not manage cohorts", async () => {
    for (const account of ["manager", "practitioner"] as const) expect((await listAs(account)).status).toBe(403);
  });

  it("are listed and counted in Welsh", async () => {
    const listed = await list("?lng=cy");
    expect(listed.title).toBe("Pobl sydd â mwy nag un lle");
    const html = decodeHtml(await renderedAfterPost(severalPlaces.default, listed, null, "cy"));
    expect(html).toContain(`Pobl sydd â mwy nag un lle (nifer: ${listed.total})`);
    expect(html).toContain("Lleoedd sydd ganddynt");
    const homeHtml = decodeHtml(await renderedAfterPost(home.default, await homeAs("ld", "?lng=cy"), null, "cy"));
    expect(homeHtml).toContain(`href="${LIST}">Pobl sydd â mwy nag un lle</a>`);
  });
});
