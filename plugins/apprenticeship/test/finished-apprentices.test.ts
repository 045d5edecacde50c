// Apprentices who have registered as social workers have finished: a shortfall in hours or a review they
// finished with is history. Readiness, their own /me card and the manager's /team card say so, as the
// /admin counts do.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import * as team from "../../../app/routes/team._index";
import { readinessFor } from "../../../app/services/readiness.server";
import { startSession } from "../../../app/utils/auth.server";
import { formatDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import { apprenticeshipDb } from "../server/db.server";
import { addMonths } from "../server/ledger.server";
import { TEAM_CARD_ROWS } from "../server/widgets.server";

const today = londonToday();
let made = 0;

/** A new apprentice in the demo manager's line, on a cohort that started this long ago, never reviewed and with no hours logged. */
async function apprenticeInManagersLine(family: string, startedMonthsAgo: number, registeredMonthsAgo?: number) {
  const stamp = new Date().toISOString();
  const managerId = await personIdOf("manager");
  const { team_id: teamId } = await db().selectFrom("people").select("team_id").where("id", "=", managerId).executeTakeFirstOrThrow();
  const startsOn = addMonths(today, -startedMonthsAgo);
  const n = (made += 1);
  const [cohort] = await db()
    .insertInto("cohorts")
    .values({ programme_id: PLUGIN_ID, name: `Finished test intake ${n}`, starts_on: startsOn, ends_on: addMonths(startsOn, 36), capacity: 1, enrolment_opens_on: null, enrolment_closes_on: null, venue: "University of the Midlands", online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })
    .returning("id")
    .execute();
  const [person] = await db()
    .insertInto("people")
    .values(newPerson({ employee_number: `FIN${n}`, given_name: "Finley", family_name: family, email: `fin${n}@finished.test`, team_id: teamId }, { line_manager_id: managerId, role_category: "social_care_officer" }))
    .returning("id")
    .execute();
  const registered = registeredMonthsAgo !== undefined;
  await db().insertInto("enrolments").values({ cohort_id: cohort.id, person_id: person.id, status: registered ? "completed" : "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp, updated_at: stamp }).execute();
  if (registered) {
    const registeredOn = addMonths(today, -registeredMonthsAgo);
    await apprenticeshipDb().insertInto("apprenticeship_completions").values({ person_id: person.id, gateway_on: null, degree_outcome: "upper_second", degree_on: addMonths(registeredOn, -1), registered_on: registeredOn, registration_number: `SW9${n}`, updated_at: stamp }).execute();
  }
  return person.id;
}

type Widgets = { widgets: { id: string; body?: string; rows?: { label: string; value: string }[] }[] };
/** A request from this person, signed in as a practitioner. */
async function requestAsPerson(personId: number, path: string) {
  const { email } = await db().selectFrom("people").select("email").where("id", "=", personId).executeTakeFirstOrThrow();
  const [user] = await db().insertInto("users").values({ person_id: personId, email, password_hash: "not-used", created_at: new Date().toISOString() }).returning("id").execute();
  await db().insertInto("user_roles").values({ user_id: user.id, role: "practitioner" }).execute();
  const cookie = (await startSession(user.id)).split(";")[0];
  return (query = "") => new Request(`http://localhost${path}${query}`, { headers: { Cookie: cookie } });
}

const teamCard = async (query = "") => (((await run(team.loader, await requestAs("manager", `/team${query}`))).data as Widgets).widgets.find((w) => w.id === "apprenticeship-team"));

beforeAll(seedDemo);

describe("an apprentice who has registered as a social worker", () => {
  it("no longer has off-the-job hours or reviews counted against them in readiness", async () => {
    // Three years in, registered six months ago: no hours were ever logged and no review held.
    const finished = await apprenticeInManagersLine("Finished", 42, 6);
    for (const [locale, reasons] of [
      ["en-GB", { otj: "No longer owed: registered as a social worker on", review: "No more reviews: registered as a social worker on" }],
      ["cy", { otj: "Nid oes eu hangen mwyach: cofrestrwyd fel gweithiwr cymdeithasol ar", review: "Dim rhagor o adolygiadau: cofrestrwyd fel gweithiwr cymdeithasol ar" }],
    ] as const) {
      const items = (await readinessFor([finished], locale)).get(finished)!.filter((i) => i.source === "apprenticeship");
      const otj = items.find((i) => i.requirementId === "off-the-job")!;
      const review = items.find((i) => i.requirementId === "review")!;
      expect(otj).toMatchObject({ status: "not_applicable" });
      expect(otj.reason.startsWith(reasons.otj)).toBe(true);
      expect(review).toMatchObject({ status: "not_applicable" });
      expect(review.reason.startsWith(reasons.review)).toBe(true);
      expect(items.find((i) => i.requirementId === "registration")).toMatchObject({ status: "met" });
    }
    // A current apprentice with the same history is still behind and overdue.
    const current = await apprenticeInManagersLine("Current", 18);
    const items = (await readinessFor([current], "en-GB")).get(current)!.filter((i) => i.source === "apprenticeship");
    expect(items.find((i) => i.requirementId === "off-the-job")).toMatchObject({ status: "not_met" });
    expect(items.find((i) => i.requirementId === "review")).toMatchObject({ status: "not_met" });
  });
});

describe("a registered apprentice's own /me card", () => {
  it("says they finished and when, with no review or hours due", async () => {
    // Registered two months ago, having never logged an hour nor had a review: a card with a review date
    // would show it overdue for good.
    const finished = await apprenticeInManagersLine("Registered", 40, 2);
    // Out of the manager's line, so the /team card's count below is of its own people only.
    await db().updateTable("people").set({ line_manager_id: null }).where("id", "=", finished).execute();
    const registeredOn = addMonths(today, -2);
    const request = await requestAsPerson(finished, "/me");
    for (const [query, locale, expected] of [
      ["", "en-GB", `You finished your degree apprenticeship and registered as a social worker on ${formatDate(registeredOn, "en-GB")}. No more off-the-job hours or progress reviews are due.`],
      ["?lng=cy", "cy", `Rydych wedi gorffen eich prentisiaeth gradd ac wedi cofrestru fel gweithiwr cymdeithasol ar ${formatDate(registeredOn, "cy")}. Nid oes rhagor o oriau hyfforddiant i ffwrdd o'r gwaith nac adolygiadau cynnydd yn ddyledus.`],
    ] as const) {
      const card = ((await run(me.loader, request(query))).data as Widgets & { widgets: { action?: unknown }[] }).widgets.find((w) => w.id === "apprenticeship-me");
      expect(card, locale).toBeDefined();
      expect(card!.body).toBe(expected);
      // Neither the review date nor the hours, nor the prompt to log more.
      expect(card!.rows ?? []).toEqual([]);
      expect((card as { action?: unknown }).action).toBeUndefined();
    }
  });
});

describe("the manager's /team card", () => {
  it("lists current apprentices only, counts those who have finished, and shows a bounded number", async () => {
    const card = await teamCard();
    const labels = card!.rows!.map((r) => r.label);
    expect(labels).toContain("Finley Current");
    expect(labels).not.toContain("Finley Finished");
    expect(card!.body).toBe("1 apprentice in your team has finished and registered as a social worker.");
    expect((await teamCard("?lng=cy"))!.body).toBe("Mae 1 o brentisiaid yn eich tîm wedi gorffen ac wedi cofrestru fel gweithwyr cymdeithasol.");

    // More current apprentices than the card holds: those needing attention come first, and the rest are counted.
    const before = labels.length;
    // Starting today, so on track; their names come first, and would push the one behind off the card.
    for (let i = 0; i < TEAM_CARD_ROWS; i += 1) await apprenticeInManagersLine(`Able${String(i).padStart(2, "0")}`, 0);
    const full = (await teamCard())!;
    expect(full.rows).toHaveLength(TEAM_CARD_ROWS);
    expect(full.rows!.map((r) => r.label)).toContain("Finley Current");
    expect(full.body).toBe(`Showing ${TEAM_CARD_ROWS} of ${before + TEAM_CARD_ROWS} current apprentices, those needing attention first. 1 apprentice in your team has finished and registered as a social worker.`);
    expect((await teamCard("?lng=cy"))!.body).toMatch(new RegExp(`^Yn dangos ${TEAM_CARD_ROWS} o ${before + TEAM_CARD_ROWS} o brentisiaid presennol`));
  });
});
