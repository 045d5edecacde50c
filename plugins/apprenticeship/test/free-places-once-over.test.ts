// Once an intake is over there is no degree left to join: the core gives nobody a place then, so the intake
// page says so instead of showing free places and an offer button, and an offer posted from a page shown
// before the end (an old form) answers that, moving, telling and auditing nobody.
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate as plusDays } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
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
const promotedNotices = (personId: number) => db().selectFrom("notices").select("id").where("person_id", "=", personId).where("message_key", "=", "notices.decision.promoted").execute();

/** The intake page as L&D get it, its data and its HTML, after `sent` was posted (or with nothing posted). */
async function intakePage(intakeId: number, locale: "en-GB" | "cy", sent?: Record<string, string>) {
  const path = `/programmes/apprenticeship/intakes/${intakeId}?lng=${locale}`;
  const params = { intakeId: String(intakeId) };
  const posted = sent ? await run(page.action, await requestAs("ld", path, { method: "POST", body: new URLSearchParams(sent) }), params) : null;
  const shown = await run(page.loader, await requestAs("ld", path), params);
  expect(shown.status).toBe(200);
  const html = decodeHtml(await renderedAfterPost(page.default, shown.data, posted?.data ?? null, locale));
  return { posted, data: shown.data as { freePlaces: unknown; over: boolean }, html };
}

/** The list of free places and reserves waiting: the page's only summary list. */
const FREE_PLACES_LIST = 'class="govuk-summary-list"';
const offerButtons = (html: string) => postForms(html, "http://localhost/page").filter((f) => f.fields.some(([name, value]) => name === "intent" && value === "offer"));

/**
 * Intake 2, begun yesterday with an offer then declined (a place free, a reserve waiting for it, and the
 * page offering it), then moved into the past so that it ended yesterday, with the place still free.
 */
async function overWithAPlaceFree() {
  const intake = await intake2();
  const reserve = await applicationsTo(intake.id).where("decision", "=", "reserve").executeTakeFirstOrThrow();
  expect(await placeOf(reserve.enrolment_id)).toEqual({ status: "waitlisted", waitlist_position: 1 });
  await db().updateTable("cohorts").set({ starts_on: plusDays(londonToday(), -1) }).where("id", "=", intake.cohort_id).execute();
  const declining = await applicationsTo(intake.id).where("decision", "=", "offer").where("response", "is", null).executeTakeFirstOrThrow();
  expect(await respond(declining, false, SYSTEM)).toEqual({ ok: true });
  const running = await intakePage(intake.id, "en-GB");
  expect(running.data.freePlaces).toEqual({ free: 1, waiting: 1 });
  expect(running.html).toContain(FREE_PLACES_LIST);
  expect(offerButtons(running.html)).toHaveLength(1);
  await db().updateTable("cohorts").set({ starts_on: plusDays(londonToday(), -1100), ends_on: plusDays(londonToday(), -1) }).where("id", "=", intake.cohort_id).execute();
  return { intake, reserve };
}

const auditCount = async () => Number((await db().selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

describe("free places once an intake is over", () => {
  let over: Awaited<ReturnType<typeof overWithAPlaceFree>>;
  beforeAll(async () => {
    over = await overWithAPlaceFree();
  });

  it("are not shown: the page says the intake is over, with no offer button, in English and Welsh", async () => {
    for (const locale of ["en-GB", "cy"] as const) {
      const t = fixedT(locale, PLUGIN_ID);
      const shown = await intakePage(over.intake.id, locale);
      expect(shown.data).toMatchObject({ freePlaces: null, over: true });
      expect(shown.html).toContain(t("intakes.over"));
      expect(shown.html).not.toContain(FREE_PLACES_LIST);
      expect(offerButtons(shown.html)).toHaveLength(0);
    }
    const [en, cy] = [fixedT("en-GB", PLUGIN_ID), fixedT("cy", PLUGIN_ID)];
    for (const key of ["intakes.over", "intakes.errors.intakeOver"]) {
      expect(en(key)).not.toBe(key);
      expect(cy(key)).not.toBe(key);
      expect(cy(key)).not.toBe(en(key));
    }
  });

  it("are not offered by a form from before the end: it says the intake is over, and nobody moves, is told or is audited", async () => {
    const auditedBefore = await auditCount();
    for (const locale of ["en-GB", "cy"] as const) {
      const t = fixedT(locale, PLUGIN_ID);
      const { posted, html } = await intakePage(over.intake.id, locale, { intent: "offer" });
      expect(posted).toMatchObject({ status: 409, data: { ok: false, error: "intakes.errors.intakeOver" } });
      expect(html).toContain(t("intakes.errors.intakeOver"));
      expect(html).not.toContain(t("intakes.errors.nothingToOffer"));
      expect(offerButtons(html)).toHaveLength(0);
    }
    expect(await placeOf(over.reserve.enrolment_id)).toEqual({ status: "waitlisted", waitlist_position: 1 });
    expect(await promotions()).toHaveLength(0);
    expect(await promotedNotices(over.reserve.person_id)).toHaveLength(0);
    expect(await auditCount()).toBe(auditedBefore);
  });
});
