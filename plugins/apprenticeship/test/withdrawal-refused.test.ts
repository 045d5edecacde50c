// A withdrawal refused: from a page drawn before the place changed (409, nothing changed, the reason kept
// and the page redrawn from the place as it now is), without a reason or with one too long (beside the
// field and in the summary), for a registered apprentice, and from anyone but L&D or for L&D's own place.
// Through the real confirmation page and its action, the refused page rendered as the server renders it,
// in English and Welsh.
import { beforeAll, describe, expect, it } from "vitest";
import { withdraw } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { isRefusal } from "../../../app/utils/refused-form";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets, hasElementWithId, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run, type Outcome } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as withdrawPage from "../routes/places.$enrolmentId.withdraw";
import { apprenticeshipDb } from "../server/db.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const path = (enrolmentId: number) => `/programmes/${PLUGIN_ID}/places/${enrolmentId}/withdraw`;
const placeOf = (enrolmentId: number) => db().selectFrom("enrolments").selectAll().where("id", "=", enrolmentId).executeTakeFirstOrThrow();
const withdrawals = () => db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.withdrawn").execute();

async function open(who: DemoAccount, enrolmentId: number, lng = "en-GB") {
  return run(withdrawPage.loader, await requestAs(who, `${path(enrolmentId)}?lng=${lng}`), { enrolmentId: String(enrolmentId) });
}

async function send(who: DemoAccount, enrolmentId: number, fields: Record<string, string>, lng = "en-GB") {
  return run(withdrawPage.action, await requestAs(who, `${path(enrolmentId)}?lng=${lng}`, { method: "POST", body: new URLSearchParams(fields) }), { enrolmentId: String(enrolmentId) });
}

const shownOn = async (enrolmentId: number) => ((await open("ld", enrolmentId)).data as { shown: string }).shown;

/** The page after a refused post, drawn afresh from the place as it now is (without JavaScript, or after a 409's reload). */
async function pageAfter(enrolmentId: number, refused: Outcome, lng: "en-GB" | "cy") {
  const html = decodeHtml(await renderedAfterPost(withdrawPage.default, (await open("ld", enrolmentId, lng)).data, refused.data, lng));
  return { html, form: postForms(html, `http://localhost${path(enrolmentId)}`)[0] };
}

/** A place on an intake by its holder's application's stage in the demo: the reserve, or the offer not yet answered. */
async function demoPlace(decision: "reserve" | "offer") {
  const row = await apprenticeshipDb()
    .selectFrom("apprenticeship_applications as a")
    .innerJoin("apprenticeship_intakes as i", "i.id", "a.intake_id")
    .innerJoin("cohorts as c", "c.id", "i.cohort_id")
    .select(["a.enrolment_id"])
    .where("c.name", "=", "Intake 2")
    .where("a.decision", "=", decision)
    .where("a.response", "is", null)
    .executeTakeFirstOrThrow();
  return row.enrolment_id!;
}

