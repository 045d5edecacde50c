// One place on the apprenticeship a person, when they accept. A reserve place is not a place held, so a
// reserve on one intake may be offered a place on another; when someone with an offer on the first declines
// it before the start, the engine gives their place to the first reserve without asking the plugin, and the
// reserve holds places on both. Each accept was taken, making them two apprentices. Now accepting either is
// refused on their page, in English and Welsh, while they hold the other; declining one is taken, and the
// other can then be accepted. The panel cannot give them a place on a third intake meanwhile.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as home from "../routes/index";
import { applicationOf, apply, setShortlisted } from "../server/applications.server";
import { decide } from "../server/decide.server";
import { apprenticeshipDb } from "../server/db.server";
import { createIntake, intakeById, type Intake } from "../server/intakes.server";
import { addMonths } from "../server/ledger.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const ANSWERS = { statement: "I want to qualify as a social worker.", currentRole: "Family support worker", serviceMonths: 40, english: "held", maths: "held" } as const;
const HOME = `/programmes/${PLUGIN_ID}`;

/** A new intake open for applications today, starting in `months`, with `places` funded places. */
async function openIntake(name: string, months: number, places: number): Promise<Intake> {
  const today = londonToday();
  const id = await createIntake({ name, university: "University of the Midlands", startsOn: addMonths(today, months), opensOn: addMonths(today, -1), closesOn: addMonths(today, 1), places, criteria: "Values" }, SYSTEM);
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

/** The account's answer to its offer on the intake, sent from its programme page. */
async function answer(account: DemoAccount, intake: Intake, response: "accepted" | "declined", locale = "en-GB") {
  const application = (await applicationOf(intake.id, await personIdOf(account)))!;
  const body = new URLSearchParams({ intent: "respond", application: String(application.id), response });
  return run(home.action, await requestAs(account, `${HOME}?lng=${locale}`, { method: "POST", body }));
}

const placesOf = async (personId: number, ...intakes: Intake[]) =>
  Object.fromEntries(
    await Promise.all(
      intakes.map(async (intake) => {
        const rows = await db().selectFrom("enrolments").select("status").where("person_id", "=", personId).where("cohort_id", "=", intake.cohort_id).execute();
        return [intake.name, rows.map((r) => r.status)];
      }),
    ),
  );
const responseOf = async (intake: Intake, personId: number) => (await applicationOf(intake.id, personId))!.response;
const acceptEvents = (personId: number) => db().selectFrom("audit_events").select("subject_id").where("action", "=", "apprenticeship.offer.accepted").where("person_id", "=", personId).execute();

describe("a reserve on one intake offered a place on another, then moved up", () => {
  let first: Intake;
  let second: Intake;
  let third: Intake;
  let onThird: Awaited<ReturnType<typeof shortlisted>>;
  let reserve: number;
  beforeAll(async () => {
    first = await openIntake("First intake", 5, 1);
    second = await openIntake("Second intake", 7, 3);
    third = await openIntake("Third intake", 9, 3);
    reserve = await personIdOf("practitioner");
    const offeredOnFirst = await shortlisted(first, "asye");
    const reserveOnFirst = await shortlisted(first, "practitioner");
    const onSecond = await shortlisted(second, "practitioner");
    // Applied to a third intake too, while holding no place.
    onThird = await shortlisted(third, "practitioner");
    expect(await decide(offeredOnFirst, first, "offer", "Well done.", SYSTEM)).toEqual({ ok: true, status: "enrolled" });
    expect(await decide(reserveOnFirst, first, "reserve", "Close.", SYSTEM)).toEqual({ ok: true, status: "waitlisted" });
    // A reserve place is not a place held: the second intake's panel may offer them one.
    expect(await decide(onSecond, second, "offer", "Well done.", SYSTEM)).toEqual({ ok: true, status: "enrolled" });
    // The first intake's offer is declined before its start: the engine moves the reserve up.
    expect((await answer("asye", first, "declined")).status).toBe(303);
    expect(await placesOf(reserve, first, second)).toEqual({ "First intake": ["enrolled"], "Second intake": ["enrolled"] });
  });

  it("refuses accepting either place while they hold the other, on their page in English and Welsh", async () => {
    for (const intake of [first, second]) {
      const refused = await answer("practitioner", intake, "accepted");
      expect(refused.status, intake.name).toBe(400);
      const answered = (await applicationOf(intake.id, await personIdOf("practitioner")))!;
      expect(refused.data, intake.name).toMatchObject({ intent: "respond", error: "offer.errors.holdsPlace", application: answered.id });
      expect(await responseOf(intake, reserve), intake.name).toBeNull();
    }
    expect(await acceptEvents(reserve)).toEqual([]);

    for (const locale of ["en-GB", "cy"] as const) {
      const message = fixedT(locale, PLUGIN_ID)("offer.errors.holdsPlace");
      expect(message).not.toBe("offer.errors.holdsPlace");
      const refused = await answer("practitioner", first, "accepted", locale);
      const shown = await run(home.loader, await requestAs("practitioner", `${HOME}?lng=${locale}`));
      expect(decodeHtml(await renderedAfterPost(home.default, shown.data, refused.data, locale)), locale).toContain(message);
    }
    expect(fixedT("cy", PLUGIN_ID)("offer.errors.holdsPlace")).not.toBe(fixedT("en-GB", PLUGIN_ID)("offer.errors.holdsPlace"));
  });

  it("gives them no place on a third intake meanwhile", async () => {
    for (const decision of ["offer", "reserve"] as const) {
      expect(await decide(onThird, third, decision, "Strong.", SYSTEM), decision).toEqual({ ok: false, error: "decision.errors.holdsPlace" });
    }
    expect(await placesOf(reserve, third)).toEqual({ "Third intake": [] });
  });

  it("takes their decline of one, and then their acceptance of the other", async () => {
    expect((await answer("practitioner", first, "declined")).status).toBe(303);
    expect((await answer("practitioner", second, "accepted")).status).toBe(303);
    expect(await placesOf(reserve, first, second)).toEqual({ "First intake": ["withdrawn"], "Second intake": ["enrolled"] });
    expect([await responseOf(first, reserve), await responseOf(second, reserve)]).toEqual(["declined", "accepted"]);
  });
});

describe("an apprentice who accepted a place, then is moved up from another intake's reserve list", () => {
  it("cannot accept the second place, and can decline it", async () => {
    const first = await openIntake("Earlier intake", 4, 1);
    const second = await openIntake("Later intake", 6, 3);
    const person = await personIdOf("manager");
    const offeredOnFirst = await shortlisted(first, "serviceManager");
    const reserveOnFirst = await shortlisted(first, "manager");
    const onSecond = await shortlisted(second, "manager");
    expect(await decide(offeredOnFirst, first, "offer", "Well done.", SYSTEM)).toMatchObject({ ok: true, status: "enrolled" });
    expect(await decide(reserveOnFirst, first, "reserve", "Close.", SYSTEM)).toMatchObject({ ok: true, status: "waitlisted" });
    expect(await decide(onSecond, second, "offer", "Well done.", SYSTEM)).toMatchObject({ ok: true, status: "enrolled" });
    // Accepted while only a reserve on the first intake: one place held.
    expect((await answer("manager", second, "accepted")).status).toBe(303);
    expect((await answer("serviceManager", first, "declined")).status).toBe(303);
    expect(await placesOf(person, first, second)).toEqual({ "Earlier intake": ["enrolled"], "Later intake": ["enrolled"] });

    const refused = await answer("manager", first, "accepted");
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ intent: "respond", error: "offer.errors.holdsPlace" });
    expect(await responseOf(first, person)).toBeNull();
    expect((await answer("manager", first, "declined")).status).toBe(303);
    expect(await placesOf(person, first, second)).toEqual({ "Earlier intake": ["withdrawn"], "Later intake": ["enrolled"] });
  });
});
