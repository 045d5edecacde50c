// A learner's self-study log grows by an entry or more a week for a year and more: it is paged, 20 entries
// a page, newest first, with how many there are in all and the core's page links. A page asked past the
// last shows the last, and logging an entry lands on the page of the log that shows it.
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as learning from "../routes/learning";
import { currentPlace } from "../server/guided-learning.server";
import { leadershipDb } from "../server/progress.server";
import { form } from "./support";

beforeAll(seedDemo);

const LEARNING = `/programmes/${PLUGIN_ID}/learning`;

interface LogPage {
  entries: { id: number; activity: string }[];
  entriesPage: { total: number; page: number; pageCount: number; from: number; to: number };
}

const logPage = async (query = "") => (await run(learning.loader, await requestAs("manager", `${LEARNING}${query}`))).data as LogPage;

/** Every entry of the place, in the log's order: the newest day first, the latest logged first within a day. */
const wholeLog = (enrolmentId: number) => leadershipDb().selectFrom("leadership_guided_learning").select(["id", "activity"]).where("enrolment_id", "=", enrolmentId).orderBy("occurred_on", "desc").orderBy("id", "desc").execute();

describe("a learner's self-study log", () => {
  it("is shown 20 entries a page, newest first, with the total and page links; a page past the last shows the last", async () => {
    const place = (await currentPlace(await personIdOf("manager")))!;
    const stamp = new Date().toISOString();
    // Fifty entries, one every third day, all since the cohort began.
    const weeks = Array.from({ length: 50 }, (_, i) => ({ enrolment_id: place.id, occurred_on: addDaysToDate(londonToday(), -i * 3), activity: `Week ${i}`, minutes: 60, reflection: null, confirmed_by: null, confirmed_at: null, created_at: stamp }));
    await leadershipDb().insertInto("leadership_guided_learning").values(weeks).execute();
    const all = await wholeLog(place.id);
    const pageCount = Math.ceil(all.length / 20);
    expect(pageCount).toBeGreaterThan(2);

    const first = await logPage();
    expect(first.entries.map((e) => e.id)).toEqual(all.slice(0, 20).map((e) => e.id));
    expect(first.entriesPage).toEqual({ total: all.length, page: 1, pageCount, from: 1, to: 20 });
    const second = await logPage("?page=2");
    expect(second.entries.map((e) => e.id)).toEqual(all.slice(20, 40).map((e) => e.id));

    const past = await logPage("?page=999");
    expect(past.entriesPage).toMatchObject({ page: pageCount, from: (pageCount - 1) * 20 + 1, to: all.length });
    expect(past.entries.map((e) => e.id)).toEqual(all.slice((pageCount - 1) * 20).map((e) => e.id));

    const shown = await renderedAfterPost(learning.default, second, null);
    expect(shown).toContain(`Showing entries 21 to 40 of ${all.length}, newest first.`);
    expect(shown).toContain('class="govuk-pagination"');
    expect(shown).toContain('href="?page=3"');
  });

  it("lands on the page that shows the entry just logged: the first for today's, a later one for a day long past", async () => {
    const place = (await currentPlace(await personIdOf("manager")))!;
    const today = await run(learning.action, await requestAs("manager", LEARNING, form({ occurredOn: londonToday(), activity: "Reading today", hours: "1" })));
    expect(today.headers.get("Location")).toBe(`${LEARNING}?saved=1`);
    expect((await logPage()).entries[0].activity).toBe("Reading today");

    const longAgo = addDaysToDate(londonToday(), -100);
    const old = await run(learning.action, await requestAs("manager", LEARNING, form({ occurredOn: longAgo, activity: "Reading long ago", hours: "1" })));
    const position = (await wholeLog(place.id)).findIndex((e) => e.activity === "Reading long ago");
    const page = Math.floor(position / 20) + 1;
    expect(page).toBeGreaterThan(1);
    expect(old.headers.get("Location")).toBe(`${LEARNING}?saved=1&page=${page}`);
    expect((await logPage(`?saved=1&page=${page}`)).entries.map((e) => e.activity)).toContain("Reading long ago");
  });
});
