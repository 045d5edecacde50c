// A Level 5 session's register refused, in real Chromium, in English and Welsh, with axe finding nothing:
// L&D's own attendance marked by a hand-made request (the page offers no controls on their own row), and a
// register saved for a session cancelled while the page was open (409).
import { describe, expect, it, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { expectRefusal, openPage, sendAlso } from "../../../tests/support/browser-refusals";
import { browserSuite } from "../../../tests/support/browser-suite";
import { personIdOf } from "../../../tests/support/fixtures";
import cy from "../locales/cy.json";
import enGB from "../locales/en-GB.json";
import { fullCohort, peopleNamed } from "./support";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();
const textOf = (locale: "en-GB" | "cy") => (locale === "cy" ? cy : enGB);

/** A cohort begun twenty days ago, both its sessions held, with a place for L&D and for two others named from `prefix`. */
async function heldCohortWithLearningTeamOnIt(prefix: string) {
  const ld = await personIdOf("ld");
  const { cohortId, places } = await fullCohort(`Registers refused (${prefix})`, -20, [ld, ...(await peopleNamed(prefix, 2))], []);
  const sessions = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).orderBy("starts_at").execute();
  return { sessions: sessions.map((s) => s.id), ownPlace: places.get(ld)! };
}

const marksOn = (sessionId: number) => db().selectFrom("attendance").select("enrolment_id").where("session_id", "=", sessionId).execute();
const SAVE_BUTTON = "button[name=intent][value=save]";
const SAVE = `main ${SAVE_BUTTON}`;

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("refuses L&D marking their own attendance by a hand-made request, passing axe", async () => {
    const { sessions, ownPlace } = await heldCohortWithLearningTeamOnIt(`REGOWN-${locale}`);
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await openPage(page, suite.url, `/programmes/leadership/sessions/${sessions[0]}/register`);
    expect(await page.locator(`main input[name=mark-${ownPlace}]`).count()).toBe(0);
    await sendAlso(page, `main form:has(${SAVE_BUTTON})`, `mark-${ownPlace}`, "present");
    await expectRefusal(page, SAVE, textOf(locale).register.errors.own);
    expect(await marksOn(sessions[0])).toEqual([]);
    await context.close();
  });

  it("refuses a register saved for a session cancelled meanwhile, passing axe", async () => {
    const { sessions } = await heldCohortWithLearningTeamOnIt(`REGCANCEL-${locale}`);
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await openPage(page, suite.url, `/programmes/leadership/sessions/${sessions[1]}/register`);
    await page.locator("main input[type=radio][value=present]").first().check();
    await db().updateTable("cohort_sessions").set({ status: "cancelled" }).where("id", "=", sessions[1]).execute();
    await expectRefusal(page, SAVE, textOf(locale).register.errors.notHeld);
    expect(await marksOn(sessions[1])).toEqual([]);
    await context.close();
  });
});
