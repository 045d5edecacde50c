// An endorsement, a booking and an outcome each check the state the others change, under the person's
// lock and in the transaction that writes: a change made at the same moment is seen, never written over.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, personOutsideLineOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { bookWindow, decideEndorsement, rateStatement, recordOutcome, requestEndorsement, reviewStatement } from "../server/journey.server";
import { addWindow, candidate, clearJourney, startAfresh, form, placeOnTrack, shownRatings, statementIds } from "./support";

beforeAll(seedDemo);

type Errors = { error: Record<string, string[]> };
type Reply = { reply: Errors };
const SYSTEM = { userId: null, personId: null };
const TODAY = "2026-10-01";

let alex: number;
let auditBefore: number;

beforeEach(async () => {
  alex = await personIdOf("practitioner");
  auditBefore = await startAfresh(alex);
});

const auditSince = async (personId: number) =>
  (await db().selectFrom("audit_events").select(["action", "before_json", "after_json"]).where("person_id", "=", personId).where("id", ">", auditBefore).where("action", "like", "naas.%").orderBy("id").execute()).map((e) => ({
    action: e.action,
    before: e.before_json ? JSON.parse(e.before_json) : null,
    after: e.after_json ? JSON.parse(e.after_json) : null,
  }));

const bookAs = async (windowId: number) => {
  const { action } = await import("../routes/book");
  return run(action, await requestAs("practitioner", "/programmes/naas/book?track=practitioner", form({ window: String(windowId) })));
};

const personPage = async (account: "manager" | "ld", fields: Record<string, string>) => {
  const { action } = await import("../routes/people.$personId");
  return run(action, await requestAs(account, `/programmes/naas/people/${alex}?track=practitioner`, form(fields)), { personId: String(alex) });
};

/** Runs `change` the moment `work` first reads from `table`, giving it up to a second to finish. */
const whenTableFirstRead = <T>(table: "naas_candidates" | "naas_ratings", change: () => Promise<unknown>, work: () => Promise<T>) => whenFirstRead(new RegExp(`^select .*from "${table}"`, "is"), change, work, 1000);

