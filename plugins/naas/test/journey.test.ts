// The readiness journey through the real loaders and actions: self-assessment with evidence, manager
// review, endorsement, booking, outcome; suggested evidence arriving through the core; scope.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import * as team from "../../../app/routes/team._index";
import { offerEvidence } from "../../../app/services/evidence.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, personOutsideLineOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { run } from "../../../tests/support/route";
import naas from "../plugin";
import { naasDb } from "../server/db.server";
import { addEvidence, rateStatement } from "../server/journey.server";
import { naasPersonalData } from "../server/personal-data.server";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { candidate, clearJourney, form, statementIds } from "./support";

beforeAll(seedDemo);

type Errors = { error: Record<string, string[]> };
const SYSTEM = { userId: null, personId: null };
const home = () => import("../routes/index");
const statementRoute = () => import("../routes/statements.$statementId");
const personRoute = () => import("../routes/people.$personId");
const reviewRoute = () => import("../routes/people.$personId.statements.$statementId");
const bookRoute = () => import("../routes/book");

describe("a practitioner's self-assessment", () => {
  it("shows their eligibility, score and what holds them back", async () => {
    const { loader } = await home();
    const page = (await run(loader, await requestAs("practitioner", "/programmes/naas"))).data as { tracks: { track: string; eligible: boolean; score: number; gaps: { reason: string }[]; statements: unknown[] }[] };
    const practitioner = page.tracks.find((t) => t.track === "practitioner")!;
    expect(practitioner.eligible).toBe(true);
    expect(practitioner.statements).toHaveLength(10);
    expect(practitioner.score).toBeGreaterThan(0);
    expect(practitioner.score).toBeLessThan(100);
    expect(practitioner.gaps.length).toBeGreaterThan(0);
    expect(page.tracks.find((t) => t.track === "supervisor")!.eligible).toBe(false);
  });

  it("tells an ineligible person why and from when", async () => {
    const { loader } = await home();
    const page = (await run(loader, await requestAs("asye", "/programmes/naas"))).data as { tracks: { track: string; eligible: boolean; eligibility: string }[] };
    const practitioner = page.tracks.find((t) => t.track === "practitioner")!;
    expect(practitioner.eligible).toBe(false);
    expect(practitioner.eligibility).toMatch(/^Eligible for the practitioner track from \d{1,2} \w+ \d{4}, when more than 2 years have passed since qualifying\.$/);
  });

  it("says what is wrong with a rating or evidence, next to the field, and saves good ones", async () => {
    const { action, loader } = await statementRoute();
    const [first] = await statementIds("kss-practitioner");
    const path = `/programmes/naas/statements/${first}`;
    const params = { statementId: String(first) };
    const noRating = await run(action, await requestAs("practitioner", path, form({ intent: "rating", rating: "7" })), params);
    expect((noRating.data as { reply: Errors }).reply.error).toEqual({ rating: ["statement.errors.rating"] });
    const badEvidence = await run(action, await requestAs("practitioner", path, form({ intent: "evidence", occurredOn: "2099-01-01", kind: "gossip", reflection: "  " })), params);
    expect((badEvidence.data as { reply: Errors }).reply.error).toEqual({ occurredOn: ["evidence.errors.future"], kind: ["evidence.errors.kind"], reflection: ["evidence.errors.reflectionRequired"] });
    expect((await run(action, await requestAs("practitioner", path, form({ intent: "rating", rating: "4" })), params)).status).toBe(303);
    expect((await run(action, await requestAs("practitioner", path, form({ intent: "evidence", occurredOn: "2026-10-10", kind: "supervision", reflection: "Talked through a strengths-based visit." })), params)).status).toBe(303);
    const page = (await run(loader, await requestAs("practitioner", path), params)).data as { selfRating: number; evidence: { reflection: string; kind: string }[] };
    expect(page.selfRating).toBe(4);
    expect(page.evidence.find((e) => e.reflection === "Talked through a strengths-based visit.")).toMatchObject({ kind: "supervision" });
  });

  it("does not let the ASYE assess against a track they are not eligible for", async () => {
    const { loader } = await statementRoute();
    const [first] = await statementIds("kss-practitioner");
    expect((await run(loader, await requestAs("asye", `/programmes/naas/statements/${first}`), { statementId: String(first) })).status).toBe(404);
  });
});

