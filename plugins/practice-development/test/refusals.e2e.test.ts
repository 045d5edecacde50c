// Practice development refusals in real Chromium, in English and Welsh, with axe finding nothing: a
// briefing confirmed at a version that is no longer current, a session's register saved for a session not
// of its cohort (a hand-made request) or cancelled while the page was open (409), and a rollout's close
// button sending an action the page does not know.
import { describe, expect, it, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { expectRefusal, openPage, sendInstead } from "../../../tests/support/browser-refusals";
import { browserSuite } from "../../../tests/support/browser-suite";
import { personIdOf, requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import cy from "../locales/cy.json";
import enGB from "../locales/en-GB.json";
import * as newSession from "../routes/briefings.sessions.new";
import { pdDb } from "../server/db.server";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();
const base = "/programmes/practice-development";
const textOf = (locale: "en-GB" | "cy") => (locale === "cy" ? cy : enGB);

/**
 * A new one-day session of a briefing, with places for two people, moved to yesterday so that it has been
 * held and keeps a register; `name` tells the calls apart.
 */
async function aSessionJustHeld(name: string) {
  // A briefing the seed already runs sessions of.
  const { briefing_id: briefing } = await pdDb().selectFrom("practice_development_cohorts").select("briefing_id").where("kind", "=", "briefing").orderBy("cohort_id").executeTakeFirstOrThrow();
  const inForty = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
  const fields = { kind: "briefing", briefing: String(briefing), name, firstDate: inForty, time: "10:00", durationMinutes: "90", days: "1", capacity: "20" };
  const made = await run(newSession.action, await requestAs("ld", `${base}/briefings/sessions/new`, { method: "POST", body: new URLSearchParams(fields) }));
  const cohortId = Number(made.headers.get("Location")!.match(/sessions\/(\d+)/)![1]);
  const people = await db().selectFrom("people").select("id").where("id", "!=", await personIdOf("ld")).orderBy("id").limit(2).execute();
  const stamp = new Date().toISOString();
  await db().insertInto("enrolments").values(people.map((p) => ({ cohort_id: cohortId, person_id: p.id, status: "enrolled" as const, waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp, updated_at: stamp }))).execute();
  const session = await db().selectFrom("cohort_sessions").select(["id", "starts_at", "ends_at"]).where("cohort_id", "=", cohortId).executeTakeFirstOrThrow();
  const startsAt = Date.now() - 86_400_000;
  const length = Date.parse(session.ends_at) - Date.parse(session.starts_at);
  await db().updateTable("cohort_sessions").set({ starts_at: new Date(startsAt).toISOString(), ends_at: new Date(startsAt + length).toISOString() }).where("id", "=", session.id).execute();
  return { id: session.id, cohortId };
}

const marksOn = (sessionId: number) => db().selectFrom("attendance").select("enrolment_id").where("session_id", "=", sessionId).execute();

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("refuses confirming a briefing at a version that is no longer current, passing axe", async () => {
    const briefing = await pdDb().selectFrom("practice_development_briefings").select(["id", "version"]).where("title", "=", "Private fostering").executeTakeFirstOrThrow();
    const { context, page } = await suite.signedIn("practitioner@demo.test", locale);
    await openPage(page, suite.url, `${base}/briefings/${briefing.id}`);
    const confirm = "main form:has(input[name=intent][value=confirm])";
    await sendInstead(page, `${confirm} input[name=version]`, String(briefing.version + 1));
    await expectRefusal(page, `${confirm} button`, textOf(locale).confirm.errors.notCurrent);
    const confirmed = await pdDb().selectFrom("practice_development_confirmations").select("id").where("briefing_id", "=", briefing.id).where("person_id", "=", await personIdOf("practitioner")).execute();
    expect(confirmed).toEqual([]);
    await context.close();
  });

  it("refuses a register for a session not of the cohort, and for one cancelled meanwhile beside it, passing axe", async () => {
    const text = textOf(locale).register.errors;
    const session = await aSessionJustHeld(`Register refused (${locale})`);
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    const cohortPage = `${base}/briefings/sessions/${session.cohortId}`;
    const register = `main form#register-${session.id}`;
    await openPage(page, suite.url, cohortPage);
    await sendInstead(page, `${register} input[name=session]`, "999999");
    await expectRefusal(page, `${register} button`, text.session);

    await openPage(page, suite.url, cohortPage);
    await db().updateTable("cohort_sessions").set({ status: "cancelled" }).where("id", "=", session.id).execute();
    await expectRefusal(page, `${register} button`, text.notHeld);
    expect(await page.locator(`.govuk-error-summary a[href='#session-${session.id}']`).textContent()).toBe(text.notHeld);
    expect(await page.textContent(`#session-${session.id}-error`)).toContain(text.notHeld);
    expect(await marksOn(session.id)).toEqual([]);
    await context.close();
  });

  it("refuses an action on a rollout that is neither closing nor reopening it, passing axe", async () => {
    const rollout = await pdDb().selectFrom("practice_development_rollouts").select("id").orderBy("id").executeTakeFirstOrThrow();
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await openPage(page, suite.url, `${base}/rollouts/${rollout.id}`);
    await sendInstead(page, "main form input[name=intent][value=close]", "archive");
    await expectRefusal(page, "main form:has(input[name=intent][value=archive]) button", textOf(locale).errors.unknownAction);
    expect((await pdDb().selectFrom("practice_development_rollouts").select("closed_at").where("id", "=", rollout.id).executeTakeFirstOrThrow()).closed_at).toBeNull();
    await context.close();
  });
});