describe("booking a window", () => {
  it("is still refused next to the field when not endorsed, already accredited, or the window is for another track, booking nothing", async () => {
    // Not (or no longer) endorsed is a change made by someone else since the page offered the windows: the
    // core's 409. A window of another track is what was sent, not a change meanwhile: a 400.
    const practitionerWindow = await addWindow();
    const supervisorWindow = await addWindow({ track: "supervisor" });
    await placeOnTrack(alex, { endorsement: "not_yet" });
    const notEndorsed = await bookAs(practitionerWindow);
    expect(notEndorsed.status).toBe(409);
    expect((notEndorsed.data as Errors).error).toEqual({ window: ["book.errors.notEndorsed"] });

    await naasDb().updateTable("naas_candidates").set({ endorsement: "endorsed", outcome: "accredited", outcome_on: "2026-09-01" }).where("person_id", "=", alex).execute();
    const accredited = await bookAs(practitionerWindow);
    expect(accredited.status).toBe(409);
    expect((accredited.data as Errors).error).toEqual({ window: ["book.errors.notEndorsed"] });

    await naasDb().updateTable("naas_candidates").set({ outcome: null, outcome_on: null }).where("person_id", "=", alex).execute();
    const otherTrack = await bookAs(supervisorWindow);
    expect(otherTrack.status).toBe(400);
    expect((otherTrack.data as Errors).error).toEqual({ window: ["book.errors.noWindow"] });

    expect((await candidate(alex, "practitioner"))!.window_id).toBeNull();
    expect(await auditSince(alex)).toEqual([]);
  });

  it("is not made on an endorsement the manager withdraws while it is being booked", async () => {
    const window = await addWindow();
    await placeOnTrack(alex);
    let withdrawal: Awaited<ReturnType<typeof personPage>> | undefined;
    const withdraw = async () => (withdrawal = await personPage("manager", { intent: "endorse", decision: "not_yet", note: "Not yet after all." }));

    const booking = await whenTableFirstRead("naas_candidates", withdraw, () => bookWindow(alex, "practitioner", window, TODAY, SYSTEM));

    // The booking holds Alex's place while it checks, so the withdrawal waits for it and is then refused
    // as too late: never a place booked on an endorsement that no longer stands.
    expect(booking).toEqual({ ok: true });
    expect(await candidate(alex, "practitioner")).toMatchObject({ window_id: window, endorsement: "endorsed" });
    expect(withdrawal!.status).toBe(409);
    expect((withdrawal!.data as Reply).reply.error).toEqual({ "": ["endorse.errors.booked"] });
    expect((await auditSince(alex)).map((e) => e.action)).toEqual(["naas.booked"]);
  });

  it("does not clear an accreditation recorded while the person moves to another window", async () => {
    // Both assessments fall after the booking's "today" and before the outcome's date.
    const first = await addWindow({ knowledgeOn: "2026-10-15", practiceOn: "2026-10-16" });
    const second = await addWindow({ knowledgeOn: "2026-10-15", practiceOn: "2026-10-16" });
    await placeOnTrack(alex, { window_id: first, booked_at: new Date().toISOString() });
    const accredit = () => personPage("ld", { intent: "outcome", outcome: "accredited", outcomeOn: "2026-10-20" });

    expect(await whenTableFirstRead("naas_candidates", accredit, () => bookWindow(alex, "practitioner", second, TODAY, SYSTEM))).toEqual({ ok: true });

    // The move was made first, and the accreditation recorded on it: not wiped by a booking that read
    // the place before it was recorded, leaving a CPD entry for an outcome the record no longer has.
    expect(await candidate(alex, "practitioner")).toMatchObject({ window_id: second, outcome: "accredited", outcome_on: "2026-10-20" });
    expect((await auditSince(alex)).map((e) => e.action)).toEqual(["naas.booked", "naas.outcome.accredited"]);
  });

  it("gives a window's last place to one of two people booking it at once", async () => {
    const window = await addWindow({ capacity: 1 });
    const other = await personOutsideLineOf(await personIdOf("manager"));
    await clearJourney(other);
    await placeOnTrack(alex);
    await placeOnTrack(other);
    // Booking needs eligibility as well as the endorsement: the other person is made a long-qualified social worker for the test.
    const asWas = await db().selectFrom("people").select(["role_category", "qualification_date"]).where("id", "=", other).executeTakeFirstOrThrow();
    await db().updateTable("people").set({ role_category: "social_worker", qualification_date: "2015-01-01" }).where("id", "=", other).execute();

    const results = await Promise.all([bookWindow(alex, "practitioner", window, TODAY, SYSTEM), bookWindow(other, "practitioner", window, TODAY, SYSTEM)]);

    await db().updateTable("people").set(asWas).where("id", "=", other).execute();
    expect(results).toEqual(expect.arrayContaining([{ ok: true }, { ok: false, error: "book.errors.full" }]));
    const booked = await naasDb().selectFrom("naas_candidates").select("person_id").where("window_id", "=", window).execute();
    expect(booked).toHaveLength(1);
    await clearJourney(other);
  });
});

describe("a manager's endorsement decision", () => {
  it("is refused, not stored, when the person books a window between the page's check and the decision", async () => {
    const window = await addWindow();
    await placeOnTrack(alex);
    let booking: Awaited<ReturnType<typeof bookWindow>> | undefined;
    const book = async () => (booking = await bookWindow(alex, "practitioner", window, TODAY, SYSTEM));

    // The page reads Alex's place (not yet booked) first; the booking lands before the decision is saved.
    const withdrawal = await whenTableFirstRead("naas_candidates", book, () => personPage("manager", { intent: "endorse", decision: "not_yet", note: "Not yet after all." }));

    expect(booking).toEqual({ ok: true });
    expect(withdrawal.status).toBe(409);
    expect((withdrawal.data as Reply).reply.error).toEqual({ "": ["endorse.errors.booked"] });
    expect(await candidate(alex, "practitioner")).toMatchObject({ window_id: window, endorsement: "endorsed" });
    expect((await auditSince(alex)).map((e) => e.action)).toEqual(["naas.booked"]);
  });
});