describe("suggested evidence from other programmes, through the core", () => {
  it("appears under the statement it maps to, and can be added or dismissed", async () => {
    const { action, loader } = await statementRoute();
    const alex = await personIdOf("practitioner");
    const sixth = (await statementIds("kss-practitioner"))[5];
    await offerEvidence({ personId: alex, source: "leadership", sourceRef: "course:permanence", statementRefs: ["kss-practitioner:6"], title: "Care Planning for Permanence", occurredOn: "2026-10-01" });
    await offerEvidence({ personId: alex, source: "leadership", sourceRef: "course:other", statementRefs: ["kss-practitioner:6"], title: "Something else", occurredOn: "2026-10-02" });
    const path = `/programmes/naas/statements/${sixth}`;
    const params = { statementId: String(sixth) };
    const before = (await run(loader, await requestAs("practitioner", path), params)).data as { offers: { id: number; title: string; programme: string }[]; evidence: unknown[] };
    expect(before.offers.map((o) => o.title).sort()).toEqual(["Care Planning for Permanence", "Something else"]);
    expect(before.offers[0].programme).toBe("Level 5 Leadership and Management");
    const permanence = before.offers.find((o) => o.title === "Care Planning for Permanence")!;
    const other = before.offers.find((o) => o.title === "Something else")!;
    await run(action, await requestAs("practitioner", path, form({ intent: "offer", offer: String(permanence.id), decision: "accepted" })), params);
    await run(action, await requestAs("practitioner", path, form({ intent: "offer", offer: String(other.id), decision: "dismissed" })), params);
    const after = (await run(loader, await requestAs("practitioner", path), params)).data as { offers: unknown[]; evidence: { reflection: string; fromOffer: boolean; kind: string }[] };
    expect(after.offers).toEqual([]);
    expect(after.evidence.length).toBe(before.evidence.length + 1);
    expect(after.evidence.find((e) => e.fromOffer)).toMatchObject({ reflection: "Care Planning for Permanence", kind: "course" });
    // Both decisions are the practitioner's personal data.
    const held = await naasPersonalData(pluginContext(naas, "en-GB"), alex);
    expect(held.offerDecisions.map((d) => [d.offer_id, d.decision])).toEqual(expect.arrayContaining([[permanence.id, "accepted"], [other.id, "dismissed"]]));
    // Someone else's offer cannot be decided by id.
    const stranger = await personIdOf("asye");
    await offerEvidence({ personId: stranger, source: "leadership", sourceRef: "x", statementRefs: ["kss-practitioner:6"], title: "Not yours", occurredOn: "2026-10-01" });
    const theirs = await db().selectFrom("evidence_offers").select("id").where("person_id", "=", stranger).executeTakeFirstOrThrow();
    const refused = await run(action, await requestAs("practitioner", path, form({ intent: "offer", offer: String(theirs.id), decision: "accepted" })), params);
    expect(refused.status).toBe(400);
  });

  it("reads in each reader's language when the offering programme gave a Welsh title, whichever language it was accepted in", async () => {
    const { action, loader } = await statementRoute();
    const alex = await personIdOf("practitioner");
    const sixth = (await statementIds("kss-practitioner"))[5];
    await offerEvidence({ personId: alex, source: "leadership", sourceRef: "course:both-languages", statementRefs: ["kss-practitioner:6"], title: "Leading in English", titleCy: "Arwain yn Gymraeg", occurredOn: "2026-10-03" });
    const path = `/programmes/naas/statements/${sixth}?lng=cy`;
    const params = { statementId: String(sixth) };
    const offers = ((await run(loader, await requestAs("practitioner", path), params)).data as { offers: { id: number; title: string }[] }).offers;
    const welsh = offers.find((o) => o.title === "Arwain yn Gymraeg")!;
    expect(welsh).toBeDefined();
    const english = ((await run(loader, await requestAs("practitioner", path.replace("?lng=cy", "")), params)).data as { offers: { id: number; title: string }[] }).offers;
    expect(english.find((o) => o.id === welsh.id)?.title).toBe("Leading in English");
    await run(action, await requestAs("practitioner", path, form({ intent: "offer", offer: String(welsh.id), decision: "accepted" })), params);

    // Accepted by a Welsh reader, the evidence still reads in English to an English reader, the person or
    // their manager, and in Welsh to a Welsh one.
    const accepted = async (account: "practitioner" | "manager", lng: string) => {
      const own = account === "practitioner";
      const { loader: read } = own ? await statementRoute() : await reviewRoute();
      const at = own ? `/programmes/naas/statements/${sixth}${lng}` : `/programmes/naas/people/${alex}/statements/${sixth}${lng}`;
      const page = (await run(read, await requestAs(account, at), own ? params : { ...params, personId: String(alex) })).data as { evidence: { reflection: string; fromOffer: boolean }[] };
      return page.evidence.filter((e) => e.fromOffer).map((e) => e.reflection);
    };
    const expectEachInTheirLanguage = async () => {
      const [own, ownCy, manager] = [await accepted("practitioner", ""), await accepted("practitioner", "?lng=cy"), await accepted("manager", "")];
      expect(own).toContain("Leading in English");
      expect(own).not.toContain("Arwain yn Gymraeg");
      expect(ownCy).toContain("Arwain yn Gymraeg");
      expect(ownCy).not.toContain("Leading in English");
      expect(manager).toContain("Leading in English");
      expect(manager).not.toContain("Arwain yn Gymraeg");
    };
    await expectEachInTheirLanguage();

    // Evidence accepted in Welsh before it was worded from the offer reads the same way.
    await naasDb().updateTable("naas_evidence").set({ reflection: "Arwain yn Gymraeg" }).where("offer_id", "=", welsh.id).execute();
    await expectEachInTheirLanguage();
  });
});

