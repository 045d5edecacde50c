// Once an intake has started a freed place waits for L&D: the intake page shows the free places and the
// reserves waiting, and offers the places to the reserve list, in its order, through the real action.
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate as plusDays } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as page from "../routes/intakes.$intakeId";
import { respond } from "../server/applications.server";
import { decide } from "../server/decide.server";
import { apprenticeshipDb } from "../server/db.server";
import { intakeById } from "../server/intakes.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };

const intake2 = async () => {
  const { id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
  return (await intakeById(id))!;
};

const applicationsTo = (intakeId: number) => apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("intake_id", "=", intakeId);
const placeOf = (enrolmentId: number | null) => db().selectFrom("enrolments").select(["status", "waitlist_position"]).where("id", "=", enrolmentId!).executeTakeFirstOrThrow();
const promotions = () => db().selectFrom("audit_events").select(["person_id", "actor_person_id"]).where("action", "=", "enrolment.promoted_from_waiting_list").execute();

async function intakePage(who: DemoAccount, intakeId: number) {
  const shown = await run(page.loader, await requestAs(who, `/programmes/apprenticeship/intakes/${intakeId}`), { intakeId: String(intakeId) });
  expect(shown.status).toBe(200);
  return shown.data as { freePlaces: { free: number; waiting: number } | null };
}

async function offer(who: DemoAccount, intakeId: number, lng = "en-GB") {
  const request = await requestAs(who, `/programmes/apprenticeship/intakes/${intakeId}?lng=${lng}`, { method: "POST", body: new URLSearchParams({ intent: "offer" }) });
  return run(page.action, request, { intakeId: String(intakeId) });
}

describe("free places once an intake has started", () => {
  it("are offered to the reserves in their order, by L&D only, audited, and saying when there is nothing to offer", async () => {
    const intake = await intake2();
    // Before the start a freed place goes to the first reserve by itself: the page shows nothing to offer.
    expect((await intakePage("ld", intake.id)).freePlaces).toBeNull();

    // A second reserve, behind the demo's first.
    const scored = await applicationsTo(intake.id).where("shortlisted", "=", 1).where("decision", "is", null).orderBy("id").executeTakeFirstOrThrow();
    expect(await decide(scored, intake, "reserve", "A strong application: on the reserve list.", SYSTEM)).toMatchObject({ ok: true, status: "waitlisted" });
    const first = await applicationsTo(intake.id).where("decision", "=", "reserve").where("id", "!=", scored.id).executeTakeFirstOrThrow();
    const second = await applicationsTo(intake.id).where("id", "=", scored.id).executeTakeFirstOrThrow();
    expect(await placeOf(first.enrolment_id)).toEqual({ status: "waitlisted", waitlist_position: 1 });
    expect(await placeOf(second.enrolment_id)).toEqual({ status: "waitlisted", waitlist_position: 2 });

    // The degree began yesterday; then an offer is declined, and its place is not handed on by itself.
    await db().updateTable("cohorts").set({ starts_on: plusDays(londonToday(), -1) }).where("id", "=", intake.cohort_id).execute();
    const declining = await applicationsTo(intake.id).where("decision", "=", "offer").where("response", "is", null).executeTakeFirstOrThrow();
    expect(await respond(declining, false, SYSTEM)).toEqual({ ok: true });
    expect((await intakePage("ld", intake.id)).freePlaces).toEqual({ free: 1, waiting: 2 });

    // Someone without the panel's capability cannot offer it.
    expect((await offer("manager", intake.id)).status).toBe(403);
    expect(await placeOf(first.enrolment_id)).toEqual({ status: "waitlisted", waitlist_position: 1 });

    const offered = await offer("ld", intake.id);
    expect(offered).toMatchObject({ status: 200, data: { ok: true, count: 1 } });
    expect(await placeOf(first.enrolment_id)).toEqual({ status: "enrolled", waitlist_position: null });
    expect(await placeOf(second.enrolment_id)).toEqual({ status: "waitlisted", waitlist_position: 1 });
    const [promotion] = await promotions();
    expect(promotion.person_id).toBe(first.person_id);
    expect(promotion.actor_person_id).not.toBeNull();
    expect(await db().selectFrom("notices").select("message_key").where("person_id", "=", first.person_id).where("message_key", "=", "notices.decision.promoted").execute()).toHaveLength(1);
    expect((await intakePage("ld", intake.id)).freePlaces).toEqual({ free: 0, waiting: 1 });

    // Nothing left to offer: said so, in either language, and nobody else moves.
    expect(await offer("ld", intake.id)).toMatchObject({ status: 409, data: { ok: false, error: "intakes.errors.nothingToOffer" } });
    expect((await offer("ld", intake.id, "cy")).status).toBe(409);
    for (const locale of ["en-GB", "cy"] as const) {
      const t = fixedT(locale, PLUGIN_ID);
      for (const key of ["intakes.errors.nothingToOffer", "intakes.offer", "intakes.freePlaces", "intakes.reservesWaiting"]) expect(t(key)).not.toBe(key);
      expect(t("intakes.offered", { count: 1 })).toMatch(/1/);
    }
    expect(await placeOf(second.enrolment_id)).toEqual({ status: "waitlisted", waitlist_position: 1 });
    expect(await promotions()).toHaveLength(1);
  });
});