describe("a withdrawal refused", () => {
  it("from a page drawn before the place changed is a 409 that changes nothing, keeps the reason and offers the place as it now is", async () => {
    const reserve = await demoPlace("reserve");
    const older = await shownOn(reserve);
    // Meanwhile the offer is given up before the start, and the place goes to this reserve.
    expect(await withdraw(await demoPlace("offer"), "Changed their mind.", SYSTEM, { promote: true })).toMatchObject({ ok: true });
    const promoted = await placeOf(reserve);
    expect(promoted.status).toBe("enrolled");
    const events = await withdrawals();

    const refused = await send("ld", reserve, { reason: "No longer wishes to wait.", shown: older });
    expect(refused.status).toBe(409);
    expect(isRefusal(refused.data)).toBe(true);
    expect((refused.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ "": ["withdraw.errors.changedMeanwhile"] });
    expect(await placeOf(reserve)).toEqual(promoted);
    expect(await withdrawals()).toEqual(events);
    // A form that does not say what its page showed is refused the same way.
    expect((await send("ld", reserve, { reason: "No longer wishes to wait." })).status).toBe(409);
    expect(await placeOf(reserve)).toEqual(promoted);

    for (const lng of ["en-GB", "cy"] as const) {
      const { html, form } = await pageAfter(reserve, refused, lng);
      expect(html).toContain(lng === "en-GB" ? "Their place has changed since this page was shown" : "Mae eu lle wedi newid");
      // The place came to the reserve as an offer, which they have not answered yet.
      expect(html).toContain(lng === "en-GB" ? "Offered a place, waiting for them to accept or decline it" : "Wedi cael cynnig lle, yn aros iddynt ei dderbyn neu ei wrthod");
      // The reason typed is kept, and the form now carries the place as it is.
      expect(form.fields).toContainEqual(["reason", "No longer wishes to wait."]);
      expect(form.fields).toContainEqual(["shown", `enrolled@${promoted.updated_at}`]);
    }
    // Sent again from the page as it now is, it is taken.
    const { form } = await pageAfter(reserve, refused, "en-GB");
    expect((await send("ld", reserve, Object.fromEntries(form.fields))).status).toBe(303);
    expect(await placeOf(reserve)).toMatchObject({ status: "withdrawn", reason: "No longer wishes to wait." });
  });

  it("without a reason, or with one too long, says so beside the field and in the summary", async () => {
    const { id: placeId } = await db().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select("e.id").where("c.name", "=", "Intake 1").where("e.status", "=", "enrolled").orderBy("e.id").executeTakeFirstOrThrow();
    const before = await placeOf(placeId);
    const shown = await shownOn(placeId);
    const cases = [
      { reason: "   ", en: "Enter why they are leaving", cy: "Rhowch pam maen nhw'n gadael" },
      { reason: "x".repeat(501), en: "The reason must be 500 characters or fewer", cy: "Rhaid i'r rheswm fod yn 500 nod neu lai" },
    ];
    for (const { reason, ...message } of cases) {
      for (const lng of ["en-GB", "cy"] as const) {
        const refused = await send("ld", placeId, { reason, shown }, lng);
        expect(refused.status).toBe(400);
        expect(isRefusal(refused.data)).toBe(true);
        const { html } = await pageAfter(placeId, refused, lng);
        expect(errorSummaryTargets(html)).toEqual(["withdraw-reason"]);
        expect(hasElementWithId(html, "withdraw-reason")).toBe(true);
        expect(hasElementWithId(html, "withdraw-reason-error")).toBe(true);
        expect(html.split(message[lng === "en-GB" ? "en" : "cy"]).length - 1).toBe(2);
      }
    }
    expect(await placeOf(placeId)).toEqual(before);
  });

  it("for an apprentice who has registered as a social worker: nothing to withdraw", async () => {
    const { id: placeId, person_id: personId } = await db().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select(["e.id", "e.person_id"]).where("c.name", "=", "Intake 1").where("e.status", "=", "enrolled").orderBy("e.id", "desc").executeTakeFirstOrThrow();
    const shown = await shownOn(placeId);
    // Registered after the page was drawn: the withdrawal is refused, not written over the finished apprenticeship.
    await apprenticeshipDb().insertInto("apprenticeship_completions").values({ person_id: personId, gateway_on: null, degree_outcome: "upper_second", degree_on: "2025-06-01", registered_on: "2025-07-01", registration_number: "SW123456", updated_at: new Date().toISOString() }).execute();
    const before = await placeOf(placeId);
    const refused = await send("ld", placeId, { reason: "Finished.", shown });
    expect(refused.status).toBe(409);
    expect((refused.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ "": ["withdraw.errors.finished"] });
    expect(await placeOf(placeId)).toEqual(before);
    const page = await open("ld", placeId);
    expect(page.data).toMatchObject({ view: "finished" });
    expect(postForms(await renderedAfterPost(withdrawPage.default, page.data, null), "http://localhost/")).toEqual([]);
  });

  it("for anyone but L&D, or for L&D's own place, or a place on another programme", async () => {
    const { id: placeId } = await db().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select("e.id").where("c.name", "=", "Intake 2").where("e.status", "=", "enrolled").executeTakeFirstOrThrow();
    const before = await placeOf(placeId);
    const events = await withdrawals();
    const shown = await shownOn(placeId);
    for (const who of ["manager", "practitioner", "serviceManager"] as const) {
      expect((await open(who, placeId)).status).toBe(403);
      expect((await send(who, placeId, { reason: "Left.", shown })).status).toBe(403);
    }
    expect(await placeOf(placeId)).toEqual(before);

    // L&D's own place on an intake: a colleague records their leaving, never they themselves.
    const stamp = new Date().toISOString();
    const { id: cohortId } = await db().selectFrom("cohorts").select("id").where("name", "=", "Intake 1").executeTakeFirstOrThrow();
    const [own] = await db().insertInto("enrolments").values({ cohort_id: cohortId, person_id: await personIdOf("ld"), status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp, updated_at: stamp }).returning("id").execute();
    expect((await open("ld", own.id)).status).toBe(404);
    expect((await send("ld", own.id, { reason: "Left.", shown: `enrolled@${stamp}` })).status).toBe(404);
    expect((await placeOf(own.id)).status).toBe("enrolled");
    expect((await open("admin", own.id)).status).toBe(200);

    // A place on another programme's cohort is not the apprenticeship's to withdraw.
    const other = await db().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select(["e.id", "e.status"]).where("c.programme_id", "!=", PLUGIN_ID).where("e.status", "=", "enrolled").executeTakeFirstOrThrow();
    expect((await open("ld", other.id)).status).toBe(404);
    expect((await send("ld", other.id, { reason: "Left.", shown: "x" })).status).toBe(404);
    expect((await placeOf(other.id)).status).toBe("enrolled");
    expect(await withdrawals()).toEqual(events);
  });
});