describe("from self-assessment to accreditation", () => {
  it("runs end to end: request, review, endorse, book, outcome, with the manager's inbox and a CPD entry", async () => {
    const alex = await personIdOf("practitioner");
    const statements = await statementIds("kss-practitioner");
    await clearJourney(alex);
    for (const id of statements) {
      await rateStatement(alex, id, 3, SYSTEM);
      await addEvidence(alex, id, { occurredOn: "2026-10-01", kind: "case_work", reflection: "Evidence." }, SYSTEM);
    }
    const homePage = await home();
    expect((await run(homePage.action, await requestAs("practitioner", "/programmes/naas", form({ track: "supervisor" })))).status).toBe(400);
    expect((await run(homePage.action, await requestAs("practitioner", "/programmes/naas", form({ track: "practitioner" })))).status).toBe(303);

    // The request waits in the manager's inbox and the service manager's.
    for (const who of ["manager", "serviceManager"] as const) {
      const inbox = ((await run(team.loader, await requestAs(who, "/team"))).data as { inbox: { personId: number; what: string; href: string }[] }).inbox;
      expect(inbox.find((i) => i.personId === alex)).toMatchObject({ what: "NAAS endorsement and review (practitioner)", href: `/programmes/naas/people/${alex}?track=practitioner` });
    }

    // The manager reviews one statement lower, with a comment; without one they are told.
    const review = await reviewRoute();
    const reviewPath = `/programmes/naas/people/${alex}/statements/${statements[2]}`;
    const reviewParams = { personId: String(alex), statementId: String(statements[2]) };
    const noComment = await run(review.action, await requestAs("manager", reviewPath, form({ review: "differ" })), reviewParams);
    expect((noComment.data as Errors).error).toEqual({ rating: ["review.errors.rating"], comment: ["review.errors.commentRequired"] });
    expect((await run(review.action, await requestAs("manager", reviewPath, form({ review: "differ", rating: "2", comment: "More on child development, please.", shownRating: "3" })), reviewParams)).status).toBe(303);
    expect((await run(review.action, await requestAs("ld", reviewPath, form({ review: "agree" })), reviewParams)).status).toBe(403);

    const person = await personRoute();
    const personPath = `/programmes/naas/people/${alex}?track=practitioner`;
    const params = { personId: String(alex) };
    const view = (await run(person.loader, await requestAs("manager", personPath), params)).data as { view: { score: number; gaps: { number: number; reason: string }[] }; canEndorse: boolean; shownRatings: string };
    expect(view.view.score).toBe(90);
    expect(view.view.gaps).toEqual([expect.objectContaining({ number: 3, reason: "Rated Developing: it needs to reach Secure. They need more practice and evidence, then to rate it again." })]);
    expect(view.canEndorse).toBe(true);

    const notYet = await run(person.action, await requestAs("manager", personPath, form({ intent: "endorse", decision: "not_yet" })), params);
    expect((notYet.data as { reply: Errors }).reply.error).toEqual({ note: ["endorse.errors.noteRequired"] });
    expect((await run(person.action, await requestAs("manager", personPath, form({ intent: "endorse", decision: "endorsed", note: "Ready.", shownRatings: view.shownRatings })), params)).status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: "endorsed", endorsement_note: "Ready." });
    const inboxAfter = ((await run(team.loader, await requestAs("manager", "/team"))).data as { inbox: { personId: number; what: string }[] }).inbox;
    expect(inboxAfter.some((i) => i.personId === alex && i.what.startsWith("NAAS"))).toBe(false);
    const notices = ((await run(me.loader, await requestAs("practitioner", "/me"))).data as { notices: { text: string }[] }).notices;
    expect(notices.map((n) => n.text)).toContain("Your manager has endorsed you for NAAS assessment. You can now book an assessment window.");

    // Booking: a full window is refused, an open one taken; the checklist is on the page.
    const book = await bookRoute();
    const bookPath = "/programmes/naas/book?track=practitioner";
    const windows = (await run(book.loader, await requestAs("practitioner", bookPath))).data as { endorsed: boolean; windows: { id: number; full: boolean }[] };
    expect(windows.endorsed).toBe(true);
    const open = windows.windows.find((w) => !w.full)!;
    const [full] = await naasDb().insertInto("naas_windows").values({ track: "practitioner", knowledge_on: "2099-01-01", knowledge_place: "Room", practice_on: "2099-01-08", practice_place: "Centre", capacity: 1, created_at: new Date().toISOString() }).returning("id").execute();
    const someoneElse = await personOutsideLineOf(await personIdOf("manager"));
    await naasDb().insertInto("naas_candidates").values({ person_id: someoneElse, track: "practitioner", endorsement_requested_at: null, endorsement: "endorsed", endorsement_note: null, endorsed_by: null, endorsed_at: null, window_id: full.id, booked_at: null, outcome: null, outcome_on: null, outcome_by: null, updated_at: new Date().toISOString() }).execute();
    const refused = await run(book.action, await requestAs("practitioner", bookPath, form({ window: String(full.id) })));
    // The last place was taken by someone else: the core's 409, "changed by someone else meanwhile".
    expect(refused.status).toBe(409);
    expect((refused.data as Errors).error).toEqual({ window: ["book.errors.full"] });
    // The refusal carries the chosen window back (the page ticks it only while it is still offered, and a
    // full one no longer is), and books nothing.
    expect((refused.data as { initialValue: unknown }).initialValue).toEqual({ window: String(full.id) });
    expect((await candidate(alex, "practitioner"))!.window_id).toBeNull();
    const offered = (await run(book.loader, await requestAs("practitioner", bookPath))).data as { windows: { id: number; full: boolean }[] };
    expect(offered.windows.find((w) => w.id === full.id)).toMatchObject({ full: true });
    expect((await run(book.action, await requestAs("practitioner", bookPath, form({ window: String(open.id) })))).status).toBe(303);
    expect((await candidate(alex, "practitioner"))!.window_id).toBe(open.id);

    // The assessment's days pass; L&D record the outcome, the manager cannot.
    await naasDb().updateTable("naas_windows").set({ knowledge_on: "2026-11-13", practice_on: "2026-11-20" }).where("id", "=", open.id).execute();
    const outcome = form({ intent: "outcome", outcome: "accredited", outcomeOn: "2026-11-20" });
    expect((await run(person.action, await requestAs("manager", personPath, outcome), params)).status).toBe(403);
    const badDate = await run(person.action, await requestAs("ld", personPath, form({ intent: "outcome", outcome: "accredited", outcomeOn: "2099-01-01" })), params);
    expect((badDate.data as { reply: Errors }).reply.error).toEqual({ outcomeOn: ["outcome.errors.future"] });
    expect((await run(person.action, await requestAs("ld", personPath, form({ intent: "outcome", outcome: "accredited", outcomeOn: "2026-11-20" })), params)).status).toBe(303);
    const cpd = await db().selectFrom("cpd_entries").selectAll().where("person_id", "=", alex).where("source", "=", "naas").executeTakeFirstOrThrow();
    expect(cpd).toMatchObject({ title: "NAAS accreditation: Child and family practitioner", title_cy: expect.stringContaining("NAAS"), occurred_on: "2026-11-20" });
    expect(cpd.title_cy).not.toBe(cpd.title);
    // An entry written in one language before titles came in both is reworded when the outcome is recorded again.
    await db().updateTable("cpd_entries").set({ title: "Achrediad NAAS", title_cy: null }).where("id", "=", cpd.id).execute();
    expect((await run(person.action, await requestAs("ld", personPath, form({ intent: "outcome", outcome: "accredited", outcomeOn: "2026-11-20" })), params)).status).toBe(303);
    expect(await db().selectFrom("cpd_entries").select(["title", "title_cy"]).where("id", "=", cpd.id).executeTakeFirstOrThrow()).toEqual({ title: cpd.title, title_cy: cpd.title_cy });

    // Readiness on /me now says so; every step is in the audit trail.
    const mine = ((await run(me.loader, await requestAs("practitioner", "/me"))).data as { readiness: { requirementId: string; status: string; reason: string }[] }).readiness;
    expect(mine.find((r) => r.requirementId === "accreditation-practitioner")).toMatchObject({ status: "met", reason: "Accredited on 20 November 2026." });
    const actions = (await db().selectFrom("audit_events").select("action").where("person_id", "=", alex).where("action", "like", "naas.%").execute()).map((a) => a.action);
    for (const expected of ["naas.endorsement.requested", "naas.rating.reviewed", "naas.endorsement.endorsed", "naas.booked", "naas.outcome.accredited"]) expect(actions).toContain(expected);
  });
});

