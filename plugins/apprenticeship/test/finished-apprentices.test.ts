// Apprentices who have registered as social workers have finished: a shortfall in hours or a review they
// finished with is history. Readiness, their own /me card and the manager's /team card say so, as the
// /admin counts do. Their own apprenticeship page says they finished and takes no more hours.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import * as team from "../../../app/routes/team._index";
import { readinessFor } from "../../../app/services/readiness.server";
import { startSession } from "../../../app/utils/auth.server";
import { formatDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets, hasElementWithId, postForms } from "../../../tests/support/html-forms";
import { newPerson } from "../../../tests/support/new-person";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as home from "../routes/index";
import { NO_COMPLETION_YET, saveCompletion } from "../server/completion.server";
import { apprenticeshipDb } from "../server/db.server";
import { addMonths } from "../server/ledger.server";
import { weekOf } from "../server/progress.server";
import { TEAM_CARD_ROWS } from "../server/widgets.server";

const today = londonToday();
const SYSTEM = { userId: null, personId: null };
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
  // Placed before the intake began: hours and reviews are owed from its start.
  const placedAt = `${addMonths(startsOn, -1)}T12:00:00.000Z`;
  await db().insertInto("enrolments").values({ cohort_id: cohort.id, person_id: person.id, status: registered ? "completed" : "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: placedAt, updated_at: placedAt }).execute();
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
  return (query = "", init: RequestInit = {}) => new Request(`http://localhost${path}${query}`, { ...init, headers: { Cookie: cookie } });
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

describe("a registered apprentice's own apprenticeship page", () => {
  const HOME = "/programmes/apprenticeship";
  const hoursOf = (personId: number) => apprenticeshipDb().selectFrom("apprenticeship_otj").select(["week_of", "minutes", "activity"]).where("person_id", "=", personId).orderBy("id").execute();
  const logHours = (week: string) => ({ method: "POST", body: new URLSearchParams({ weekOf: week, hours: "6", activity: "Directed study" }) });
  /** An apprentice out of the manager's line, so the /team card's counts above stay its own. */
  async function ownApprentice(family: string, startedMonthsAgo: number, registeredMonthsAgo?: number) {
    const personId = await apprenticeInManagersLine(family, startedMonthsAgo, registeredMonthsAgo);
    await db().updateTable("people").set({ line_manager_id: null }).where("id", "=", personId).execute();
    return { personId, request: await requestAsPerson(personId, HOME) };
  }

  it("says they finished and when, with no hours due, review date or log form, and refuses hours they send", async () => {
    const { personId, request } = await ownApprentice("Homepage", 40, 2);
    const registeredOn = addMonths(today, -2);
    // Hours logged this week, before the page stopped taking them, stay on it as a record.
    await apprenticeshipDb().insertInto("apprenticeship_otj").values({ person_id: personId, week_of: weekOf(today), minutes: 420, activity: "Final placement write-up", created_at: new Date().toISOString() }).execute();
    const before = await hoursOf(personId);

    for (const [query, locale, said] of [
      ["", "en-GB", `You finished your degree apprenticeship and registered as a social worker on ${formatDate(registeredOn, "en-GB")}.`],
      ["?lng=cy", "cy", `Rydych wedi gorffen eich prentisiaeth gradd ac wedi cofrestru fel gweithiwr cymdeithasol ar ${formatDate(registeredOn, "cy")}.`],
    ] as const) {
      const shown = await run(home.loader, request(query));
      const own = (shown.data as { apprentice: Record<string, unknown> }).apprentice;
      expect(String(own.finished).startsWith(said), locale).toBe(true);
      for (const due of ["standing", "weekly", "reviewDue", "reviewOverdue", "behind"]) expect(own, `${locale} ${due}`).not.toHaveProperty(due);
      const html = await renderedAfterPost(home.default, shown.data, null, locale);
      expect(html).toContain(said);
      expect(postForms(html, `http://localhost${HOME}`).filter((f) => f.visible.has("weekOf") || f.visible.has("hours")), locale).toEqual([]);
      expect(html).toContain("Final placement write-up");
    }
    const html = await renderedAfterPost(home.default, (await run(home.loader, request())).data, null);
    expect(html).not.toContain("Next progress review");
    expect(html).not.toContain("Weekly minimum");
    expect(html).not.toContain("Log off-the-job hours");

    // Hours sent all the same (from a page opened before they registered) are refused, and nothing is stored.
    const refused = await run(home.action, request("", logHours(today)));
    expect(refused.status).toBe(400);
    // So is a post with the fields left empty: the page has no form to correct them in, only the reason.
    const empty = await run(home.action, request("", { method: "POST", body: new URLSearchParams() }));
    expect(empty.status).toBe(400);
    expect((empty.data as { reply: { error: Record<string, string[]> } }).reply.error[""]).toEqual(["otj.errors.finished"]);
    expect(await hoursOf(personId)).toEqual(before);
    const audited = await db().selectFrom("audit_events").select("id").where("action", "=", "apprenticeship.otj.logged").where("person_id", "=", personId).execute();
    expect(audited).toEqual([]);
    for (const [query, locale, message] of [
      ["", "en-GB", "You have registered as a social worker, so your apprenticeship has finished and no more off-the-job hours are logged. Your hours were not saved."],
      ["?lng=cy", "cy", "Rydych wedi cofrestru fel gweithiwr cymdeithasol, felly mae eich prentisiaeth wedi gorffen ac nid oes rhagor o oriau hyfforddiant i ffwrdd o'r gwaith yn cael eu cofnodi. Ni chafodd eich oriau eu cadw."],
    ] as const) {
      const page = await renderedAfterPost(home.default, (await run(home.loader, request(query))).data, refused.data, locale);
      // In the error summary, linked to the statement that they finished, and beside it.
      expect(errorSummaryTargets(page), locale).toEqual(["otj-finished"]);
      expect(hasElementWithId(page, "otj-finished"), locale).toBe(true);
      const beside = /<p id="otj-finished-error" class="govuk-error-message">([\s\S]*?)<\/p>/.exec(page)?.[1] ?? "";
      expect(decodeHtml(beside.replace(/<[^>]+>/g, "")), locale).toContain(message);
    }
  });

  it("shows no practice days still to do once they have finished, in either language", async () => {
    const { request } = await ownApprentice("Practice", 40, 2);
    for (const [query, locale, days, skills] of [
      ["", "en-GB", "0 of 30 days", "Skills days (30)"],
      ["?lng=cy", "cy", "0 o 30 diwrnod", "Diwrnodau sgiliau (30)"],
    ] as const) {
      const shown = await run(home.loader, request(query));
      expect((shown.data as { apprentice: Record<string, unknown> }).apprentice, locale).not.toHaveProperty("practice");
      const html = await renderedAfterPost(home.default, shown.data, null, locale);
      expect(html, locale).not.toContain(days);
      expect(html, locale).not.toContain(skills);
    }
  });

  it("refuses hours sent while their registration is being recorded, and stores none", async () => {
    const { personId, request } = await ownApprentice("Racing", 40);
    const registration = { gatewayOn: null, degreeOutcome: "upper_second", degreeOn: today, registeredOn: today, registrationNumber: "SW900" };
    // L&D record the registration just after the page first reads whether they have registered.
    const sent = await whenFirstRead(/from "apprenticeship_completions"/i, () => saveCompletion(personId, registration, SYSTEM, NO_COMPLETION_YET), () => run(home.action, request("", logHours(today))));
    expect(sent.status).toBe(400);
    expect((sent.data as { reply: { error: Record<string, string[]> } }).reply.error[""]).toEqual(["otj.errors.finished"]);
    expect(await hoursOf(personId)).toEqual([]);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "apprenticeship.otj.logged").where("person_id", "=", personId).execute()).toEqual([]);
  });

  it("still shows a current apprentice their hours and review, and takes the hours they log", async () => {
    const { personId, request } = await ownApprentice("Logging", 6);
    const shown = await run(home.loader, request());
    // Six months in with no hours and no review: behind, and the review overdue.
    expect((shown.data as { apprentice: Record<string, unknown> }).apprentice).toMatchObject({ finished: null, behind: true, reviewOverdue: true, reviewDue: expect.any(String) });
    const html = await renderedAfterPost(home.default, shown.data, null);
    expect(html).toContain("Next progress review");
    // Their practice days still to do, which a finished apprentice is not shown.
    expect(html).toContain("0 of 30 days");
    expect(postForms(html, `http://localhost${HOME}`).some((f) => f.visible.has("weekOf") && f.visible.has("hours") && f.visible.has("activity"))).toBe(true);

    const logged = await run(home.action, request("", logHours(today)));
    expect(logged.status).toBe(303);
    expect(await hoursOf(personId)).toEqual([expect.objectContaining({ minutes: 360, activity: "Directed study" })]);
  });
});
