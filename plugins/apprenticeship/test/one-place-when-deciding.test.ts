// One place on the apprenticeship a person: applying again was refused to someone holding a place, but the
// panel's decision was not, so a second offer (or a reserve place) gave them two places, counted twice and
// owing hours twice. The decision is refused (409) with the form and the feedback kept, in English and Welsh;
// a decline is still a decision. Their own page no longer offers "Apply" to another intake either: it names
// the place they hold instead.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as panelPage from "../routes/applications.$applicationId";
import * as home from "../routes/index";
import { applicationOf, apply, setShortlisted } from "../server/applications.server";
import { decide } from "../server/decide.server";
import { apprenticeshipDb } from "../server/db.server";
import { createIntake, intakeById, type Intake } from "../server/intakes.server";
import { addMonths } from "../server/ledger.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const ANSWERS = { statement: "I want to qualify as a social worker.", currentRole: "Family support worker", serviceMonths: 40, english: "held", maths: "held" } as const;

/** A new intake open for applications today, starting in `months`. */
async function openIntake(name: string, months: number): Promise<Intake> {
  const today = londonToday();
  const id = await createIntake({ name, university: "University of the Midlands", startsOn: addMonths(today, months), opensOn: addMonths(today, -1), closesOn: addMonths(today, 1), places: 3, criteria: "Values" }, SYSTEM);
  return (await intakeById(id))!;
}

/** The account's application to the intake, supported and shortlisted. */
async function shortlisted(intake: Intake, account: DemoAccount) {
  const personId = await personIdOf(account);
  expect(await apply(intake, personId, ANSWERS, SYSTEM)).toMatchObject({ ok: true });
  await apprenticeshipDb().updateTable("apprenticeship_applications").set({ manager_support: "given" }).where("intake_id", "=", intake.id).where("person_id", "=", personId).execute();
  const application = (await applicationOf(intake.id, personId))!;
  expect(await setShortlisted({ id: application.id, personId }, intake.cohort_id, true, SYSTEM)).toEqual({ ok: true, changed: true });
  return application;
}

const placesOf = (personId: number, cohortId: number) => db().selectFrom("enrolments").select("status").where("person_id", "=", personId).where("cohort_id", "=", cohortId).execute();
const decisionEvents = (applicationId: number) => db().selectFrom("audit_events").select("action").where("subject_type", "=", "apprenticeship_application").where("subject_id", "=", String(applicationId)).where("action", "like", "apprenticeship.decision.%").execute();

describe("a decision for someone who already holds a place on another intake", () => {
  let first: Intake;
  let second: Intake;
  let elsewhere: Awaited<ReturnType<typeof shortlisted>>;
  beforeAll(async () => {
    first = await openIntake("First intake", 5);
    second = await openIntake("Second intake", 7);
    // Applied to both while holding neither; then offered a place on the first.
    const onFirst = await shortlisted(first, "practitioner");
    elsewhere = await shortlisted(second, "practitioner");
    expect(await decide(onFirst, first, "offer", "A strong application.", SYSTEM)).toEqual({ ok: true, status: "enrolled" });
  });

  const path = (applicationId: number, locale: string) => `/programmes/${PLUGIN_ID}/applications/${applicationId}?lng=${locale}`;
  const post = async (applicationId: number, decision: string, locale = "en-GB") =>
    run(panelPage.action, await requestAs("ld", path(applicationId, locale), { method: "POST", body: new URLSearchParams({ intent: "decision", decision, feedback: "Strong values." }) }), { applicationId: String(applicationId) });

  it("refuses an offer or a reserve place (409) with the feedback kept, in English and Welsh, giving no second place", async () => {
    const personId = await personIdOf("practitioner");
    for (const decision of ["offer", "reserve"]) {
      const refused = await post(elsewhere.id, decision);
      expect(refused.status, decision).toBe(409);
      const reply = (refused.data as { intent: string; reply: { error: Record<string, string[]>; initialValue: Record<string, string> } }).reply;
      expect(reply.error, decision).toEqual({ "": ["decision.errors.holdsPlace"] });
      expect(reply.initialValue, decision).toMatchObject({ decision, feedback: "Strong values." });
    }
    expect(await placesOf(personId, second.cohort_id)).toEqual([]);
    expect(await decisionEvents(elsewhere.id)).toEqual([]);
    expect((await applicationOf(second.id, personId))!.decision).toBeNull();

    for (const locale of ["en-GB", "cy"] as const) {
      const t = fixedT(locale, PLUGIN_ID);
      expect(t("decision.errors.holdsPlace")).not.toBe("decision.errors.holdsPlace");
      const shown = await run(panelPage.loader, await requestAs("ld", path(elsewhere.id, locale)), { applicationId: String(elsewhere.id) });
      const html = decodeHtml(await renderedAfterPost(panelPage.default, shown.data, (await post(elsewhere.id, "offer", locale)).data, locale));
      expect(html, locale).toContain(t("decision.errors.holdsPlace"));
      // The form is still there, with the feedback typed.
      expect(html, locale).toContain("Strong values.");
    }
    expect(fixedT("cy", PLUGIN_ID)("decision.errors.holdsPlace")).not.toBe(fixedT("en-GB", PLUGIN_ID)("decision.errors.holdsPlace"));
  });

  it("still takes a decline", async () => {
    expect((await post(elsewhere.id, "decline")).status).toBe(303);
    expect((await applicationOf(second.id, await personIdOf("practitioner")))!.decision).toBe("decline");
  });
});

describe("the programme page of someone holding a place", () => {
  it("names their place instead of offering Apply for another open intake, in English and Welsh", async () => {
    const held = await openIntake("Held intake", 5);
    const other = await openIntake("Other open intake", 8);
    const application = await shortlisted(held, "asye");
    expect(await decide(application, held, "offer", "Well done.", SYSTEM)).toEqual({ ok: true, status: "enrolled" });
    for (const locale of ["en-GB", "cy"] as const) {
      const t = fixedT(locale, PLUGIN_ID);
      const shown = await run(home.loader, await requestAs("asye", `/programmes/${PLUGIN_ID}?lng=${locale}`));
      const intakes = (shown.data as { intakes: { id: number; placeHeld: string | null }[] }).intakes;
      expect(intakes.find((i) => i.id === other.id), locale).toMatchObject({ placeHeld: "Held intake" });
      const html = decodeHtml(await renderedAfterPost(home.default, shown.data, null, locale));
      expect(html, locale).not.toContain(`href="apply/${other.id}"`);
      expect(html, locale).not.toMatch(new RegExp(`href="[^"]*apply/${other.id}"`));
      expect(html, locale).toContain(t("home.placeHeld", { intake: "Held intake" }));
      expect(html, locale).toContain(`href="#my-applications"`);
    }
    // Someone without a place is still offered it.
    const withoutPlace = await run(home.loader, await requestAs("manager", `/programmes/${PLUGIN_ID}`));
    expect((withoutPlace.data as { intakes: { id: number; placeHeld: string | null }[] }).intakes.find((i) => i.id === other.id)).toMatchObject({ placeHeld: null });
  });
});