describe("a re-rating saved while the manager's endorsement is being decided", () => {
  it("waits for the decision, made on the ratings the page showed, then tells the endorsing manager", async () => {
    const [first] = await statementIds("kss-practitioner");
    await rateStatement(alex, first, 3, SYSTEM);
    const shown = await shownRatings(alex);
    const manager = { userId: await userIdOf("manager"), personId: await personIdOf("manager") };
    const noticesOfManager = async () => (await db().selectFrom("notices").select("id").where("person_id", "=", manager.personId).where("message_key", "=", "notices.ratingChangedAfterEndorsement").execute()).length;
    const noticesBefore = await noticesOfManager();
    const reRate = () => rateStatement(alex, first, 1, SYSTEM);

    // The decision has just compared the ratings it was shown with those stored when the re-rating arrives.
    const decided = await whenTableFirstRead("naas_ratings", reRate, () => decideEndorsement(alex, "practitioner", { decision: "endorsed", note: "Ready.", shownRatings: shown }, manager));

    // Decided first, on the ratings it saw; the re-rating after it sees the endorsement and says so.
    expect(decided).toEqual({ ok: true });
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: "endorsed" });
    expect((await auditSince(alex)).map((e) => e.action)).toEqual(["naas.rating.self", "naas.endorsement.endorsed", "naas.rating.self"]);
    expect(await noticesOfManager()).toBe(noticesBefore + 1);
  });
});

describe("asking to be endorsed", () => {
  it("does not clear an endorsement the manager gives while the request is being made", async () => {
    await placeOnTrack(alex, { endorsement: "not_yet", endorsement_note: "More evidence, please." });
    const shown = await shownRatings(alex);
    const endorse = () => decideEndorsement(alex, "practitioner", { decision: "endorsed", note: "Ready now.", shownRatings: shown }, SYSTEM);

    await whenTableFirstRead("naas_candidates", endorse, () => requestEndorsement(alex, "practitioner", SYSTEM));

    // The request was made first and the endorsement given after it: it stands.
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: "endorsed", endorsement_note: "Ready now." });
    expect((await auditSince(alex)).map((e) => e.action)).toEqual(["naas.endorsement.requested", "naas.endorsement.endorsed"]);
  });
});

describe("a manager's review of a rating", () => {
  it("is cleared by a re-rating saved while the review is being made, not kept on a rating it never saw", async () => {
    const [first] = await statementIds("kss-practitioner");
    await rateStatement(alex, first, 3, SYSTEM);
    const reRate = () => rateStatement(alex, first, 4, SYSTEM);

    expect(await whenTableFirstRead("naas_ratings", reRate, () => reviewStatement(alex, first, { review: "agree", rating: null, comment: null, shownRating: 3 }, SYSTEM))).toEqual({ ok: true });

    const rating = await naasDb().selectFrom("naas_ratings").selectAll().where("person_id", "=", alex).where("statement_id", "=", first).executeTakeFirstOrThrow();
    expect(rating).toMatchObject({ self_rating: 4, review: null, reviewed_at: null });
  });
});

