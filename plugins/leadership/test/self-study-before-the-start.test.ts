// Self-study counts from the day the learner's cohort began: an entry dated before then counts towards
// nothing, yet would be added to the hours and hide a shortfall. It is refused beside the date, naming the
// day, in English and Welsh, and nothing is stored; the day the cohort began is taken.
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate, formatDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as learning from "../routes/learning";
import { leadershipDb } from "../server/progress.server";
import { cohortNamed, form } from "./support";

beforeAll(seedDemo);

const LEARNING = `/programmes/${PLUGIN_ID}/learning`;

async function cohortOneStart() {
  const { id } = await cohortNamed("Cohort 1");
  return (await db().selectFrom("cohorts").select("starts_on").where("id", "=", id).executeTakeFirstOrThrow()).starts_on;
}

async function logged(activity: string) {
  const manager = await personIdOf("manager");
  return leadershipDb().selectFrom("leadership_guided_learning as g").innerJoin("enrolments as e", "e.id", "g.enrolment_id").select("g.occurred_on").where("e.person_id", "=", manager).where("g.activity", "=", activity).execute();
}

describe("self-study dated before the learner's cohort began", () => {
  it("is refused beside the date, naming the day the cohort began, and nothing is stored", async () => {
    const startsOn = await cohortOneStart();
    const sent = { occurredOn: addDaysToDate(startsOn, -1), activity: "Reading before the course", hours: "1" };

    const refused = await run(learning.action, await requestAs("manager", LEARNING, form(sent)));

    expect(refused.status).toBe(400);
    const answer = refused.data as { error: Record<string, string[]>; detail: string };
    expect(answer.error).toEqual({ occurredOn: ["learning.errors.beforeStart"] });
    expect(answer.detail).toBe(`The date must be on or after ${formatDate(startsOn, "en-GB")}, the day your cohort began`);
    expect(await logged(sent.activity)).toEqual([]);
    // Shown beside the field and in the summary, with the day: the key alone would have none.
    const page = (await run(learning.loader, await requestAs("manager", LEARNING))).data;
    const shown = (await renderedAfterPost(learning.default, page, refused.data)).replaceAll("&#x27;", "'");
    expect(shown.split(answer.detail)).toHaveLength(3);
    expect(shown).toContain("govuk-error-summary");
  });

  it("is refused in Welsh, naming the day in Welsh", async () => {
    const startsOn = await cohortOneStart();
    const refused = await run(learning.action, await requestAs("manager", `${LEARNING}?lng=cy`, form({ occurredOn: addDaysToDate(startsOn, -30), activity: "Darllen", hours: "1" })));
    expect(refused.status).toBe(400);
    expect((refused.data as { detail: string }).detail).toBe(`Rhaid i'r dyddiad fod ar ${formatDate(startsOn, "cy")} neu ar ôl hynny, y diwrnod y dechreuodd eich carfan`);
  });

  it("takes an entry dated the day the cohort began", async () => {
    const startsOn = await cohortOneStart();
    const saved = await run(learning.action, await requestAs("manager", LEARNING, form({ occurredOn: startsOn, activity: "Reading on the first day", hours: "1" })));
    expect(saved.status).toBe(303);
    expect(await logged("Reading on the first day")).toEqual([{ occurred_on: startsOn }]);
  });

  it("still refuses a date in the future", async () => {
    const refused = await run(learning.action, await requestAs("manager", LEARNING, form({ occurredOn: addDaysToDate(new Date().toISOString().slice(0, 10), 2), activity: "Reading ahead", hours: "1" })));
    expect((refused.data as { error: Record<string, string[]> }).error).toEqual({ occurredOn: ["learning.errors.future"] });
    expect(await logged("Reading ahead")).toEqual([]);
  });
});
