// An offer holds a place for the applicant, but they are not an apprentice until they accept it. Once the
// intake began, an offer never accepted was listed and counted as an apprentice, owing hours and reviews
// (and payable from the levy). Only people holding a place count: an accepted offer, or a place L&D gave.
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate as plusDays } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { seedDemo } from "../../../tests/support/fixtures";
import { respond } from "../server/applications.server";
import { apprenticeshipDb } from "../server/db.server";
import { apprenticeCounts, apprentices, isApprentice, payableApprentices } from "../server/progress.server";
import { apprenticeStandingCounts } from "../server/standing.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };

describe("an offer not accepted by the intake's start", () => {
  it("is not an apprentice on the list, in the counts or for payments, until it is accepted", async () => {
    const intake = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select(["i.id", "i.cohort_id"]).where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
    // The degree began yesterday with an offer still unanswered: those who accepted theirs are apprentices now.
    await db().updateTable("cohorts").set({ starts_on: plusDays(londonToday(), -1) }).where("id", "=", intake.cohort_id).execute();
    const before = { counts: await apprenticeCounts(), standing: await apprenticeStandingCounts() };
    const accepted = await apprenticeshipDb().selectFrom("apprenticeship_applications").select("person_id").where("intake_id", "=", intake.id).where("response", "=", "accepted").execute();
    expect(accepted.length).toBeGreaterThan(0);
    for (const { person_id } of accepted) expect(await isApprentice(person_id)).toBe(true);
    const offered = await apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("intake_id", "=", intake.id).where("decision", "=", "offer").where("response", "is", null).executeTakeFirstOrThrow();
    expect(await db().selectFrom("enrolments").select("status").where("id", "=", offered.enrolment_id!).executeTakeFirstOrThrow()).toEqual({ status: "enrolled" });

    expect(await apprentices([offered.person_id])).toEqual([]);
    expect(await isApprentice(offered.person_id)).toBe(false);
    expect((await payableApprentices()).map((p) => p.personId)).not.toContain(offered.person_id);
    expect(await apprenticeCounts()).toEqual(before.counts);
    expect(await apprenticeStandingCounts()).toEqual(before.standing);

    expect(await respond(offered, true, SYSTEM)).toEqual({ ok: true });
    expect(await apprentices([offered.person_id])).toHaveLength(1);
    expect(await isApprentice(offered.person_id)).toBe(true);
    expect(await apprenticeCounts()).toEqual({ ...before.counts, current: before.counts.current + 1 });
    expect((await apprenticeStandingCounts()).current).toBe(before.standing.current + 1);
  });
});
