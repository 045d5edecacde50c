// A place declined once the intake has started is not handed to the first reserve: they would join a
// degree already running. The reserve list stays as it was, for L&D to decide.
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate as plusDays } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { seedDemo } from "../../../tests/support/fixtures";
import { respond } from "../server/applications.server";
import { apprenticeshipDb } from "../server/db.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };

describe("an offer declined after the intake has started", () => {
  it("frees the place without offering it to the first reserve, who keeps their place in the queue", async () => {
    const intake = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select(["i.id", "i.cohort_id"]).where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
    // The degree began yesterday, with an offer still unanswered and a reserve waiting.
    await db().updateTable("cohorts").set({ starts_on: plusDays(londonToday(), -1) }).where("id", "=", intake.cohort_id).execute();
    const applications = apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("intake_id", "=", intake.id);
    const offered = await applications.where("decision", "=", "offer").where("response", "is", null).executeTakeFirstOrThrow();
    const reserve = await applications.where("decision", "=", "reserve").executeTakeFirstOrThrow();
    const placeOf = (enrolmentId: number | null) => db().selectFrom("enrolments").select(["status", "waitlist_position"]).where("id", "=", enrolmentId!).executeTakeFirstOrThrow();
    expect(await placeOf(reserve.enrolment_id)).toEqual({ status: "waitlisted", waitlist_position: 1 });
    const noticesBefore = await db().selectFrom("notices").select("id").where("person_id", "=", reserve.person_id).execute();

    expect(await respond(offered, false, SYSTEM)).toEqual({ ok: true });
    expect(await placeOf(offered.enrolment_id)).toMatchObject({ status: "withdrawn" });
    expect(await placeOf(reserve.enrolment_id)).toEqual({ status: "waitlisted", waitlist_position: 1 });
    expect(await db().selectFrom("notices").select("id").where("person_id", "=", reserve.person_id).execute()).toEqual(noticesBefore);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.promoted_from_waiting_list").execute()).toEqual([]);
  });
});
