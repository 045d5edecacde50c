// A late joiner (a reserve given a place freed after the intake began) owes hours from the day they were
// given it (`owedFrom`), and the list and counts say so; but hours for the weeks before that day were still
// taken, counted towards nothing owed and hid a later shortfall. They are refused at the week, naming the
// day, in the apprentice's language, with what was typed kept.
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate, formatDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as home from "../routes/index";
import { apprenticeshipDb } from "../server/db.server";
import { createIntake } from "../server/intakes.server";
import { apprentices, weekOf } from "../server/progress.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const HOME = "/programmes/apprenticeship";
/** The intake began five weeks ago; the place was given today. */
const startsOn = addDaysToDate(londonToday(), -35);

async function lateJoiner() {
  const id = await createIntake({ name: "Begun five weeks ago", university: "University of the Midlands", places: 4, criteria: "Values, experience and potential.", startsOn, opensOn: addDaysToDate(startsOn, -60), closesOn: addDaysToDate(startsOn, -30) }, SYSTEM);
  const { cohort_id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes").select("cohort_id").where("id", "=", id).executeTakeFirstOrThrow();
  const stamp = new Date().toISOString();
  const personId = await personIdOf("practitioner");
  await apprenticeshipDb()
    .insertInto("enrolments")
    .values({ cohort_id, person_id: personId, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp, updated_at: stamp })
    .execute();
  return personId;
}

const log = async (weekOfDay: string, query = "") => run(home.action, await requestAs("practitioner", `${HOME}${query}`, { method: "POST", body: new URLSearchParams({ weekOf: weekOfDay, hours: "6", activity: "Induction reading" }) }));
const hoursOf = (personId: number) => apprenticeshipDb().selectFrom("apprenticeship_otj").select(["week_of", "minutes"]).where("person_id", "=", personId).orderBy("week_of").execute();

describe("off-the-job hours for a week before a late joiner was given their place", () => {
  it("are refused at the week, naming the day, in English and Welsh, and are neither stored nor counted", async () => {
    const personId = await lateJoiner();
    const [apprentice] = await apprentices([personId]);
    expect(apprentice.owedFrom).toBe(londonToday());
    // After the intake began, but a week before the place was given.
    const weekBefore = addDaysToDate(weekOf(londonToday()), -7);
    expect(weekBefore > startsOn).toBe(true);
    const refused = await log(weekBefore);
    expect(refused.status).toBe(400);
    const reply = (refused.data as { reply: { error: Record<string, string[]>; initialValue: Record<string, string> } }).reply;
    expect(reply.error).toEqual({ weekOf: ["otj.errors.beforePlace"] });
    expect(reply.initialValue).toEqual({ weekOf: weekBefore, hours: "6", activity: "Induction reading" });
    expect(await hoursOf(personId)).toEqual([]);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "apprenticeship.otj.logged").where("person_id", "=", personId).execute()).toEqual([]);

    for (const [query, locale, message] of [
      ["", "en-GB", `The week must not be before the week of ${formatDate(londonToday(), "en-GB")}, when your apprenticeship began for you`],
      ["?lng=cy", "cy", `Ni all yr wythnos fod cyn wythnos ${formatDate(londonToday(), "cy")}, pan ddechreuodd eich prentisiaeth i chi`],
    ] as const) {
      const page = decodeHtml(await renderedAfterPost(home.default, (await run(home.loader, await requestAs("practitioner", `${HOME}${query}`))).data, (await log(weekBefore, query)).data, locale));
      // In the error summary, linked to the week, and beside it, with the day typed still in it.
      expect(errorSummaryTargets(page), locale).toEqual(["otj-weekOf"]);
      const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(page)?.[0] ?? "";
      expect(summary.replace(/<[^>]+>/g, ""), locale).toContain(message);
      const beside = /<p id="otj-weekOf-error" class="govuk-error-message">([\s\S]*?)<\/p>/.exec(page)?.[1] ?? "";
      expect(beside.replace(/<[^>]+>/g, ""), locale).toContain(message);
      expect(page, locale).toMatch(new RegExp(`<input[^>]*id="otj-weekOf"[^>]*value="${weekBefore}"`));
    }
  });

  it("are taken for the week the place was given", async () => {
    const personId = await personIdOf("practitioner");
    expect((await log(londonToday())).status).toBe(303);
    expect(await hoursOf(personId)).toEqual([{ week_of: weekOf(londonToday()), minutes: 360 }]);
  });
});
