// The provider's course and run ids are any text, and went into links as they were: an id with a `/`, `#`,
// `?`, `%` or a space named another page, or none (a 404). Every link to a course or a run now carries its
// id encoded, and Remix's own matching reads it back: each link on the catalogue, the course page, the run
// page and the notices on /me is followed here as Remix would match it, to the page of that very course or
// run. Through the real sync (msw standing in for the provider), loaders and actions.
import path from "node:path";
import { matchRoutes } from "react-router-dom";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { useOutsideWorld } from "../../../tests/support/msw";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { pluginRouteTable } from "../../sdk/mount-routes.js";
import * as home from "../routes/index";
import * as coursePage from "../routes/courses.$courseId";
import * as runPage from "../routes/runs.$runId";
import { ripDb } from "../server/db.server";
import { course, serve, sync } from "./feed-support";
import { form } from "./support";

useOutsideWorld();
beforeAll(seedDemo);

const COURSE = "a/b c#1";
const RUN = "r/1 ?x%#";
const TITLE = "Oddly named course";
const offered = (modified: string, runs: { startsOn: string }[]) =>
  course(COURSE, modified, { title: TITLE, runs: runs.map(({ startsOn }) => ({ id: RUN, startsOn, endsOn: startsOn, venue: "Online", capacity: 1, managerApproval: false })) });

const ROUTES = pluginRouteTable({ id: "research-in-practice", dir: path.resolve(__dirname, "..") }).map((r: { id: string; path: string }) => ({ id: r.id, path: `/${r.path}` }));

/** The route a link leads to, and its parameters, as Remix matches them (decoding each parameter). */
function landsOn(href: string) {
  const matches = matchRoutes(ROUTES, href);
  const last = matches?.[matches.length - 1];
  return last ? { route: last.route.id, params: last.params } : undefined;
}

const ON_COURSE = { route: "plugin.research-in-practice.courses.$courseId", params: { courseId: COURSE } };
const ON_RUN = { route: "plugin.research-in-practice.runs.$runId", params: { runId: RUN } };

/** Every link's target on a page rendered from its loader's data. */
async function linksOn(Page: Parameters<typeof renderedAfterPost>[0], data: unknown) {
  const html = await renderedAfterPost(Page, data, null);
  return [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({ href: decodeHtml(m[1]), text: decodeHtml(m[2].replace(/<[^>]*>/g, "")) }));
}

/** Follows a link as a request to the route Remix matches it to, with the parameters it reads from it. */
async function follow(Page: { loader: Parameters<typeof run>[0] }, who: DemoAccount, href: string) {
  const target = landsOn(href)!;
  return run(Page.loader, await requestAs(who, href), target.params as Record<string, string>);
}

describe("a course and a run whose ids are not plain words", () => {
  beforeAll(async () => {
    serve([[offered("2024-02-01T00:00:00Z", [{ startsOn: "2031-06-02" }])]]);
    await sync();
    // The practitioner holds the run's one place, so is told of what becomes of it.
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", RUN).executeTakeFirstOrThrow();
    expect((await requestPlace({ cohortId: cohort_id, personId: await personIdOf("practitioner"), actor: { userId: null, personId: null }, direct: true })).ok).toBe(true);
  });

  it("are reached from the catalogue, and a booking made there comes back to the same course", async () => {
    const catalogue = await run(home.loader, await requestAs("asye", `/programmes/research-in-practice?q=${encodeURIComponent(TITLE)}`));
    const toCourse = (await linksOn(home.default, catalogue.data)).find((l) => l.text === TITLE)!;
    expect(landsOn(toCourse.href)).toEqual(ON_COURSE);
    const page = await follow(coursePage, "asye", toCourse.href);
    expect(page.status).toBe(200);
    expect((page.data as { course: { id: string } }).course.id).toBe(COURSE);

    // The run's one place is the practitioner's, so the ASYE joins its waiting list.
    const booked = await run(coursePage.action, await requestAs("asye", toCourse.href, form({ run: RUN })), landsOn(toCourse.href)!.params as Record<string, string>);
    expect(booked.status).toBe(303);
    expect(booked.headers.get("Location")).toMatch(/\?saved=waitlisted$/);
    expect(landsOn(booked.headers.get("Location")!)).toEqual(ON_COURSE);

    // The learner's own booking on the catalogue page leads to it too.
    const mine = await run(home.loader, await requestAs("asye", "/programmes/research-in-practice"));
    const toBooking = (await linksOn(home.default, mine.data)).filter((l) => l.text === TITLE);
    expect(toBooking.length).toBeGreaterThan(0);
    for (const link of toBooking) expect(landsOn(link.href)).toEqual(ON_COURSE);
  });

  it("lead L&D from the course page to the run's learners and back", async () => {
    const page = await run(coursePage.loader, await requestAs("ld", `/programmes/research-in-practice/courses/${encodeURIComponent(COURSE)}`), { courseId: COURSE });
    const toRun = (await linksOn(coursePage.default, page.data)).filter((l) => l.href.includes("/runs/"));
    expect(toRun).toHaveLength(1);
    expect(landsOn(toRun[0].href)).toEqual(ON_RUN);

    const runShown = await follow(runPage, "ld", toRun[0].href);
    expect(runShown.status).toBe(200);
    expect((runShown.data as { run: { courseId: string } }).run.courseId).toBe(COURSE);
    const back = (await linksOn(runPage.default, runShown.data)).find((l) => l.href.includes("/courses/"))!;
    expect(landsOn(back.href)).toEqual(ON_COURSE);
  });

  it("lead each learner told on /me of a moved, withdrawn or reinstated run to the course", async () => {
    serve([[offered("2024-02-02T00:00:00Z", [{ startsOn: "2031-06-09" }])]]);
    await sync();
    serve([[offered("2024-02-03T00:00:00Z", [])]]);
    await sync();
    serve([[offered("2024-02-04T00:00:00Z", [{ startsOn: "2031-06-16" }])]]);
    await sync();

    const notices = await db().selectFrom("notices").select(["message_key", "href"]).where("person_id", "=", await personIdOf("practitioner")).where("source", "=", "research-in-practice").orderBy("id").execute();
    const told = notices.filter((n) => /^notices\.run(Moved|Withdrawn|Reinstated)/.test(n.message_key));
    expect(told.map((n) => n.message_key)).toEqual(["notices.runMoved.date", "notices.runWithdrawn.enrolled", "notices.runReinstated"]);
    for (const notice of told) expect(landsOn(notice.href!)).toEqual(ON_COURSE);
  });
});
