// Someone who accepted an offer after their intake began owes hours from the day they accepted (`owedFrom`),
// not from the day the place was given. Hours for a week before that are refused naming that day, and the
// words must be true of it: it is the day their apprenticeship began for them, not the day they were given
// their place. Through the real action, in English and Welsh.
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate, formatDate } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as home from "../routes/index";
import { respond } from "../server/applications.server";
import { apprenticeshipDb } from "../server/db.server";
import { createIntake } from "../server/intakes.server";
import { apprentices, weekOf } from "../server/progress.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const HOME = "/programmes/apprenticeship";
/** The intake began five weeks ago; the place was given two months ago, before it began. */
const startsOn = addDaysToDate(londonToday(), -35);
const givenAt = new Date(Date.now() - 60 * 86_400_000).toISOString();

/** The practitioner, offered a place before the intake began, accepting it only today. */
async function acceptedLate() {
  const intakeId = await createIntake({ name: "Accepted five weeks in", university: "University of the Midlands", places: 4, criteria: "Values, experience and potential.", startsOn, opensOn: addDaysToDate(startsOn, -90), closesOn: addDaysToDate(startsOn, -70) }, SYSTEM);
  const { cohort_id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes").select("cohort_id").where("id", "=", intakeId).executeTakeFirstOrThrow();
  const personId = await personIdOf("practitioner");
  const place = await apprenticeshipDb()
    .insertInto("enrolments")
    .values({ cohort_id, person_id: personId, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: givenAt, updated_at: givenAt })
    .returning("id")
    .executeTakeFirstOrThrow();
  const application = await apprenticeshipDb()
    .insertInto("apprenticeship_applications")
    .values({ intake_id: intakeId, person_id: personId, statement: "I want to train.", current_role: "Family support worker", service_months: 30, english: "held", maths: "held", manager_support: "given", shortlisted: 1, decision: "offer", feedback: "A thoughtful interview.", enrolment_id: place.id, created_at: givenAt, updated_at: givenAt })
    .returning(["id", "person_id", "enrolment_id"])
    .executeTakeFirstOrThrow();
  expect(await respond(application, true, SYSTEM)).toEqual({ ok: true });
  return personId;
}

const log = async (weekOfDay: string, query = "") => run(home.action, await requestAs("practitioner", `${HOME}${query}`, { method: "POST", body: new URLSearchParams({ weekOf: weekOfDay, hours: "6", activity: "Induction reading" }) }));

describe("off-the-job hours for a week before an offer accepted late", () => {
  it("are refused naming the day the apprenticeship began for them, in English and Welsh", async () => {
    const personId = await acceptedLate();
    const [apprentice] = await apprentices([personId]);
    // Owed from the day they accepted, later than both the intake's start and the day the place was given.
    expect(apprentice.owedFrom).toBe(londonToday());
    const weekBefore = addDaysToDate(weekOf(londonToday()), -7);
    for (const [query, locale, message] of [
      ["", "en-GB", `The week must not be before the week of ${formatDate(londonToday(), "en-GB")}, when your apprenticeship began for you`],
      ["?lng=cy", "cy", `Ni all yr wythnos fod cyn wythnos ${formatDate(londonToday(), "cy")}, pan ddechreuodd eich prentisiaeth i chi`],
    ] as const) {
      const refused = await log(weekBefore, query);
      expect(refused.status, locale).toBe(400);
      const answer = refused.data as { reply: { error: Record<string, string[]> }; detail?: string };
      expect(answer.reply.error, locale).toEqual({ weekOf: ["otj.errors.beforePlace"] });
      expect(answer.detail, locale).toBe(message);
    }
  });
});
