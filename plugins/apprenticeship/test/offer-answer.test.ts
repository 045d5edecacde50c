// Declining an offer withdraws the place for good, so an answer must say "accepted" or "declined": one
// with no answer, or any other, is refused next to the offer's buttons and changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../../app/utils/auth.server";
import { db } from "../../../app/utils/db.server";
import { seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as home from "../routes/index";
import { apprenticeshipDb } from "../server/db.server";
import { renderedAfterPost } from "../../../tests/support/rendered-page";

beforeAll(seedDemo);

/** The demo's applicant with an offer still to answer, signed in: their application and a request maker. */
async function applicantWithAnOffer() {
  const application = await apprenticeshipDb()
    .selectFrom("apprenticeship_applications as a")
    .innerJoin("enrolments as e", "e.id", "a.enrolment_id")
    .innerJoin("people as p", "p.id", "a.person_id")
    .select(["a.id", "a.person_id", "a.enrolment_id", "p.email"])
    .where("a.decision", "=", "offer")
    .where("a.response", "is", null)
    .where("e.status", "=", "enrolled")
    .executeTakeFirstOrThrow();
  const [user] = await db().insertInto("users").values({ person_id: application.person_id, email: application.email, password_hash: "not-used", created_at: new Date().toISOString() }).returning("id").execute();
  await db().insertInto("user_roles").values({ user_id: user.id, role: "practitioner" }).execute();
  const cookie = (await startSession(user.id)).split(";")[0];
  const request = (path: string, init: RequestInit = {}) => new Request(`http://localhost${path}`, { ...init, headers: { Cookie: cookie } });
  return { application, request };
}

const answer = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams({ intent: "respond", ...fields }) });

describe("answering an offer", () => {
  it("refuses an answer that is neither accepted nor declined, says so next to the offer, and keeps the place", async () => {
    const { application, request } = await applicantWithAnOffer();
    const where = async () => ({
      response: (await apprenticeshipDb().selectFrom("apprenticeship_applications").select("response").where("id", "=", application.id).executeTakeFirstOrThrow()).response,
      enrolment: (await db().selectFrom("enrolments").select("status").where("id", "=", application.enrolment_id!).executeTakeFirstOrThrow()).status,
    });
    const unanswered: Record<string, string>[] = [{ application: String(application.id) }, { application: String(application.id), response: "maybe" }, { application: String(application.id), response: "" }];
    for (const fields of unanswered) {
      const refused = await run(home.action, await request("/programmes/apprenticeship", answer(fields)));
      expect(refused.status).toBe(400);
      expect(refused.data).toEqual({ intent: "respond", error: "offer.errors.response", application: application.id });
      expect(await where()).toEqual({ response: null, enrolment: "enrolled" });
    }

    // The page shows the reason in the error summary, linked to the offer's buttons, and beside them.
    const refused = await run(home.action, await request("/programmes/apprenticeship", answer({ application: String(application.id) })));
    for (const [locale, message] of [["en-GB", "Choose whether to accept or decline the offer"], ["cy", "Dewiswch a ydych am dderbyn neu wrthod y cynnig"]] as const) {
      const shown = await run(home.loader, await request(`/programmes/apprenticeship?lng=${locale}`));
      const html = await renderedAfterPost(home.default, shown.data, refused.data, locale);
      expect(html).toContain(`<a href="#response-${application.id}">${message}</a>`);
      expect(html).toMatch(new RegExp(`<p id="response-${application.id}-error" class="govuk-error-message">.*${message}</p>`));
      expect(html).toContain(`id="response-${application.id}" name="response" value="accepted" aria-describedby="response-${application.id}-error"`);
    }

    // Saying which is taken as said.
    expect((await run(home.action, await request("/programmes/apprenticeship", answer({ application: String(application.id), response: "accepted" })))).status).toBe(303);
    expect(await where()).toEqual({ response: "accepted", enrolment: "enrolled" });
  });
});