describe("scope", () => {
  it("keeps a manager to their own line, and sends a person to their own page", async () => {
    const person = await personRoute();
    const other = await personOutsideLineOf(await personIdOf("manager"));
    expect((await run(person.loader, await requestAs("manager", `/programmes/naas/people/${other}`), { personId: String(other) })).status).toBe(404);
    expect((await run(person.action, await requestAs("manager", `/programmes/naas/people/${other}`, form({ intent: "endorse", decision: "endorsed" })), { personId: String(other) })).status).toBe(404);
    const manager = await personIdOf("manager");
    const self = await run(person.loader, await requestAs("manager", `/programmes/naas/people/${manager}`), { personId: String(manager) });
    expect(self.status).toBe(302);
    expect(self.headers.get("Location")).toBe("/programmes/naas");
  });
});

describe("guards on the journey", () => {
  it("refuses an offer posted against a statement it was not made for", async () => {
    const { action } = await statementRoute();
    const alex = await personIdOf("practitioner");
    const [first] = await statementIds("kss-practitioner");
    await offerEvidence({ personId: alex, source: "leadership", sourceRef: "course:elsewhere", statementRefs: ["kss-practitioner:8"], title: "For statement 8", occurredOn: "2026-10-01" });
    const offer = await db().selectFrom("evidence_offers").select("id").where("source_ref", "=", "course:elsewhere").executeTakeFirstOrThrow();
    const refused = await run(action, await requestAs("practitioner", `/programmes/naas/statements/${first}`, form({ intent: "offer", offer: String(offer.id), decision: "accepted" })), { statementId: String(first) });
    expect(refused.status).toBe(400);
    expect(await naasDb().selectFrom("naas_evidence").select("id").where("offer_id", "=", offer.id).execute()).toEqual([]);
  });

  it("does not let a manager change an endorsement once an assessment is booked, giving back their note with why", async () => {
    const person = await personRoute();
    const alex = await personIdOf("practitioner");
    const before = await candidate(alex, "practitioner");
    expect(before?.window_id).not.toBeNull();
    const path = `/programmes/naas/people/${alex}?track=practitioner`;
    const params = { personId: String(alex) };
    const note = "Changed my mind: more evidence of direct work first.";
    const refused = await run(person.action, await requestAs("manager", path, form({ intent: "endorse", decision: "not_yet", note })), params);
    expect(refused.status).toBe(409);
    expect((refused.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ "": ["endorse.errors.booked"] });
    expect(await candidate(alex, "practitioner")).toEqual(before);

    // A fresh page no longer offers the decision; the page answering the refused one still shows the note
    // as typed, with the reason in the error summary, in either language.
    const shown = (await run(person.loader, await requestAs("manager", path), params)).data as { canEndorse: boolean };
    expect(shown.canEndorse).toBe(false);
    for (const locale of ["en-GB", "cy"] as const) {
      const html = await renderedAfterPost(person.default, shown, refused.data, locale);
      const endorseForm = postForms(html, `http://localhost${path}`).find((f) => f.fields.some(([name, value]) => name === "intent" && value === "endorse"));
      expect(endorseForm?.fields).toEqual(expect.arrayContaining([["decision", "not_yet"], ["note", note]]));
      expect(decodeHtml(html)).toContain(fixedT(locale, "naas")("endorse.errors.booked"));
    }
    const fresh = await renderedAfterPost(person.default, shown, null);
    expect(postForms(fresh, `http://localhost${path}`).some((f) => f.fields.some(([name, value]) => name === "intent" && value === "endorse"))).toBe(false);
  });
});
