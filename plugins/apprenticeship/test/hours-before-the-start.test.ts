// Off-the-job hours are owed from the week the apprenticeship starts. Hours for a week that was over
// before then counted towards nothing, yet were taken and added to what the apprentice had logged,
// hiding a shortfall. They are refused at the week, in the apprentice's language, with what was typed kept.
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate } from "../../../app/utils/dates";
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
/** A Wednesday three weeks ago: the week it falls in began on the Monday before it. */
const startsOn = addDaysToDate(weekOf(addDaysToDate(londonToday(), -21)), 2);

/** The demo practitioner made an apprentice on a cohort that started on `startsOn`. */
async function practitionerStartedOn(start: string) {
  const id = await createIntake({ name: "Started three weeks ago", university: "University of the Midlands", places: 4, criteria: "Values, experience and potential.", startsOn: start, opensOn: addDaysToDate(start, -60), closesOn: addDaysToDate(start, -30) }, SYSTEM);
  const { cohort_id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes").select("cohort_id").where("id", "=", id).executeTakeFirstOrThrow();
  // Placed before the intake began, so hours are owed from its start (a place given later owes from that day).
  const stamp = new Date(`${addDaysToDate(start, -30)}T12:00:00Z`).toISOString();
  const personId = await personIdOf("practitioner");
  await apprenticeshipDb()
    .insertInto("enrolments")
    .values({ cohort_id, person_id: personId, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp, updated_at: stamp })
    .execute();
  return personId;
}

const log = async (weekOfDay: string, query = "") => run(home.action, await requestAs("practitioner", `${HOME}${query}`, { method: "POST", body: new URLSearchParams({ weekOf: weekOfDay, hours: "6", activity: "Induction reading" }) }));
const hoursOf = (personId: number) => apprenticeshipDb().selectFrom("apprenticeship_otj").select(["week_of", "minutes"]).where("person_id", "=", personId).orderBy("week_of").execute();

describe("off-the-job hours for a week before the apprenticeship started", () => {
  it("are refused at the week, in English and Welsh, with what was typed kept, and are neither stored nor counted", async () => {
    const personId = await practitionerStartedOn(startsOn);
    // The Sunday before the start: the last day of a week that was over before it began.
    const weekBefore = addDaysToDate(startsOn, -3);
    const refused = await log(weekBefore);
    expect(refused.status).toBe(400);
    const reply = (refused.data as { reply: { error: Record<string, string[]>; initialValue: Record<string, string> } }).reply;
    expect(reply.error).toEqual({ weekOf: ["otj.errors.beforeStart"] });
    expect(reply.initialValue).toEqual({ weekOf: weekBefore, hours: "6", activity: "Induction reading" });
    expect(await hoursOf(personId)).toEqual([]);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "apprenticeship.otj.logged").where("person_id", "=", personId).execute()).toEqual([]);
    expect((await apprentices([personId]))[0].compliance.logged).toBe(0);

    for (const [query, locale, message] of [
      ["", "en-GB", "The week must not be before the week your apprenticeship started"],
      ["?lng=cy", "cy", "Ni all yr wythnos fod cyn yr wythnos y dechreuodd eich prentisiaeth"],
    ] as const) {
      const page = await renderedAfterPost(home.default, (await run(home.loader, await requestAs("practitioner", `${HOME}${query}`))).data, (await log(weekBefore, query)).data, locale);
      // In the error summary, linked to the week, and beside it, with the day typed still in it.
      expect(errorSummaryTargets(page), locale).toEqual(["otj-weekOf"]);
      const beside = /<p id="otj-weekOf-error" class="govuk-error-message">([\s\S]*?)<\/p>/.exec(page)?.[1] ?? "";
      expect(decodeHtml(beside.replace(/<[^>]+>/g, "")), locale).toContain(message);
      expect(page, locale).toMatch(new RegExp(`<input[^>]*id="otj-weekOf"[^>]*value="${weekBefore}"`));
    }
  });

  it("are taken for the week the apprenticeship started, even from the days before its start", async () => {
    const personId = await personIdOf("practitioner");
    const mondayOfTheStart = addDaysToDate(startsOn, -2);
    expect((await log(mondayOfTheStart)).status).toBe(303);
    expect(await hoursOf(personId)).toContainEqual({ week_of: mondayOfTheStart, minutes: 360 });
  });
});
