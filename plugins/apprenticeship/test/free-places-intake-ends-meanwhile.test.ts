// An intake that ends while L&D's offer of its free places is on its way: the end lands just after the
// offer first reads whether the intake is over, before the cohort's lock is taken. Asked again under the
// lock, the offer says the intake is over (not that nobody was waiting), and moves, tells and audits nobody.
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate as plusDays } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as page from "../routes/intakes.$intakeId";
import { respond } from "../server/applications.server";
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
const promotions = () => db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.promoted_from_waiting_list").execute();
const noticesOf = (personId: number) => db().selectFrom("notices").select("id").where("person_id", "=", personId).execute();

describe("free places offered as the intake ends", () => {
  it("are not offered: the page says the intake is over, and nobody moves, is told or is audited", async () => {
    // Begun yesterday, then an offer declined: one place free and a reserve waiting for it.
    const intake = await intake2();
    const reserve = await applicationsTo(intake.id).where("decision", "=", "reserve").executeTakeFirstOrThrow();
    await db().updateTable("cohorts").set({ starts_on: plusDays(londonToday(), -1) }).where("id", "=", intake.cohort_id).execute();
    const declining = await applicationsTo(intake.id).where("decision", "=", "offer").where("response", "is", null).executeTakeFirstOrThrow();
    expect(await respond(declining, false, SYSTEM)).toEqual({ ok: true });
    expect(await placeOf(reserve.enrolment_id)).toEqual({ status: "waitlisted", waitlist_position: 1 });
    const noticesBefore = (await noticesOf(reserve.person_id)).length;

    const path = `/programmes/apprenticeship/intakes/${intake.id}`;
    const params = { intakeId: String(intake.id) };
    const offering = await requestAs("ld", path, { method: "POST", body: new URLSearchParams({ intent: "offer" }) });
    // The intake ends (its last day yesterday) just after the offer first reads whether it is over.
    const endIt = () => db().updateTable("cohorts").set({ starts_on: plusDays(londonToday(), -1100), ends_on: plusDays(londonToday(), -1) }).where("id", "=", intake.cohort_id).execute();
    const posted = await whenFirstRead(/select "ends_on" from "cohorts"/, endIt, () => run(page.action, offering, params));

    expect(posted).toMatchObject({ status: 409, data: { ok: false, error: "intakes.errors.intakeOver" } });
    const shown = await run(page.loader, await requestAs("ld", path), params);
    const html = decodeHtml(await renderedAfterPost(page.default, shown.data, posted.data, "en-GB"));
    const t = fixedT("en-GB", PLUGIN_ID);
    expect(html).toContain(t("intakes.errors.intakeOver"));
    expect(html).not.toContain(t("intakes.errors.nothingToOffer"));
    expect(await placeOf(reserve.enrolment_id)).toEqual({ status: "waitlisted", waitlist_position: 1 });
    expect(await promotions()).toHaveLength(0);
    expect(await noticesOf(reserve.person_id)).toHaveLength(noticesBefore);
  });
});