describe("recording an assessment's outcome", () => {
  it("is still refused for someone with no assessment booked, storing nothing", async () => {
    await placeOnTrack(alex);
    const refused = await personPage("ld", { intent: "outcome", outcome: "accredited", outcomeOn: "2026-09-20" });
    expect(refused.status).toBe(400);
    expect((refused.data as Reply).reply.error).toEqual({ "": ["outcome.errors.notBooked"] });
    expect(await candidate(alex, "practitioner")).toMatchObject({ outcome: null, outcome_on: null });
    expect(await db().selectFrom("cpd_entries").select("id").where("person_id", "=", alex).where("source", "=", "naas").execute()).toEqual([]);
    expect(await auditSince(alex)).toEqual([]);
  });

  it("is refused at the date for a day before the booked simulated practice day, or for any day while it is still to come, storing nothing", async () => {
    const window = await addWindow({ knowledgeOn: "2026-09-01", practiceOn: "2026-09-08" });
    await placeOnTrack(alex, { window_id: window, booked_at: new Date().toISOString() });
    const dayBefore = await personPage("ld", { intent: "outcome", outcome: "accredited", outcomeOn: "2026-09-07" });
    expect(dayBefore.status).toBe(400);
    expect((dayBefore.data as Reply).reply.error).toEqual({ outcomeOn: ["outcome.errors.beforeAssessment"] });

    await naasDb().updateTable("naas_windows").set({ knowledge_on: "2099-03-01", practice_on: "2099-03-08" }).where("id", "=", window).execute();
    const stillToCome = await personPage("ld", { intent: "outcome", outcome: "not_yet_accredited", outcomeOn: "2026-09-20" });
    expect(stillToCome.status).toBe(400);
    expect((stillToCome.data as Reply).reply.error).toEqual({ outcomeOn: ["outcome.errors.beforeAssessment"] });

    expect(await candidate(alex, "practitioner")).toMatchObject({ outcome: null, outcome_on: null });
    expect(await db().selectFrom("cpd_entries").select("id").where("person_id", "=", alex).where("source", "=", "naas").execute()).toEqual([]);
    expect(await auditSince(alex)).toEqual([]);
  });

  it("is checked against the window the person moved to while it was being recorded", async () => {
    const first = await addWindow({ knowledgeOn: "2026-10-15" });
    const later = await addWindow({ knowledgeOn: "2026-10-25" });
    await placeOnTrack(alex, { window_id: first, booked_at: new Date().toISOString() });
    let recorded: Awaited<ReturnType<typeof recordOutcome>> | undefined;
    // After the first window's simulated practice day (22 October), before the later one's (1 November).
    const accredit = async () => (recorded = await recordOutcome(alex, "practitioner", "accredited", "2026-10-23", SYSTEM));

    expect(await whenTableFirstRead("naas_candidates", accredit, () => bookWindow(alex, "practitioner", later, TODAY, SYSTEM))).toEqual({ ok: true });

    // The move was made first: an outcome dated before the later window's assessment is not recorded on it.
    expect(recorded).toEqual({ ok: false, error: "outcome.errors.beforeAssessment" });
    expect(await candidate(alex, "practitioner")).toMatchObject({ window_id: later, outcome: null });
    expect((await auditSince(alex)).map((e) => e.action)).toEqual(["naas.booked"]);
  });

  it("audits what each of two outcomes recorded at once replaced: the later one replaced the earlier", async () => {
    const window = await addWindow({ knowledgeOn: "2026-09-01" });
    await placeOnTrack(alex, { window_id: window, booked_at: new Date().toISOString() });
    const notYet = () => recordOutcome(alex, "practitioner", "not_yet_accredited", "2026-09-20", SYSTEM);

    expect(await whenTableFirstRead("naas_candidates", notYet, () => recordOutcome(alex, "practitioner", "accredited", "2026-09-20", SYSTEM))).toEqual({ ok: true });

    // Whichever was stored last says it replaced the other, and is the outcome the record keeps.
    const [earlier, later] = await auditSince(alex);
    expect([earlier.action, later.action].sort()).toEqual(["naas.outcome.accredited", "naas.outcome.not_yet_accredited"]);
    expect(later.before).toMatchObject({ outcome: earlier.after.outcome });
    expect(await candidate(alex, "practitioner")).toMatchObject({ outcome: later.after.outcome });
  });
});
